import "server-only";
import { randomBytes, randomInt } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { auditEvents, citizenSessions, citizens, signInAttempts, signInProofs } from "@/db/schema";
import { GovesbError } from "@/lib/integrations/govesb/client";
import { citizenData, registeredPhone, securityQuestion, type Citizen, type NidaConfig } from "@/lib/integrations/nida/client";
import { countSignInFailure } from "@/lib/metrics";
import { nidaRecordOf } from "./nida-record";
import type { Locale } from "@/lib/i18n/config";
import { queueFor } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { maskMobile, toInternationalMobile } from "@/lib/notifications/phone";
import { queueSms } from "@/lib/notifications/sms";
import { keyedHash, sameHash } from "@/lib/security/hash";
import { smsText } from "@/lib/notifications/sms-text";
import {
  clearRateLimit,
  countRecent,
  giveBack,
  pausedUntil,
  startPause,
  takeRateLimit,
  takeRecent,
  type Pause,
  type RateLimit,
} from "@/lib/security/rate-limit";

/**
 * Signing in with a National ID Number: NIDA (through GovESB) knows the citizen; the citizen
 * proves it is them with a one-time code sent to the phone NIDA has, or by answering NIDA's
 * security questions. What comes out is a proof that the session provider accepts once.
 */

const ATTEMPT_MINUTES = 15;
const CODE_MINUTES = 5;
const PROOF_SECONDS = 120;
const MAX_CODES_PER_ATTEMPT = 3;

// At most five wrong codes or answers per NIN (counted over the last hour or two), then signing
// in with that NIN is paused for exactly an hour; and a ceiling per address.
export const failuresPerNin: RateLimit = { bucket: "sign-in-failure", limit: 5, windowSeconds: 3600 };
export const ninPause: Pause = { bucket: "sign-in-pause", windowSeconds: 3600 };
export const attemptsPerAddress: RateLimit = { bucket: "sign-in-address", limit: 30, windowSeconds: 600 };
// A NIN's phone receives at most five codes an hour, however many sign-ins are started.
export const codesPerNin: RateLimit = { bucket: "sign-in-sms", limit: 5, windowSeconds: 3600 };
const GUESSES_PER_CODE = 5;

export type SignInProblem = "locked" | "notFound" | "invalid" | "unavailable" | "rateLimited" | "expired";
/** Signing in with this NIN is paused until `until`. */
export type Locked = { ok: false; problem: "locked"; until: Date };
export type Failure = { ok: false; problem: Exclude<SignInProblem, "locked"> } | Locked;
/** A wrong code, and how many wrong codes or answers this NIN may still have before the pause. */
export type WrongCode = { ok: false; problem: "wrongCode"; triesLeft: number };
/** NIDA ended its questions after too many wrong answers; the NIN is not paused (yet). */
export type QuestionsEnded = { ok: false; problem: "questionsEnded"; triesLeft: number };

const hashNin = (nin: string) => keyedHash("nin", nin);
const hashToken = (token: string) => keyedHash("sign-in-token", token);

async function audit(
  db: Pick<Database, "insert">,
  event: { action: string; outcome: string; ninHash?: string; citizenId?: string; address?: string; detail?: string },
) {
  if (event.action === "sign_in" && event.outcome !== "success" && event.outcome !== "verified") countSignInFailure(event.outcome);
  await db.insert(auditEvents).values({
    action: event.action,
    outcome: event.outcome,
    subjectHash: event.ninHash ?? null,
    citizenId: event.citizenId ?? null,
    addressHash: event.address ? keyedHash("address", event.address) : null,
    detail: event.detail ?? null,
  });
}

function unavailable(error: unknown, context: string): Failure {
  log.warn("NIDA not reachable for sign-in", {
    context,
    error: error instanceof GovesbError ? `${error.kind}: ${error.message}` : String(error),
  });
  return { ok: false, problem: "unavailable" };
}

export type Standing = { triesLeft: number; pausedUntil: Date | null };

/** Where a NIN stands: wrong codes or answers it may still have, or until when it is paused. */
export async function signInStanding(db: Database, ninHash: string): Promise<Standing> {
  const until = await pausedUntil(db, ninPause, ninHash);
  if (until) return { triesLeft: 0, pausedUntil: until };
  const used = await countRecent(db, failuresPerNin, ninHash);
  return { triesLeft: Math.max(0, failuresPerNin.limit - used), pausedUntil: null };
}

