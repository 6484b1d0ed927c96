import { randomBytes, randomInt } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { auditEvents, citizenSessions, citizens, signInAttempts, signInProofs } from "@/db/schema";
import { GovesbError } from "@/lib/integrations/govesb/client";
import { citizenData, registeredPhone, securityQuestion, type Citizen, type NidaConfig } from "@/lib/integrations/nida/client";
import type { Locale } from "@/lib/i18n/config";
import { log } from "@/lib/log";
import { maskMobile, toInternationalMobile } from "@/lib/notifications/phone";
import { queueSms } from "@/lib/notifications/sms";
import { keyedHash, sameHash } from "@/lib/security/hash";
import { countRecent, takeRateLimit, type RateLimit } from "@/lib/security/rate-limit";

/**
 * Signing in with a National ID Number: NIDA (through GovESB) knows the citizen; the citizen
 * proves it is them with a one-time code sent to the phone NIDA has, or by answering NIDA's
 * security questions. What comes out is a proof that the session provider accepts once.
 */

const ATTEMPT_MINUTES = 15;
const CODE_MINUTES = 5;
const PROOF_SECONDS = 120;
const MAX_CODES_PER_ATTEMPT = 3;

// At most five wrong answers per NIN per hour, then a lock; and a ceiling per address.
export const failuresPerNin: RateLimit = { bucket: "sign-in-failure", limit: 5, windowSeconds: 3600 };
export const attemptsPerAddress: RateLimit = { bucket: "sign-in-address", limit: 30, windowSeconds: 600 };
// A NIN's phone receives at most five codes an hour, however many sign-ins are started.
export const codesPerNin: RateLimit = { bucket: "sign-in-sms", limit: 5, windowSeconds: 3600 };
const GUESSES_PER_CODE = 5;

export type SignInProblem = "locked" | "notFound" | "invalid" | "unavailable" | "rateLimited" | "expired";
export type Failure = { ok: false; problem: SignInProblem };

const hashNin = (nin: string) => keyedHash("nin", nin);
const hashToken = (token: string) => keyedHash("sign-in-token", token);

