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
  rateLimitedUntil,
  startPause,
  windowEnd,
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
export const MAX_CODES_PER_ATTEMPT = 3;
const GUESSES_PER_CODE = 5;

/*
 * Wrong codes and answers. Five from anyone used to pause a NIN for everyone, so whoever knew a
 * NIN could lock its holder out (issue 21). Each wrong try is now counted three ways, each over
 * the current hour and the one before it, and each count pauses signing in for exactly an hour
 * when it reaches its limit:
 *
 * - per NIN and address, 5: what a caller sees ("4 tries left", then "paused until 15:42"). A
 *   stranger who knows a NIN pauses it for themselves; its holder, elsewhere, is not held up.
 * - per NIN from anywhere, 20: the ceiling that keeps guessing hopeless, whatever the addresses.
 *   A code has 10^6 values and each guess is counted before it is checked, so within the hour a
 *   NIN's code is guessed with a chance of at most 20 in 1,000,000 (1 in 50,000); and every code
 *   guessed at must first reach the holder's phone (five codes an hour at most, five guesses a
 *   code). Paused an hour at 20, a NIN gives at most 480 guesses a day (under 0.05%), with the
 *   holder's phone receiving the codes all the while. One address adds at most 5 to the count
 *   before its own pause, so pausing a NIN for its holder takes four addresses spending their five
 *   each: one attacker at one address cannot.
 * - per address across NINs, 30: one address cannot go from NIN to NIN with five tries each
 *   (guessing spread over many people, or pushing many NINs to their ceiling): six NINs an hour
 *   at most; still room for many people behind one mobile network's address mistyping a code.
 *
 * A successful sign-in clears its own address's count for the NIN only: one person's success says
 * nothing of the tries made elsewhere, which run out with their hour.
 */
export const failuresHere: RateLimit = { bucket: "sign-in-failure-here", limit: 5, windowSeconds: 3600 };
export const herePause: Pause = { bucket: "sign-in-pause-here", windowSeconds: 3600 };
export const failuresPerNin: RateLimit = { bucket: "sign-in-failure", limit: 20, windowSeconds: 3600 };
export const ninPause: Pause = { bucket: "sign-in-pause", windowSeconds: 3600 };
export const failuresPerAddress: RateLimit = { bucket: "sign-in-failure-address", limit: 30, windowSeconds: 3600 };
export const addressPause: Pause = { bucket: "sign-in-pause-address", windowSeconds: 3600 };
export const attemptsPerAddress: RateLimit = { bucket: "sign-in-address", limit: 30, windowSeconds: 600 };
// A NIN's phone receives at most five codes in an hour of the clock, however many sign-ins are
// started; only the codes really sent are counted.
export const codesPerNin: RateLimit = { bucket: "sign-in-sms", limit: 5, windowSeconds: 3600 };

/** What a pause is about: this NIN (from here or from anywhere), or this address whatever the NIN. */
export type PauseScope = "nin" | "address";

/** One of the three counts of wrong tries, with the key it is counted under. */
type Count = { rule: RateLimit; pause: Pause; key: string; scope: PauseScope; name: string };

/** A NIN from one address, as one key (both are hashed with it, never stored). */
const hereKey = (ninHash: string, address: string) => `${ninHash} ${address}`;

function countsOf(ninHash: string, address: string): Count[] {
  return [
    { rule: failuresHere, pause: herePause, key: hereKey(ninHash, address), scope: "nin", name: "here" },
    { rule: failuresPerNin, pause: ninPause, key: ninHash, scope: "nin", name: "nin" },
    { rule: failuresPerAddress, pause: addressPause, key: address, scope: "address", name: "address" },
  ];
}

export type SignInProblem = "locked" | "notFound" | "invalid" | "unavailable" | "rateLimited" | "expired";
/** Signing in with this NIN (or from this address) is paused until `until`. */
export type Locked = { ok: false; problem: "locked"; until: Date; scope: PauseScope };
/** Too many sign-ins started from this address: it may start again at `until` (the end of the limit's window). */
export type RateLimited = { ok: false; problem: "rateLimited"; until: Date };
export type Failure = { ok: false; problem: Exclude<SignInProblem, "locked" | "rateLimited"> } | Locked | RateLimited;
/** No code sent: the NIN's phone has had its codes until `until`, or this sign-in has had its own. */
export type NoCode = { ok: false; problem: "tooManyCodes"; until: Date } | { ok: false; problem: "codesThisSignIn" };
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

export type Standing = { triesLeft: number; pausedUntil: Date | null; pausedScope: PauseScope | null };

/**
 * Where a sign-in with this NIN from this address stands: the wrong codes or answers it may still
 * have (the fewest any of the three counts leaves), or until when it is paused.
 */