async function pauseOf(db: Database, ninHash: string): Promise<Locked | null> {
  const until = await pausedUntil(db, ninPause, ninHash);
  return until ? { ok: false, problem: "locked", until } : null;
}

/**
 * Pauses the NIN for an hour from now. The wrong tries that led here are forgotten with it, so
 * that after the pause the citizen has five again.
 */
async function pauseNin(db: Database, ninHash: string, address: string, detail: string): Promise<Locked> {
  const until = await db.transaction(async (tx) => {
    const until = await startPause(tx, ninPause, ninHash);
    await clearRateLimit(tx, failuresPerNin, ninHash);
    await audit(tx, { action: "sign_in", outcome: "locked", ninHash, address, detail });
    return until;
  });
  return { ok: false, problem: "locked", until };
}

/**
 * A guess (a code, or an answer to NIDA) counted against the NIN before it is checked, in one
 * statement: parallel guesses, even from several sign-ins, cannot pass the limit together.
 * The count (this guess included) when the guess may be checked; the pause when it may not.
 */
async function countGuess(db: Database, ninHash: string, address: string): Promise<{ total: number; windowStart: Date } | Locked> {
  const counted = await takeRecent(db, failuresPerNin, ninHash);
  // A pause that began while this guess was on its way refuses it too, and it is not kept:
  // the pause cleared the count, and the tries after the pause are five.
  const paused = await pauseOf(db, ninHash);
  if (paused) {
    await giveBack(db, failuresPerNin, ninHash, counted.windowStart);
    return paused;
  }
  if (counted.total <= failuresPerNin.limit) return counted;
  // Only a guess made while the last allowed one was still being checked gets here.
  return pauseNin(db, ninHash, address, "guess beyond the limit");
}

/** The guess counted was wrong: the tries left, or the pause when it was the last one. */
async function wrongGuess(
  db: Database,
  ninHash: string,
  total: number,
  address: string,
  detail: string,
): Promise<Locked | { triesLeft: number }> {
  if (total >= failuresPerNin.limit) return pauseNin(db, ninHash, address, detail);
  await audit(db, { action: "sign_in", outcome: "failure", ninHash, address, detail });
  return { triesLeft: failuresPerNin.limit - total };
}

export type Attempt = typeof signInAttempts.$inferSelect;

/** The sign-in under way for this cookie token, if it has not expired. */
export async function findAttempt(db: Database, token: string | undefined): Promise<Attempt | undefined> {
  if (!token) return undefined;
  const [row] = await db
    .select()
    .from(signInAttempts)
    .where(and(eq(signInAttempts.tokenHash, hashToken(token)), gt(signInAttempts.expiresAt, sql`now()`)));
  return row;
}

/** Step 1: the NIN. Asks NIDA for the registered phone and opens a sign-in. */
export async function beginSignIn(
  db: Database,
  nida: NidaConfig,
  input: { nin: string; address: string; locale: Locale },
): Promise<{ ok: true; token: string; maskedPhone: string | null } | Failure> {
  const ninHash = hashNin(input.nin);
  if (!(await takeRateLimit(db, attemptsPerAddress, input.address))) return { ok: false, problem: "rateLimited" };
  const paused = await pauseOf(db, ninHash);
  if (paused) {
    await audit(db, { action: "sign_in", outcome: "refused-locked", ninHash, address: input.address });
    return paused;
  }
  let phone: string | null;
  try {
    const answer = await registeredPhone(nida, input.nin);
    if (answer.kind === "not-found" || answer.kind === "invalid") {
      await audit(db, { action: "sign_in", outcome: "failure", ninHash, address: input.address, detail: `nin ${answer.kind}` });
      return { ok: false, problem: answer.kind === "not-found" ? "notFound" : "invalid" };
    }
    phone = toInternationalMobile(answer.phone) ?? null;
  } catch (error) {
    return unavailable(error, "phone");
  }
  const token = randomBytes(32).toString("base64url");
  await db.delete(signInAttempts).where(lt(signInAttempts.expiresAt, sql`now()`));
  await db.insert(signInAttempts).values({
    tokenHash: hashToken(token),
    nin: input.nin,
    ninHash,
    phone,
    locale: input.locale,
    expiresAt: new Date(Date.now() + ATTEMPT_MINUTES * 60_000),
  });
  return { ok: true, token, maskedPhone: phone ? maskMobile(phone) : null };
}

