"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { citizenAction, type Context, type Request } from "@/lib/actions/client";
import { signIn } from "@/lib/identity/auth";
import { parseNin } from "@/lib/identity/nin";
import { pausedSentence } from "@/lib/identity/pages";
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

/** The sign-in under way (its token is in a cookie), or the first page again when it is gone. */
async function attemptOrRestart(context: Context<Actor>): Promise<Attempt | string> {
  return (await findAttempt(context.db, await signInToken())) ?? stepUrl(context.locale, "", returnOf(context), { problem: "sessionGone" });
}

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
      if (result.problem === "locked") return fail({ fieldErrors: { nin: pausedSentence(t, locale, result.until) }, message: null, problem: "locked" });
      return { ...result, field: "nin" };
    }
    await keepSignInToken(result.token);
    redirect(stepUrl(locale, "verify", returnOf(context)));
  },
});

/** Step 2a: send a code to the phone NIDA has. */
export const sendSmsCode = citizenAction.redirecting({
  name: "sendSmsCode",
  permission: can.signIn,
  refused: returnOf,
  schema: z.object({}),
  back: stepPage("verify"),
  run: async (_input, context) => {
    const attempt = await attemptOrRestart(context);
    if (typeof attempt === "string") return attempt;
    const result = await sendCode(context.db, attempt, context.locale);
    if (!result.ok) return stepUrl(context.locale, result.problem === "locked" ? "" : "verify", returnOf(context), { problem: result.problem });
    return stepUrl(context.locale, "code", returnOf(context));
  },
});

/** Step 3a: the code typed back. */
export const verifySmsCode = citizenAction.redirecting({
  name: "verifySmsCode",
  permission: can.signIn,
  refused: returnOf,
  schema: z.object({ code: z.string({ error: "codeFormat" }).overwrite((typed) => typed.replace(/\s/g, "")).regex(/^\d{6}$/, { error: "codeFormat" }) }),
  back: stepPage("code"),
  run: async ({ code }, context) => {
    const attempt = await attemptOrRestart(context);
    if (typeof attempt === "string") return attempt;
    const result = await verifyNidaCode(context.db, attempt, code, await clientAddress());
    if (!result.ok) {
      const step = result.problem === "wrongCode" || result.problem === "unavailable" ? "code" : "";
      return stepUrl(context.locale, step, returnOf(context), { problem: result.problem });
    }
    return finishWith(result.proof, returnOf(context));
  },
});

/** Step 2b: start NIDA's security questions. */
export const startQuestions = citizenAction.redirecting({
  name: "startQuestions",
  permission: can.signIn,
  refused: returnOf,
  schema: z.object({}),
  back: stepPage("verify"),
  run: async (_input, context) => {
    const attempt = await attemptOrRestart(context);
    if (typeof attempt === "string") return attempt;
    const result = await nidaQuestionStep(context.db, attempt, await clientAddress());
    if (!result.ok) {
      const step = result.problem === "unavailable" || result.problem === "questionsEnded" ? "verify" : "";
      return stepUrl(context.locale, step, returnOf(context), { problem: result.problem });
    }
    if (result.kind === "verified") return finishWith(result.proof, returnOf(context));
    return stepUrl(context.locale, "questions", returnOf(context));
  },
});

/** Step 3b: an answer to the question asked. */
export const answerQuestion = citizenAction.redirecting({
  name: "answerQuestion",
  permission: can.signIn,
  refused: returnOf,
  schema: z.object({ answer: z.string({ error: "answerEmpty" }).trim().min(1, { error: "answerEmpty" }).transform((answer) => answer.slice(0, 200)) }),
  back: stepPage("questions"),
  run: async ({ answer }, context) => {
    const attempt = await attemptOrRestart(context);
    if (typeof attempt === "string") return attempt;
    const result = await nidaQuestionStep(context.db, attempt, await clientAddress(), answer);
    if (!result.ok) {
      // NIDA ended its questions: the page of choices, with a code by SMS or new questions.
      const step = result.problem === "unavailable" ? "questions" : result.problem === "questionsEnded" ? "verify" : "";
      return stepUrl(context.locale, step, returnOf(context), { problem: result.problem });
    }
    if (result.kind === "verified") return finishWith(result.proof, returnOf(context));
    return stepUrl(context.locale, "questions", returnOf(context), result.previous ? { previous: result.previous } : {});
  },
});
