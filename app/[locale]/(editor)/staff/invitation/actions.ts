"use server";

import { z } from "zod";
import { staffAction, type Request } from "@/lib/actions/client";
import { can } from "@/lib/security/permissions";
import * as accounts from "@/lib/staff/accounts";
import { INVITATION_COOKIE, dropCookie, readCookie } from "@/lib/staff/pages";
import { authenticatorCode } from "@/lib/staff/schema";

const invitationPage = ({ locale }: Request) => `/${locale}/staff/invitation`;
/** A password as typed, cut to what may be checked (the account's rules say the rest). */
const password = z
  .string()
  .default("")
  .transform((typed) => typed.slice(0, 500));

/** Step one: the password, twice. */
export const choosePassword = staffAction.redirecting({
  name: "choosePassword",
  permission: can.setUpStaffAccount,
  schema: z.object({ password, repeat: password }),
  back: invitationPage,
  run: async (input, context) => {
    const result = await accounts.choosePassword(context.db, (await readCookie(INVITATION_COOKIE)) ?? "", input.password, input.repeat);
    return result.ok ? invitationPage(context) : result;
  },
});

/** Step two: a code from the authenticator app; then the account is ready and the link is spent. */
export const confirmAuthenticator = staffAction.redirecting({
  name: "confirmAuthenticator",
  permission: can.setUpStaffAccount,
  schema: z.object({ code: authenticatorCode }),
  back: invitationPage,
  run: async ({ code }, context) => {
    const result = await accounts.confirmAuthenticator(context.db, (await readCookie(INVITATION_COOKIE)) ?? "", code);
    if (!result.ok) return result;
    await dropCookie(INVITATION_COOKIE);
    return `/${context.locale}/staff/sign-in?problem=enrolled`;
  },
});