/** Step 2a: a six-digit code to the phone NIDA has, stored only as a keyed hash. */
export async function sendCode(db: Database, attempt: Attempt, locale: Locale): Promise<{ ok: true } | Failure> {
  if (!attempt.phone) return { ok: false, problem: "invalid" };
  const paused = await pauseOf(db, attempt.ninHash);
  if (paused) return paused;
  if (!(await takeRateLimit(db, codesPerNin, attempt.ninHash))) return { ok: false, problem: "rateLimited" };
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(Date.now() + CODE_MINUTES * 60_000);
  const boss = await queueFor(db);
  const sent = await db.transaction(async (tx) => {
    // Counted and replaced in one statement, so parallel requests cannot pass the limit.
    const [updated] = await tx
      .update(signInAttempts)
      .set({
        method: "sms",
        codeHash: keyedHash("sign-in-code", `${attempt.tokenHash}:${code}`),
        codeExpiresAt: expiresAt,
        codeGuesses: 0,
        codesSent: sql`${signInAttempts.codesSent} + 1`,
      })
      .where(and(eq(signInAttempts.tokenHash, attempt.tokenHash), lt(signInAttempts.codesSent, MAX_CODES_PER_ATTEMPT)))
      .returning({ tokenHash: signInAttempts.tokenHash });
    if (!updated) return false;
    // The code is useless after it expires: its job is tried often until then, never sent late.
    await queueSms(tx, boss, {
      to: attempt.phone!,
      message: smsText(locale, "signInCode", { code, minutes: String(CODE_MINUTES) }),
      expiresAt,
    });
    return true;
  });
  return sent ? { ok: true } : { ok: false, problem: "rateLimited" };
}

/** NIDA's answer must be about the NIN asked: its date of birth is the NIN's first eight digits. */
function matchesNin(citizen: Citizen, nin: string): boolean {
  return citizen.dateOfBirth.replace(/-/g, "") === nin.slice(0, 8);
}

async function finish(db: Database, attempt: Attempt, citizen: Citizen, address: string): Promise<{ ok: true; proof: string } | Failure> {
  if (!matchesNin(citizen, attempt.nin)) {
    await audit(db, {
      action: "sign_in",
      outcome: "refused-mismatch",
      ninHash: attempt.ninHash,
      address,
      detail: "NIDA answer not about this NIN",
    });
    return { ok: false, problem: "unavailable" };
  }
  const phone = toInternationalMobile(citizen.phone) ?? attempt.phone;
  const proof = randomBytes(32).toString("base64url");
  const citizenId = await db.transaction(async (tx) => {
    const values = {
      ninHash: attempt.ninHash,
      ninLast4: attempt.nin.slice(-4),
      firstName: citizen.firstName,
      middleName: citizen.middleName,
      surname: citizen.surname,
      dateOfBirth: citizen.dateOfBirth,
      phoneMasked: phone ? maskMobile(phone) : null,
      lastSignInAt: new Date(),
    };
    const [row] = await tx
      .insert(citizens)
      .values(values)
      .onConflictDoUpdate({ target: citizens.ninHash, set: values })
      .returning({ id: citizens.id });
    await tx.insert(signInProofs).values({
      proofHash: keyedHash("sign-in-proof", proof),
      citizenId: row!.id,
      expiresAt: new Date(Date.now() + PROOF_SECONDS * 1000),
      // For the session it opens: application forms are filled from it (once-only).
      nidaRecord: nidaRecordOf(attempt.nin, citizen, phone),
    });
    // The NIN and phone leave the database with the finished sign-in.
    await tx.delete(signInAttempts).where(eq(signInAttempts.tokenHash, attempt.tokenHash));
    // Signing in clears the NIN's wrong tries: the next sign-in starts with five again.
    await clearRateLimit(tx, failuresPerNin, attempt.ninHash);
    await audit(tx, {
      action: "sign_in",
      outcome: "verified",
      ninHash: attempt.ninHash,
      citizenId: row!.id,
      address,
      detail: attempt.method ?? "",
    });
    return row!.id;
  });
  log.info("citizen verified", { citizenId, method: attempt.method });
  return { ok: true, proof };
}

