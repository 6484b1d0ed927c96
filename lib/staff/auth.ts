import "server-only";
import NextAuth from "next-auth";
import { safeAuthHandler } from "@/lib/security/auth-requests";
import { redirect } from "next/navigation";
import type { Locale } from "@/lib/i18n/config";
import { can, type Actor, type StaffActor } from "@/lib/security/permissions";
import type { StaffRole } from "./accounts";
import { staffAuthConfig } from "./auth-config";
import { safeStaffReturn } from "./pages";
import { markPersonal } from "@/lib/http/request-context.mjs";

/**
 * Staff sessions: a next-auth instance of their own, with its own cookie, provider and idle
 * timeout, so that a citizen's session and an editor's never mix (an editor is also a citizen).
 * The provider accepts only the single-use proof made by a right password and authenticator code.
 * The token carries the role claims; they are read again from the account on every request, so
 * a changed role, a reset or a disabled account counts at once.
 */

const staff = NextAuth(staffAuthConfig);
export const { auth: staffAuth, signIn: staffSignIn, signOut: staffSignOut } = staff;
/** next-auth's routes, never shown a callbackUrl it cannot read (lib/security/auth-requests.ts: a 500 otherwise). */
export const staffHandlers = { GET: safeAuthHandler(staff.handlers.GET), POST: safeAuthHandler(staff.handlers.POST) };

export type StaffIdentity = { id: string; name: string; role: StaffRole; institutionId: string | null; sessionId: string };

/** The signed-in staff member, or null. */
export async function currentStaff(): Promise<StaffIdentity | null> {
  const session = (await staffAuth()) as { staff?: StaffIdentity } | null;
  const member = session?.staff;
  if (!member?.id || !member.role) return null;
  // A page rendered for staff is never kept for others (lib/http/page-cache.mjs).
  markPersonal();
  return member;
}

/** Who is calling the editorial area: a signed-in staff member, or anonymous. */
export async function currentStaffActor(): Promise<Actor> {
  const member = await currentStaff();
  return member ? { kind: "staff", staffId: member.id, role: member.role, institutionId: member.institutionId } : { kind: "anonymous" };
}

/** A staff page's first line: the signed-in staff member, or off to the sign-in page and back. */
export async function requireStaff(locale: Locale, here: string): Promise<StaffActor> {
  const actor = await currentStaffActor();
  if (!can.useEditorialArea(actor) || actor.kind !== "staff") {
    redirect(`/${locale}/staff/sign-in?return=${encodeURIComponent(safeStaffReturn(locale, here))}`);
  }
  return actor;
}
