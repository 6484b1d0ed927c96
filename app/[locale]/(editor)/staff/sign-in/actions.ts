"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { clientAddress } from "@/lib/identity/request";
import { getT } from "@/lib/i18n/server";
import { can, currentStaffActor } from "@/lib/security/permissions";
import { checkStaffCode, checkStaffPassword, endStaffSession } from "@/lib/staff/accounts";
import { currentStaff, staffSignIn, staffSignOut } from "@/lib/staff/auth";
import { STEP_COOKIE, dropCookie, keepCookie, localeOf, readCookie, safeStaffReturn, text } from "@/lib/staff/pages";

export type StaffSignInState = { problem: string | null; email: string };

/** Step one: e-mail and password. The e-mail is kept on every error; the password never is. */
export async function staffPasswordAction(_previous: StaffSignInState, form: FormData): Promise<StaffSignInState> {
  const locale = localeOf(form);
  const t = getT(locale, "staff");
  const email = text(form.get("email")).trim().slice(0, 200);
  const password = text(form.get("password"));
  const returnTo = safeStaffReturn(locale, form.get("return"));
  if (can.useEditorialArea(await currentStaffActor())) redirect(returnTo);
  if (!email || !password) return { problem: t("signIn.problems.missing"), email };
  const result = await checkStaffPassword(await getDb(), { email, password: password.slice(0, 500), address: await clientAddress() });
  if (!result.ok) return { problem: t(`signIn.problems.${result.problem}`), email };
  await keepCookie(STEP_COOKIE, result.stepToken, 5 * 60);
  redirect(`/${locale}/staff/sign-in/code?return=${encodeURIComponent(returnTo)}`);
}

/** Step two: the authenticator's code; then the session. */
export async function staffCodeAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const returnTo = safeStaffReturn(locale, form.get("return"));
  if (can.useEditorialArea(await currentStaffActor())) redirect(returnTo);
  const code = text(form.get("code")).replace(/\s/g, "").slice(0, 10);
  const back = (problem: string) => `/${locale}/staff/sign-in/code?problem=${problem}&return=${encodeURIComponent(returnTo)}`;
  if (!/^\d{6}$/.test(code)) redirect(back("codeFormat"));
  const result = await checkStaffCode(await getDb(), await readCookie(STEP_COOKIE), code);
  if (!result.ok) {
    if (result.problem === "stepGone") redirect(`/${locale}/staff/sign-in?problem=stepGone&return=${encodeURIComponent(returnTo)}`);
    redirect(back(result.problem));
  }
  await dropCookie(STEP_COOKIE);
  await staffSignIn("staff-proof", { proof: result.proof, redirectTo: returnTo });
}

export async function staffSignOutAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const member = await currentStaff();
  if (!member) redirect(`/${locale}/staff/sign-in`);
  await endStaffSession(await getDb(), member.id, member.sessionId);
  await staffSignOut({ redirectTo: `/${locale}/staff/sign-in?problem=signedOut` });
}
