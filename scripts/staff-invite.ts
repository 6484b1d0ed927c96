// `npm run staff:invite -- --email a@b.go.tz --name "Asha Mussa" --role admin|publisher|editor [--institution slug]`
// Makes a staff account and prints its one-time link. For PostgreSQL deployments (and for the
// embedded database while the portal is stopped: it admits one process at a time). Run by tsx
// with the react-server condition, as Next runs the server code it imports (whose "server-only"
// guard is then an empty module).
import { parseArgs } from "node:util";
import { openDatabase } from "@/db/client";
import { configuredTarget } from "@/db/index";
import { findInstitutionBySlug } from "@/lib/catalogue/load";
import { env } from "@/lib/env";
import { migrateDatabase } from "@/lib/carry-over";
import { stopJobQueue } from "@/lib/jobs/queue";
import { inviteStaff, type StaffRole } from "@/lib/staff/accounts";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, institution: { type: "string" } },
});
const role = values.role as StaffRole;
if (!values.email || !values.name || !["admin", "publisher", "editor"].includes(role) || (role !== "admin" && !values.institution)) {
  console.error('Usage: npm run staff:invite -- --email a@b.go.tz --name "Name" --role admin|publisher|editor [--institution slug]');
  process.exit(2);
}
const handle = await openDatabase(configuredTarget());
try {
  await migrateDatabase(handle);
  let institutionId: string | null = null;
  if (role !== "admin") {
    const found = await findInstitutionBySlug(handle.db, values.institution!);
    if (!found) throw new Error(`No institution with the slug "${values.institution}".`);
    institutionId = found.id;
  }
  const result = await inviteStaff(handle.db, null, { email: values.email, name: values.name, role, institutionId });
  if (!result.ok) throw new Error("There is already an account with this e-mail address.");
  console.log(`Account made. Its one-time link (works once, for 7 days):\n${env().PORTAL_URL}/sw/staff/invitation/${result.token}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await stopJobQueue(handle);
  await handle.close();
}