export async function signInStanding(db: Database, ninHash: string, address: string): Promise<Standing> {
  const paused = await pauseOf(db, ninHash, address);
  if (paused) return { triesLeft: 0, pausedUntil: paused.until, pausedScope: paused.scope };
  let triesLeft = Infinity;
  for (const { rule, key } of countsOf(ninHash, address)) triesLeft = Math.min(triesLeft, rule.limit - (await countRecent(db, rule, key)));
  return { triesLeft: Math.max(0, triesLeft), pausedUntil: null, pausedScope: null };
}

/** The pause that ends last of those on this NIN from this address, if any. */
async function pauseOf(db: Database, ninHash: string, address: string): Promise<Locked | null> {
  let found: Locked | null = null;
  for (const { pause, key, scope } of countsOf(ninHash, address)) {
    const until = await pausedUntil(db, pause, key);
    if (until && (!found || until > found.until)) found = { ok: false, problem: "locked", until, scope };
  }
  return found;
}

/**
 * Pauses what these counts are about for an hour from now. The wrong tries that led to each pause
 * are forgotten with it, so that after the pause the citizen has their tries again.
 */
async function pause(db: Database, counts: Count[], ninHash: string, address: string, detail: string): Promise<Locked> {
  const untils = await db.transaction(async (tx) => {
    const untils: Date[] = [];
    for (const count of counts) {
      untils.push(await startPause(tx, count.pause, count.key));
      await clearRateLimit(tx, count.rule, count.key);
    }
    await audit(tx, {
      action: "sign_in",
      outcome: "locked",
      ninHash,
      address,
      detail: `${detail}; ${counts.map((c) => c.name).join(", ")}`,
    });
    return untils;
  });
  const until = new Date(Math.max(...untils.map((date) => date.getTime())));
  return { ok: false, problem: "locked", until, scope: counts.some((c) => c.scope === "address") ? "address" : "nin" };
}

/** A guess counted three ways: each count's total (this guess included) and the window it went to. */
type Guess = { counts: Count[]; taken: { total: number; windowStart: Date }[] };

/** Takes back a guess that turned out not to be wrong (right, or no verdict), from each count. */
async function notWrong(db: Database, guess: Guess): Promise<void> {
  for (const [i, { rule, key }] of guess.counts.entries()) await giveBack(db, rule, key, guess.taken[i]!.windowStart);
}

/**
 * A guess (a code, or an answer to NIDA) counted before it is checked, each count in one
 * statement: parallel guesses, even from several sign-ins, cannot pass a limit together.
 * The counts when the guess may be checked; the pause when it may not.
 */
async function countGuess(db: Database, ninHash: string, address: string): Promise<Guess | Locked> {
  const counts = countsOf(ninHash, address);
  const guess: Guess = { counts, taken: [] };
  for (const { rule, key } of counts) guess.taken.push(await takeRecent(db, rule, key));
  // A pause that began while this guess was on its way refuses it too, and it is not kept:
  // the pause cleared its count, and the tries after the pause are whole again.
  const paused = await pauseOf(db, ninHash, address);
  if (paused) {
    await notWrong(db, guess);
    return paused;
  }
  const over = counts.filter((count, i) => guess.taken[i]!.total > count.rule.limit);
  if (over.length === 0) return guess;
  // Only a guess made while the last allowed one was still being checked gets here: it is not
  // checked, so the counts it did not pass do not keep it.
  for (const [i, count] of counts.entries())
    if (!over.includes(count)) await giveBack(db, count.rule, count.key, guess.taken[i]!.windowStart);
  return pause(db, over, ninHash, address, "guess beyond the limit");
}