async function audit(
  db: Pick<Database, "insert">,
  event: { action: string; outcome: string; ninHash?: string; citizenId?: string; address?: string; detail?: string },
) {
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

async function isLocked(db: Database, ninHash: string): Promise<boolean> {
  return (await countRecent(db, failuresPerNin, ninHash)) >= failuresPerNin.limit;
}

/** Counts a wrong answer; true when the NIN is now locked (this was the fifth in the hour). */
async function recordFailure(db: Database, ninHash: string, address: string, detail: string): Promise<boolean> {
  await takeRateLimit(db, failuresPerNin, ninHash);
  const locked = await isLocked(db, ninHash);
  await audit(db, { action: "sign_in", outcome: locked ? "locked" : "failure", ninHash, address, detail });
  return locked;
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
  if (await isLocked(db, ninHash)) {
    await audit(db, { action: "sign_in", outcome: "refused-locked", ninHash, address: input.address });
    return { ok: false, problem: "locked" };
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

const smsText = {
  sw: (code: string) => `Namba yako ya kuingia Dirisha ni ${code}. Inafanya kazi kwa dakika ${CODE_MINUTES}. Usimpe mtu yeyote namba hii.`,
  en: (code: string) => `Your Dirisha sign-in code is ${code}. It works for ${CODE_MINUTES} minutes. Never share it with anyone.`,
};

/** Step 2a: a six-digit code to the phone NIDA has, stored only as a keyed hash. */
export async function sendCode(db: Database, attempt: Attempt, locale: Locale): Promise<{ ok: true } | Failure> {
  if (!attempt.phone) return { ok: false, problem: "invalid" };
  if (await isLocked(db, attempt.ninHash)) return { ok: false, problem: "locked" };
  if (!(await takeRateLimit(db, codesPerNin, attempt.ninHash))) return { ok: false, problem: "rateLimited" };
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(Date.now() + CODE_MINUTES * 60_000);
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
    // The code is useless after it expires, so the outbox does not send it late.
    await queueSms(tx, { to: attempt.phone!, message: smsText[locale](code), expiresAt });
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
    await audit(db, { action: "sign_in", outcome: "refused-mismatch", ninHash: attempt.ninHash, address, detail: "NIDA answer not about this NIN" });
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
    });
    // The NIN and phone leave the database with the finished sign-in.
    await tx.delete(signInAttempts).where(eq(signInAttempts.tokenHash, attempt.tokenHash));
    await audit(tx, { action: "sign_in", outcome: "verified", ninHash: attempt.ninHash, citizenId: row!.id, address, detail: attempt.method ?? "" });
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
): Promise<{ ok: true; proof: string } | Failure | { ok: false; problem: "wrongCode" }> {
  if (await isLocked(db, attempt.ninHash)) return { ok: false, problem: "locked" };
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
  const given = keyedHash("sign-in-code", `${attempt.tokenHash}:${code}`);
  if (!sameHash(given, current.codeHash)) {
    const locked = await recordFailure(db, attempt.ninHash, address, "wrong code");
    return { ok: false, problem: locked ? "locked" : "wrongCode" };
  }
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
  | { ok: true; kind: "question"; text: { sw: string; en: string }; previous: "right" | "wrong" | null }
  | { ok: true; kind: "verified"; proof: string };

/** Step 2b/3b: NIDA's security questions, started (no answer) or answered. */
export async function questionStep(
  db: Database,
  nida: NidaConfig,
  attempt: Attempt,
  address: string,
  answer?: string,
): Promise<QuestionStep | Failure> {
  if (await isLocked(db, attempt.ninHash)) return { ok: false, problem: "locked" };
  if (answer !== undefined && !attempt.questionCode) return { ok: false, problem: "expired" };
  let step;
  try {
    step = await securityQuestion(nida, attempt.nin, answer === undefined ? undefined : { rqCode: attempt.questionCode!, answer });
  } catch (error) {
    return unavailable(error, "questions");
  }
  if (step.kind === "verified") {
    const finished = await finish(db, attempt, step.citizen, address);
    return finished.ok ? { ok: true, kind: "verified", proof: finished.proof } : finished;
  }
  if (step.kind === "limit") {
    await recordFailure(db, attempt.ninHash, address, "NIDA attempt limit (122)");
    await db.update(signInAttempts).set({ questionCode: null }).where(eq(signInAttempts.tokenHash, attempt.tokenHash));
    return { ok: false, problem: "locked" };
  }
  if (step.kind === "not-found" || step.kind === "invalid") return { ok: false, problem: step.kind === "not-found" ? "notFound" : "invalid" };
  if (step.previous === "wrong" && (await recordFailure(db, attempt.ninHash, address, "wrong answer"))) {
    return { ok: false, problem: "locked" };
  }
  await db
    .update(signInAttempts)
    .set({ method: "questions", questionCode: step.question.code, questionSw: step.question.text.sw, questionEn: step.question.text.en })
    .where(eq(signInAttempts.tokenHash, attempt.tokenHash));
  return { ok: true, kind: "question", text: step.question.text, previous: step.previous };
}

export type SignedInCitizen = { id: string; name: string; sessionId: string };

/** The session provider's check: a proof is good once, for two minutes. */
export async function consumeProof(db: Database, proof: string): Promise<SignedInCitizen | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(proof)) return null;
  const [used] = await db
    .update(signInProofs)
    .set({ usedAt: sql`now()` })
    .where(
      and(eq(signInProofs.proofHash, keyedHash("sign-in-proof", proof)), isNull(signInProofs.usedAt), gt(signInProofs.expiresAt, sql`now()`)),
    )
    .returning({ citizenId: signInProofs.citizenId });
  if (!used) return null;
  const [citizen] = await db
    .select({ id: citizens.id, firstName: citizens.firstName, surname: citizens.surname })
    .from(citizens)
    .where(eq(citizens.id, used.citizenId));
  if (!citizen) return null;
  const sessionId = randomBytes(24).toString("base64url");
  await db.insert(citizenSessions).values({ id: sessionId, citizenId: citizen.id });
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
      .set({ revokedAt: sql`now()` })
      .where(and(eq(citizenSessions.id, sessionId), eq(citizenSessions.citizenId, citizenId)));
  }
  await audit(db, { action: "sign_out", outcome: "success", citizenId });
}

export async function citizenProfile(db: Database, citizenId: string) {
  const [row] = await db.select().from(citizens).where(eq(citizens.id, citizenId));
  return row;
}
