"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { institutions } from "@/db/schema";
import { env } from "@/lib/env";
import { getT } from "@/lib/i18n/server";
import { can, currentStaffActor } from "@/lib/security/permissions";
import { inviteStaff, resetStaff, setStaffDisabled } from "@/lib/staff/accounts";
import { localeOf, text } from "@/lib/staff/pages";
import { eq } from "drizzle-orm";

export type InviteState = { errors: Partial<Record<"email" | "name" | "role" | "institution", string>>; values: { email: string; name: string; role: string; institution: string }; link: string | null; message: string | null };
export type ResetState = { link: string | null; problem: string | null };

const invitation = z.object({
  email: z.email().max(200),
  name: z.string().trim().min(2).max(200),
  role: z.enum(["admin", "publisher", "editor"]),
  institution: z.string().max(100),
});

function linkFor(locale: string, token: string) {
  return `${env().PORTAL_URL}/${locale}/staff/invitation/${token}`;
}

/** An administrator invites someone: the account and its one-time link, shown once to pass on. */
export async function inviteAction(_previous: InviteState, form: FormData): Promise<InviteState> {
  const locale = localeOf(form);
  const t = getT(locale, "staff");
  const values = { email: text(form.get("email")).trim().slice(0, 200), name: text(form.get("name")).slice(0, 200), role: text(form.get("role")), institution: text(form.get("institution")).slice(0, 100) };
  const state = (errors: InviteState["errors"], message: string | null = null): InviteState => ({ errors, values, link: null, message });
  const actor = await currentStaffActor();
  if (!can.manageStaff(actor) || actor.kind !== "staff") return state({}, t("problems.forbidden"));
  const parsed = invitation.safeParse(values);
  const errors: InviteState["errors"] = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as "email"] ??= t(`people.problems.${issue.path[0] as "email"}`);
  const db = await getDb();
  let institutionId: string | null = null;
  if (values.role !== "admin") {
    const [found] = values.institution ? await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.slug, values.institution)) : [];
    if (!found) errors.institution = t("people.problems.institution");
    else institutionId = found.id;
  }
  if (Object.keys(errors).length || !parsed.success) return state(errors);
  const result = await inviteStaff(db, actor.staffId, { email: parsed.data.email, name: parsed.data.name, role: parsed.data.role, institutionId });
  if (!result.ok) return state({ email: t("people.problems.emailTaken") });
  return { errors: {}, values: { email: "", name: "", role: values.role, institution: values.institution }, link: linkFor(locale, result.token), message: t("people.invited", { name: parsed.data.name }) };
}

/** Clears an account's password and authenticator, ends its sessions and makes a new link. */
export async function resetAction(_previous: ResetState, form: FormData): Promise<ResetState> {
  const locale = localeOf(form);
  const t = getT(locale, "staff");
  const actor = await currentStaffActor();
  if (!can.manageStaff(actor) || actor.kind !== "staff") return { link: null, problem: t("problems.forbidden") };
  const token = await resetStaff(await getDb(), actor.staffId, text(form.get("staffId")).slice(0, 40));
  return token ? { link: linkFor(locale, token), problem: null } : { link: null, problem: t("problems.notFound") };
}

export async function disableAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const actor = await currentStaffActor();
  if (!can.manageStaff(actor) || actor.kind !== "staff") redirect(`/${locale}/staff?problem=forbidden`);
  const staffId = text(form.get("staffId")).slice(0, 40);
  // An administrator cannot lock themselves out.
  if (staffId === actor.staffId) redirect(`/${locale}/staff/admin/people?problem=self`);
  const disable = text(form.get("disable")) === "yes";
  await setStaffDisabled(await getDb(), actor.staffId, staffId, disable);
  redirect(`/${locale}/staff/admin/people?done=${disable ? "disabled" : "enabled"}`);
}
