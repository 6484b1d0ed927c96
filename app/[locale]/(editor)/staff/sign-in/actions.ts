"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { address, staffAction, type Request } from "@/lib/actions/client";
import { clientAddress } from "@/lib/identity/request";
import { can } from "@/lib/security/permissions";
import { checkStaffCode, checkStaffPassword, endStaffSession } from "@/lib/staff/accounts";
import { currentStaff, staffSignIn, staffSignOut } from "@/lib/staff/auth";
import { STEP_COOKIE, dropCookie, keepCookie, readCookie, safeStaffReturn, staffWaitSentence } from "@/lib/staff/pages";
import { authenticatorCode } from "@/lib/staff/schema";

// Signing in is for those not signed in (can.signIn); a signed-in member goes on to where they were going.

const returnOf = (request: Request) => safeStaffReturn(request.locale, request.form.get("return"));
const codePage = (request: Request) => address(`/${request.locale}/staff/sign-in/code`, { return: returnOf(request) });

/** Step one: e-mail and password. The e-mail is kept on every error; the password never is. */
export const signInWithPassword = staffAction.withState({
  name: "signInWithPassword",
  namespace: "staff",
  problemsAt: ["signIn.problems", "problems"],
  permission: can.signIn,
  refused: returnOf,
  schema: z
    .object({
      email: z
        .string()
        .default("")
        .transform((email) => email.trim().slice(0, 200)),
      password: z.string().default(""),
    })
    // Said once, beside the password, whichever of the two is missing.
    .refine(({ email, password }) => email !== "" && password !== "", { path: ["password"], error: "missing" }),
  keep: ["email"],
  run: async ({ email, password }, context) => {
    const result = await checkStaffPassword(context.db, { email, password: password.slice(0, 500), address: await clientAddress() });
    // Paused, or too many tries from here: until when, from the rule itself.
    if (!result.ok && (result.problem === "locked" || result.problem === "tooMany"))
      return context.fail({
        fieldErrors: { password: staffWaitSentence(context.t, context.locale, result) },
        message: null,
        problem: result.problem,
      });
    if (!result.ok) return { ...result, field: "password" };
    await keepCookie(STEP_COOKIE, result.stepToken, 5 * 60);
    redirect(codePage(context));
  },
});

/** Step two: the authenticator's code; then the session. */
export const signInWithCode = staffAction.redirecting({
  name: "signInWithCode",
  permission: can.signIn,
  refused: returnOf,
  schema: z.object({ code: authenticatorCode }),
  back: codePage,
  run: async ({ code }, context) => {
    const result = await checkStaffCode(context.db, await readCookie(STEP_COOKIE), code, await clientAddress());
    if (!result.ok) {
      // The password step has run out, or the account is paused (the sign-in page says until
      // when, from the step's cookie): it starts again.
      if (result.problem === "stepGone" || result.problem === "locked")
        return address(`/${context.locale}/staff/sign-in`, { problem: result.problem, return: returnOf(context) });
      return { ok: false, problem: result.problem };
    }
    await dropCookie(STEP_COOKIE);
    return staffSignIn("staff-proof", { proof: result.proof, redirectTo: returnOf(context) });
  },
});

/** Ends the member's session, here and everywhere (the session is ended in the database too). */
export const signOutStaff = staffAction.redirecting({
  name: "signOutStaff",
  permission: can.useEditorialArea,
  refused: ({ locale }) => `/${locale}/staff/sign-in`,
  schema: z.object({}),
  back: ({ locale }) => `/${locale}/staff`,
  run: async (_input, { db, locale }) => {
    const member = await currentStaff();
    if (member) await endStaffSession(db, member.id, member.sessionId);
    return staffSignOut({ redirectTo: `/${locale}/staff/sign-in?problem=signedOut` });
  },
});
