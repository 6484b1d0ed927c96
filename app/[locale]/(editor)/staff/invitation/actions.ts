"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { choosePassword, confirmAuthenticator } from "@/lib/staff/accounts";
import { INVITATION_COOKIE, dropCookie, localeOf, readCookie, text } from "@/lib/staff/pages";

// Setting up an account is open to whoever holds a valid one-time link: the link is the permission.

/** Step one: the password, twice. */
export async function choosePasswordAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const result = await choosePassword(await getDb(), (await readCookie(INVITATION_COOKIE)) ?? "", text(form.get("password")).slice(0, 500), text(form.get("repeat")).slice(0, 500));
  redirect(`/${locale}/staff/invitation${result.ok ? "" : `?problem=${result.problem}`}`);
}

/** Step two: a code from the authenticator app; then the account is ready and the link is spent. */
export async function confirmAuthenticatorAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const code = text(form.get("code")).replace(/\s/g, "").slice(0, 10);
  if (!/^\d{6}$/.test(code)) redirect(`/${locale}/staff/invitation?problem=codeFormat`);
  const result = await confirmAuthenticator(await getDb(), (await readCookie(INVITATION_COOKIE)) ?? "", code);
  if (!result.ok) redirect(`/${locale}/staff/invitation?problem=${result.problem}`);
  await dropCookie(INVITATION_COOKIE);
  redirect(`/${locale}/staff/sign-in?problem=enrolled`);
}
