"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { signIn } from "@/lib/identity/auth";
import { parseNin } from "@/lib/identity/nin";
import { pausedSentence } from "@/lib/identity/pages";
import { clientAddress, dropSignInToken, keepSignInToken, safeReturn, signInToken } from "@/lib/identity/request";
import { beginSignIn, findAttempt, questionStep, sendCode, verifyCode, type SignInProblem } from "@/lib/identity/sign-in";
import { configuredNida } from "@/lib/integrations/nida/config";
import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { can, currentActor } from "@/lib/security/permissions";

/** `locked`: the NIN is paused; the page then shows what else the citizen can do. */
export type NinFormState = { error: string | null; values: { nin: string }; locked?: boolean };

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

function context(form: FormData): { locale: Locale; returnTo: string } {
  const locale = isLocale(form.get("locale")) ? (form.get("locale") as Locale) : defaultLocale;
  return { locale, returnTo: safeReturn(locale, form.get("return")) };
}

function stepUrl(locale: Locale, step: "" | "verify" | "code" | "questions", returnTo: string, extra: Record<string, string> = {}) {
  const query = new URLSearchParams({ return: returnTo, ...extra });
  return `/${locale}/sign-in${step ? `/${step}` : ""}?${query}`;
}

/** Step 1: the NIN. Errors come back beside the field with the NIN kept; never in the URL. */
export async function startSignIn(_previous: NinFormState, form: FormData): Promise<NinFormState> {
  const { locale, returnTo } = context(form);
  const t = getT(locale, "auth");
  const typed = text(form.get("nin")).slice(0, 64);
  const fail = (problem: string): NinFormState => ({ error: t(`problems.${problem as SignInProblem}`), values: { nin: typed } });

  if (!can.signIn(await currentActor())) redirect(returnTo);
  const parsed = parseNin(typed);
  if (!parsed.ok) return fail(parsed.problem);
  const result = await beginSignIn(await getDb(), configuredNida(), { nin: parsed.nin, address: await clientAddress(), locale });
  if (!result.ok) {
    if (result.problem === "locked") return { error: pausedSentence(t, locale, result.until), values: { nin: typed }, locked: true };
    return fail(result.problem);
  }
  await keepSignInToken(result.token);
  redirect(stepUrl(locale, "verify", returnTo));
}

async function attemptOrRestart(locale: Locale, returnTo: string) {
  const attempt = await findAttempt(await getDb(), await signInToken());
  if (!attempt) redirect(stepUrl(locale, "", returnTo, { problem: "sessionGone" }));
  return attempt;
}

async function finishWith(proof: string, returnTo: string) {
  await dropSignInToken();
  // Throws the redirect to where the citizen was going.
  await signIn("nin-proof", { proof, redirectTo: returnTo });
}

/** Step 2a: send a code to the phone NIDA has. */
export async function sendSmsCode(form: FormData): Promise<void> {
  const { locale, returnTo } = context(form);
  if (!can.signIn(await currentActor())) redirect(returnTo);
  const attempt = await attemptOrRestart(locale, returnTo);
  const result = await sendCode(await getDb(), attempt, locale);
  if (!result.ok) redirect(stepUrl(locale, result.problem === "locked" ? "" : "verify", returnTo, { problem: result.problem }));
  redirect(stepUrl(locale, "code", returnTo));
}

/** Step 3a: the code typed back. */
export async function verifySmsCode(form: FormData): Promise<void> {
  const { locale, returnTo } = context(form);
  if (!can.signIn(await currentActor())) redirect(returnTo);
  const code = text(form.get("code")).replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) redirect(stepUrl(locale, "code", returnTo, { problem: "codeFormat" }));
  const attempt = await attemptOrRestart(locale, returnTo);
  const result = await verifyCode(await getDb(), configuredNida(), attempt, code, await clientAddress());
  if (!result.ok) {
    const step = result.problem === "wrongCode" || result.problem === "unavailable" ? "code" : "";
    redirect(stepUrl(locale, step, returnTo, { problem: result.problem }));
  }
  await finishWith(result.proof, returnTo);
}

/** Step 2b: start NIDA's security questions. */
export async function startQuestions(form: FormData): Promise<void> {
  const { locale, returnTo } = context(form);
  if (!can.signIn(await currentActor())) redirect(returnTo);
  const attempt = await attemptOrRestart(locale, returnTo);
  const result = await questionStep(await getDb(), configuredNida(), attempt, await clientAddress());
  if (!result.ok) {
    const step = result.problem === "unavailable" || result.problem === "questionsEnded" ? "verify" : "";
    redirect(stepUrl(locale, step, returnTo, { problem: result.problem }));
  }
  if (result.kind === "verified") return finishWith(result.proof, returnTo);
  redirect(stepUrl(locale, "questions", returnTo));
}

/** Step 3b: an answer to the question asked. */
export async function answerQuestion(form: FormData): Promise<void> {
  const { locale, returnTo } = context(form);
  if (!can.signIn(await currentActor())) redirect(returnTo);
  const answer = text(form.get("answer")).trim().slice(0, 200);
  if (!answer) redirect(stepUrl(locale, "questions", returnTo, { problem: "answerEmpty" }));
  const attempt = await attemptOrRestart(locale, returnTo);
  const result = await questionStep(await getDb(), configuredNida(), attempt, await clientAddress(), answer);
  if (!result.ok) {
    // NIDA ended its questions: the page of choices, with a code by SMS or new questions.
    const step = result.problem === "unavailable" ? "questions" : result.problem === "questionsEnded" ? "verify" : "";
    redirect(stepUrl(locale, step, returnTo, { problem: result.problem }));
  }
  if (result.kind === "verified") return finishWith(result.proof, returnTo);
  redirect(stepUrl(locale, "questions", returnTo, result.previous ? { previous: result.previous } : {}));
}
