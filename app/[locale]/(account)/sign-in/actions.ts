"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { citizenAction, type Context, type Request } from "@/lib/actions/client";
import { signIn } from "@/lib/identity/auth";
import { parseNin } from "@/lib/identity/nin";
import { pausedSentence, rateLimitedSentence } from "@/lib/identity/pages";
import { clientAddress, dropSignInToken, keepSignInToken, safeReturn, signInToken } from "@/lib/identity/request";
import { findAttempt, sendCode, type Attempt } from "@/lib/identity/sign-in";
import { beginNidaSignIn, nidaQuestionStep, verifyNidaCode } from "@/lib/identity/steps";
import type { Locale } from "@/lib/i18n/config";
import { can, type Actor } from "@/lib/security/permissions";

// Signing in is for those not signed in (can.signIn); anyone else goes on to where they were going.

type Step = "" | "verify" | "code" | "questions";

function stepUrl(locale: Locale, step: Step, returnTo: string, extra: Record<string, string> = {}) {
  const query = new URLSearchParams({ return: returnTo, ...extra });
  return `/${locale}/sign-in${step ? `/${step}` : ""}?${query}`;
}

const returnOf = (request: Request) => safeReturn(request.locale, request.form.get("return"));
/** A step's own page, where the step's problems are shown. */
const stepPage = (step: Step) => (request: Request) => stepUrl(request.locale, step, returnOf(request));

async function finishWith(proof: string, returnTo: string) {
  await dropSignInToken();
  // Throws the redirect to where the citizen was going.
  return signIn("nin-proof", { proof, redirectTo: returnTo });
}

/** Step 1: the NIN. Errors come back beside the field with the NIN kept; never in the URL. */
export const startSignIn = citizenAction.withState({
  name: "startSignIn",
  namespace: "auth",
  problemsAt: ["problems"],
  permission: can.signIn,
  refused: returnOf,
  schema: z.object({
    nin: z.string({ error: "empty" }).transform((typed, context) => {
      const parsed = parseNin(typed.slice(0, 64));
      if (parsed.ok) return parsed.nin;
      context.issues.push({ code: "custom", input: typed, message: parsed.problem });
      return z.NEVER;
    }),
  }),
  keep: ["nin"],
  run: async ({ nin }, context) => {
    const { db, locale, t, fail } = context;
    const result = await beginNidaSignIn(db, { nin, address: await clientAddress(), locale });
    if (!result.ok) {
      // Paused: until when, and the form shows what else the citizen can do meanwhile.
      if (result.problem === "locked")
        return fail({ fieldErrors: { nin: pausedSentence(t, locale, result.until, result.scope) }, message: null, problem: "locked" });
      // Too many sign-ins from here: until when, from the limit's window.
      if (result.problem === "rateLimited")
        return fail({ fieldErrors: { nin: rateLimitedSentence(t, locale, result.until) }, message: null, problem: "rateLimited" });
      return { ...result, field: "nin" };
    }
    await keepSignInToken(result.token);
    redirect(stepUrl(locale, "verify", returnOf(context)));
  },
});

/**
 * A step of the sign-in under way (its token is in a cookie): the step's work, or the first page
 * again when the sign-in has run out. It answers with the page to go to; `to` makes its address.
 */
function signInStep<S extends z.ZodType>(
  name: string,
  step: Step,
  schema: S,
  work: (
    input: z.output<S>,
    attempt: Attempt,
    context: Context<Actor> & { to: (step: Step, extra?: Record<string, string>) => string },
  ) => Promise<string>,
) {
  return citizenAction.redirecting({
    name,
    permission: can.signIn,
    refused: returnOf,
    schema,
    back: stepPage(step),
    run: async (input, context) => {
      const to = (next: Step, extra: Record<string, string> = {}) => stepUrl(context.locale, next, returnOf(context), extra);
      const attempt = await findAttempt(context.db, await signInToken());
      return attempt ? work(input, attempt, { ...context, to }) : to("", { problem: "sessionGone" });
    },
  });
}

/** Step 2a: send a code to the phone NIDA has. */
export const sendSmsCode = signInStep("sendSmsCode", "verify", z.object({}), async (_input, attempt, { db, locale, to }) => {
  const result = await sendCode(db, attempt, locale, await clientAddress());
  if (!result.ok) return to(result.problem === "locked" ? "" : "verify", { problem: result.problem });
  return to("code");
});

/** Step 3a: the code typed back. */
export const verifySmsCode = signInStep(
  "verifySmsCode",
  "code",
  z.object({
    code: z
      .string({ error: "codeFormat" })
      .overwrite((typed) => typed.replace(/\s/g, ""))
      .regex(/^\d{6}$/, { error: "codeFormat" }),
  }),
  async ({ code }, attempt, context) => {
    const result = await verifyNidaCode(context.db, attempt, code, await clientAddress());
    if (!result.ok)
      return context.to(result.problem === "wrongCode" || result.problem === "unavailable" ? "code" : "", { problem: result.problem });
    return finishWith(result.proof, returnOf(context));
  },
);

/** Step 2b: start NIDA's security questions. */
export const startQuestions = signInStep("startQuestions", "verify", z.object({}), async (_input, attempt, context) => {
  const result = await nidaQuestionStep(context.db, attempt, await clientAddress());
  if (!result.ok)
    return context.to(result.problem === "unavailable" || result.problem === "questionsEnded" ? "verify" : "", { problem: result.problem });
  if (result.kind === "verified") return finishWith(result.proof, returnOf(context));
  return context.to("questions");
});

/** Step 3b: an answer to the question asked. */
export const answerQuestion = signInStep(
  "answerQuestion",
  "questions",
  z.object({
    answer: z
      .string({ error: "answerEmpty" })
      .trim()
      .min(1, { error: "answerEmpty" })
      .transform((answer) => answer.slice(0, 200)),
  }),
  async ({ answer }, attempt, context) => {
    const result = await nidaQuestionStep(context.db, attempt, await clientAddress(), answer);
    if (!result.ok) {
      // NIDA ended its questions: the page of choices, with a code by SMS or new questions.
      const step = result.problem === "unavailable" ? "questions" : result.problem === "questionsEnded" ? "verify" : "";
      return context.to(step, { problem: result.problem });
    }
    if (result.kind === "verified") return finishWith(result.proof, returnOf(context));
    return context.to("questions", result.previous ? { previous: result.previous } : {});
  },
);
