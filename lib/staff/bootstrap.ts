import "server-only";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { staff, staffInvitations } from "@/db/schema";
import { inviteStaff, resetStaff } from "./accounts";

/**
 * The first administrator. Until one has set up their account, each start makes sure a one-time
 * link exists for them and writes it to a file in the keys folder, readable by the operator only
 * (the embedded database admits one process, so a separate command could not make it then).
 * Once an administrator is set up, the file is removed. "written": the link is in this instance's
 * keys folder; "pending": in another's (made there, still unused and unexpired).
 */
export const FIRST_ADMIN_FILE = "first-admin-invitation.txt";

export async function ensureFirstAdministrator(
  db: Database,
  options: { email: string; portalUrl: string; keysDir: string },
): Promise<"ready" | "written" | "pending"> {
  const file = path.join(options.keysDir, FIRST_ADMIN_FILE);
  const [enrolled] = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.role, "admin"), isNull(staff.disabledAt), isNotNull(staff.passwordHash), isNotNull(staff.totpSecret)))
    .limit(1);
  if (enrolled) {
    if (existsSync(file)) rmSync(file);
    return "ready";
  }
  const [admin] = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.role, "admin"), isNull(staff.disabledAt)))
    .limit(1);
  // A link made before and not used yet stays the one: its file may be on another instance's
  // machine (several start with one database), and a new link would kill that one.
  if (admin) {
    const [live] = await db
      .select({ hash: staffInvitations.tokenHash })
      .from(staffInvitations)
      .where(and(eq(staffInvitations.staffId, admin.id), isNull(staffInvitations.usedAt), gt(staffInvitations.expiresAt, sql`now()`)))
      .limit(1);
    if (live) return existsSync(file) ? "written" : "pending";
  }
  let token: string | null;
  if (admin) token = await resetStaff(db, null, admin.id);
  else {
    const invited = await inviteStaff(db, null, { email: options.email, name: "Administrator", role: "admin", institutionId: null });
    token = invited.ok ? invited.token : null;
  }
  if (!token) return "pending";
  mkdirSync(options.keysDir, { recursive: true });
  const link = `${options.portalUrl}/sw/staff/invitation/${token}`;
  writeFileSync(
    file,
    `Dirisha: the first administrator's one-time link (works once, for 7 days).\nOpen it in a browser to choose a password and connect an authenticator app.\n\n${link}\n`,
    { mode: 0o600 },
  );
  return "written";
}