/** The guess counted was wrong: the tries left, or the pause when it was the last one of any count. */
async function wrongGuess(
  db: Database,
  guess: Guess,
  ninHash: string,
  address: string,
  detail: string,
): Promise<Locked | { triesLeft: number }> {
  const reached = guess.counts.filter((count, i) => guess.taken[i]!.total >= count.rule.limit);
  if (reached.length > 0) return pause(db, reached, ninHash, address, detail);
  await audit(db, { action: "sign_in", outcome: "failure", ninHash, address, detail });
  return { triesLeft: Math.min(...guess.counts.map((count, i) => count.rule.limit - guess.taken[i]!.total)) };
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
  const now = new Date();
  if (!(await takeRateLimit(db, attemptsPerAddress, input.address, now)))
    return { ok: false, problem: "rateLimited", until: windowEnd(attemptsPerAddress, now) };
  const paused = await pauseOf(db, ninHash, input.address);
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

/** Thrown to undo a code's transaction: the NIN's phone has had its codes, so nothing of this one is kept. */
class CodesUsedUp extends Error {}

/** When the NIN's phone may have a code again, while it has had its codes for now. */
export async function codesAgainAt(db: Database, ninHash: string): Promise<Date | null> {
  return rateLimitedUntil(db, codesPerNin, ninHash);
}

/**
 * Step 2a: a six-digit code to the phone NIDA has, stored only as a keyed hash. A code refused
 * (this sign-in's three sent, or the NIN's five this hour) counts against nothing, so exactly as
 * many codes go out as the limits say.
 */
export async function sendCode(db: Database, attempt: Attempt, locale: Locale, address: string): Promise<{ ok: true } | Failure | NoCode> {
  if (!attempt.phone) return { ok: false, problem: "invalid" };
  const paused = await pauseOf(db, attempt.ninHash, address);
  if (paused) return paused;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000);
  const boss = await queueFor(db);
  const sent = await db
    .transaction(async (tx) => {
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
      // Counted in the code's own transaction: a code refused here is undone with its count, and
      // parallel requests wait on the count's row, so no two of them can both be the fifth.
      if (!(await takeRateLimit(tx, codesPerNin, attempt.ninHash, now))) throw new CodesUsedUp();
      // The code is useless after it expires: its job is tried often until then, never sent late.
      await queueSms(tx, boss, {
        to: attempt.phone!,
        message: smsText(locale, "signInCode", { code, minutes: String(CODE_MINUTES) }),
        expiresAt,
      });
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof CodesUsedUp) return "usedUp" as const;
      throw error;
    });
  if (sent === "usedUp") return { ok: false, problem: "tooManyCodes", until: windowEnd(codesPerNin, now) };
  return sent ? { ok: true } : { ok: false, problem: "codesThisSignIn" };
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
      phoneMasked: phone ? maskMobile(phone) : null,
      lastSignInAt: new Date(),
      erasedAt: null,
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
    // Signing in clears the wrong tries made with this NIN from here: the next sign-in here starts
    // with five again. Those made elsewhere stay counted (see failuresHere).
    await clearRateLimit(tx, failuresHere, hereKey(attempt.ninHash, address));
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
  const paused = await pauseOf(db, attempt.ninHash, address);
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
  // And against the NIN and the address, also before the comparison.
  const guess = await countGuess(db, attempt.ninHash, address);
  if ("problem" in guess) return guess;
  const given = keyedHash("sign-in-code", `${attempt.tokenHash}:${code}`);
  if (!sameHash(given, current.codeHash)) {
    const outcome = await wrongGuess(db, guess, attempt.ninHash, address, "wrong code");
    return "problem" in outcome ? outcome : { ok: false, problem: "wrongCode", triesLeft: outcome.triesLeft };
  }
  // The right code is not a wrong try, whatever NIDA answers next.
  await notWrong(db, guess);
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
  const paused = await pauseOf(db, attempt.ninHash, address);
  if (paused) return paused;
  if (answer !== undefined && !attempt.questionCode) return { ok: false, problem: "expired" };
  let counted: Guess | null = null;
  if (answer !== undefined) {
    const guess = await countGuess(db, attempt.ninHash, address);
    if ("problem" in guess) return guess;
    counted = guess;
  }
  const wasNotWrong = async () => {
    if (counted) await notWrong(db, counted);
  };
  let step;
  try {
    step = await securityQuestion(nida, attempt.nin, answer === undefined ? undefined : { rqCode: attempt.questionCode!, answer });
  } catch (error) {
    await wasNotWrong();
    return unavailable(error, "questions");
  }
  if (step.kind === "verified") {
    const finished = await finish(db, attempt, step.citizen, address);
    return finished.ok ? { ok: true, kind: "verified", proof: finished.proof } : finished;
  }
  if (step.kind === "not-found" || step.kind === "invalid") {
    await wasNotWrong();
    return { ok: false, problem: step.kind === "not-found" ? "notFound" : "invalid" };
  }
  if (step.kind === "limit") {
    // NIDA ended its questions: the answer just given was wrong. A code by SMS, or new
    // questions, are still possible while the NIN has tries left.
    await db.update(signInAttempts).set({ questionCode: null }).where(eq(signInAttempts.tokenHash, attempt.tokenHash));
    const outcome = counted
      ? await wrongGuess(db, counted, attempt.ninHash, address, "NIDA attempt limit (122)")
      : { triesLeft: (await signInStanding(db, attempt.ninHash, address)).triesLeft };
    return "problem" in outcome ? outcome : { ok: false, problem: "questionsEnded", triesLeft: outcome.triesLeft };
  }
  let triesLeft: number;
  if (step.previous === "wrong" && counted) {
    const outcome = await wrongGuess(db, counted, attempt.ninHash, address, "wrong answer");
    if ("problem" in outcome) return outcome;
    triesLeft = outcome.triesLeft;
  } else {
    await wasNotWrong();
    triesLeft = (await signInStanding(db, attempt.ninHash, address)).triesLeft;
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