/** Step 3a: the code typed back. Constant-time comparison, single use, five minutes. */
export async function verifyCode(
  db: Database,
  nida: NidaConfig,
  attempt: Attempt,
  code: string,
  address: string,
): Promise<{ ok: true; proof: string } | Failure | WrongCode> {
  const paused = await pauseOf(db, attempt.ninHash);
  if (paused) return paused;
  // The guess is counted before the comparison, in one statement: parallel guesses cannot
  // all pass a check made before any of them was recorded.
  const [current] = await db
    .update(signInAttempts)
    .set({ codeGuesses: sql`${signInAttempts.codeGuesses} + 1` })
    .where(
      and(
        eq(signInAttempts.tokenHash, attempt.tokenHash),
        lt(signInAttempts.codeGuesses, GUESSES_PER_CODE),
        gt(signInAttempts.codeExpiresAt, sql`now()`),
      ),
    )
    .returning({ codeHash: signInAttempts.codeHash });
  if (!current?.codeHash) return { ok: false, problem: "expired" };
  // And against the NIN, also before the comparison.
  const counted = await countGuess(db, attempt.ninHash, address);
  if ("problem" in counted) return counted;
  const given = keyedHash("sign-in-code", `${attempt.tokenHash}:${code}`);
  if (!sameHash(given, current.codeHash)) {
    const outcome = await wrongGuess(db, attempt.ninHash, counted.total, address, "wrong code");
    return "problem" in outcome ? outcome : { ok: false, problem: "wrongCode", triesLeft: outcome.triesLeft };
  }
  // The right code is not a wrong try, whatever NIDA answers next.
  await giveBack(db, failuresPerNin, attempt.ninHash, counted.windowStart);
  // Single use: only the request that clears the code goes on.
  const [claimed] = await db
    .update(signInAttempts)
    .set({ codeHash: null })
    .where(and(eq(signInAttempts.tokenHash, attempt.tokenHash), eq(signInAttempts.codeHash, given)))
    .returning({ tokenHash: signInAttempts.tokenHash });
  if (!claimed) return { ok: false, problem: "expired" };
  try {
    const answer = await citizenData(nida, attempt.nin);
    if (answer.kind !== "citizen") return { ok: false, problem: answer.kind === "not-found" ? "notFound" : "invalid" };
    return finish(db, attempt, answer.citizen, address);
  } catch (error) {
    return unavailable(error, "data");
  }
}

export type QuestionStep =
  | { ok: true; kind: "question"; text: { sw: string; en: string }; previous: "right" | "wrong" | null; triesLeft: number }
  | { ok: true; kind: "verified"; proof: string };

/**
 * Step 2b/3b: NIDA's security questions, started (no answer) or answered. An answer is counted
 * against the NIN before NIDA checks it, like a code, and given back when NIDA says it was right
 * or gives no verdict.
 */
export async function questionStep(
  db: Database,
  nida: NidaConfig,
  attempt: Attempt,
  address: string,
  answer?: string,
): Promise<QuestionStep | Failure | QuestionsEnded> {
  const paused = await pauseOf(db, attempt.ninHash);
  if (paused) return paused;
  if (answer !== undefined && !attempt.questionCode) return { ok: false, problem: "expired" };
  let counted: { total: number; windowStart: Date } | null = null;
  if (answer !== undefined) {
    const guess = await countGuess(db, attempt.ninHash, address);
    if ("problem" in guess) return guess;
    counted = guess;
  }
  const notWrong = async () => {
    if (counted) await giveBack(db, failuresPerNin, attempt.ninHash, counted.windowStart);
  };
  let step;
  try {
    step = await securityQuestion(nida, attempt.nin, answer === undefined ? undefined : { rqCode: attempt.questionCode!, answer });
  } catch (error) {
    await notWrong();
    return unavailable(error, "questions");
  }
  if (step.kind === "verified") {
    const finished = await finish(db, attempt, step.citizen, address);
    return finished.ok ? { ok: true, kind: "verified", proof: finished.proof } : finished;
  }
  if (step.kind === "not-found" || step.kind === "invalid") {
    await notWrong();
    return { ok: false, problem: step.kind === "not-found" ? "notFound" : "invalid" };
  }
  if (step.kind === "limit") {
    // NIDA ended its questions: the answer just given was wrong. A code by SMS, or new
    // questions, are still possible while the NIN has tries left.
    await db.update(signInAttempts).set({ questionCode: null }).where(eq(signInAttempts.tokenHash, attempt.tokenHash));
    const outcome = counted
      ? await wrongGuess(db, attempt.ninHash, counted.total, address, "NIDA attempt limit (122)")
      : { triesLeft: (await signInStanding(db, attempt.ninHash)).triesLeft };
    return "problem" in outcome ? outcome : { ok: false, problem: "questionsEnded", triesLeft: outcome.triesLeft };
  }
  let triesLeft: number;
  if (step.previous === "wrong" && counted) {
    const outcome = await wrongGuess(db, attempt.ninHash, counted.total, address, "wrong answer");
    if ("problem" in outcome) return outcome;
    triesLeft = outcome.triesLeft;
  } else if (counted) {
    await notWrong();
    triesLeft = failuresPerNin.limit - (counted.total - 1);
  } else {
    triesLeft = (await signInStanding(db, attempt.ninHash)).triesLeft;
  }
  await db
    .update(signInAttempts)
    .set({ method: "questions", questionCode: step.question.code, questionSw: step.question.text.sw, questionEn: step.question.text.en })
    .where(eq(signInAttempts.tokenHash, attempt.tokenHash));
  return { ok: true, kind: "question", text: step.question.text, previous: step.previous, triesLeft };
}

export type SignedInCitizen = { id: string; name: string; sessionId: string };

/** The session provider's check: a proof is good once, for two minutes. */
export async function consumeProof(db: Database, proof: string): Promise<SignedInCitizen | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(proof)) return null;
  const [used] = await db
    .update(signInProofs)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(signInProofs.proofHash, keyedHash("sign-in-proof", proof)),
        isNull(signInProofs.usedAt),
        gt(signInProofs.expiresAt, sql`now()`),
      ),
    )
    .returning({ citizenId: signInProofs.citizenId, nidaRecord: signInProofs.nidaRecord });
  if (!used) return null;
  const [citizen] = await db
    .select({ id: citizens.id, firstName: citizens.firstName, surname: citizens.surname })
    .from(citizens)
    .where(eq(citizens.id, used.citizenId));
  if (!citizen) return null;
  const sessionId = randomBytes(24).toString("base64url");
  await db.transaction(async (tx) => {
    await tx.insert(citizenSessions).values({ id: sessionId, citizenId: citizen.id, nidaRecord: used.nidaRecord });
    // The record now lives with the session only.
    await tx
      .update(signInProofs)
      .set({ nidaRecord: null })
      .where(eq(signInProofs.proofHash, keyedHash("sign-in-proof", proof)));
  });
  await audit(db, { action: "sign_in", outcome: "success", citizenId: citizen.id });
  return { id: citizen.id, name: `${citizen.firstName} ${citizen.surname}`, sessionId };
}

/** True while the session has not been signed out. */
export async function sessionIsActive(db: Database, sessionId: unknown): Promise<boolean> {
  if (typeof sessionId !== "string") return false;
  const [row] = await db
    .select({ id: citizenSessions.id })
    .from(citizenSessions)
    .where(and(eq(citizenSessions.id, sessionId), isNull(citizenSessions.revokedAt)));
  return row !== undefined;
}

/** Signing out ends the session on the server too: a copied cookie no longer works. */
export async function recordSignOut(db: Database, citizenId: string, sessionId: string | null): Promise<void> {
  if (sessionId) {
    await db
      .update(citizenSessions)
      .set({ revokedAt: sql`now()`, nidaRecord: null })
      .where(and(eq(citizenSessions.id, sessionId), eq(citizenSessions.citizenId, citizenId)));
  }
  await audit(db, { action: "sign_out", outcome: "success", citizenId });
}

export async function citizenProfile(db: Database, citizenId: string) {
  const [row] = await db.select().from(citizens).where(eq(citizens.id, citizenId));
  return row;
}
