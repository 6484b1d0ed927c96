import "server-only";
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { staff, staffInvitations, staffSessions, staffSignInSteps } from "@/db/schema";
import { authSecret } from "@/lib/keys";
import { keyedHash } from "@/lib/security/hash";
import { takeRateLimit, windowEnd } from "@/lib/security/rate-limit";
import { recordAudit } from "./audit";
import {
  clearStaffTriesHere,
  countStaffTry,
  liftStaffPause,
  notWrong,
  staffPauseOf,
  wrongTry,
  type StaffPause,
  type StaffPauseScope,
} from "./lockout";
import { hashPassword, passwordProblem, verifyPassword } from "./password";
import { newTotpSecret, verifyTotp } from "./totp";

/**
 * Staff accounts: invited by an administrator, set up through a one-time link (password, then an
 * authenticator app), signed in with both. Tokens, codes and proofs are kept only as keyed hashes.
 */

export type StaffRole = "admin" | "publisher" | "editor";
export type StaffMember = typeof staff.$inferSelect;

export const INVITATION_DAYS = 7;
const STEP_MINUTES = 5;
const PROOF_SECONDS = 120;
const MAX_CODE_GUESSES = 5;
// Every password tried from one address, right or wrong, whatever the account (wrong tries per
// account are counted in lockout.ts).
export const addressLimit = { bucket: "staff-sign-in-address", limit: 30, windowSeconds: 3600 };

const token = () => randomBytes(32).toString("base64url");
const tokenShape = /^[A-Za-z0-9_-]{43}$/;
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The TOTP secret must be readable to check codes, so it is encrypted rather than hashed.
function secretKey(): Buffer {
  return createHmac("sha256", authSecret()).update("staff-totp-secret").digest();
}

export function encryptSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey(), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function decryptSecret(stored: string): string | null {
  const [version, iv, body, tag] = stored.split(".");
  if (version !== "v1" || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", secretKey(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

type NewStaff = { email: string; name: string; role: StaffRole; institutionId: string | null };

/** Creates the account and its invitation; the token goes into the link and nowhere else. */
export async function inviteStaff(
  db: Database,
  byStaffId: string | null,
  member: NewStaff,
): Promise<{ ok: true; staffId: string; token: string } | { ok: false; problem: "emailTaken" }> {
  const email = normaliseEmail(member.email);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.email, email));
    if (existing) return { ok: false as const, problem: "emailTaken" as const };
    const [created] = await tx
      .insert(staff)
      .values({
        email,
        name: member.name.trim(),
        role: member.role,
        institutionId: member.role === "admin" ? null : member.institutionId,
        createdBy: byStaffId,
      })
      .returning();
    const secret = token();
    await tx.insert(staffInvitations).values({
      tokenHash: keyedHash("staff-invitation", secret),
      staffId: created!.id,
      purpose: "invite",
      createdBy: byStaffId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86400_000),
    });
    await recordAudit(tx, {
      staffId: byStaffId,
      action: "staff.invite",
      entity: "staff",
      entityId: created!.id,
      institutionId: created!.institutionId,
      after: publicView(created!),
    });
    return { ok: true as const, staffId: created!.id, token: secret };
  });
}

/** What the audit log and the staff list show of an account: never a hash or a secret. */
export function publicView(member: StaffMember) {
  return {
    email: member.email,
    name: member.name,
    role: member.role,
    institutionId: member.institutionId,
    disabled: member.disabledAt !== null,
    enrolled: member.passwordHash !== null && member.totpSecret !== null,
  };
}

/** An administrator's reset: password and authenticator cleared, sessions ended, a new link made. */
export async function resetStaff(db: Database, byStaffId: string | null, staffId: string): Promise<string | null> {
  if (!uuidShape.test(staffId)) return null;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(staff).where(eq(staff.id, staffId)).for("update");
    if (!before) return null;
    const [after] = await tx
      .update(staff)
      .set({ passwordHash: null, totpSecret: null, totpLastStep: null, failedSignIns: 0, lockedUntil: null })
      .where(eq(staff.id, staffId))
      .returning();
    await endAllSessions(tx, staffId);
    // The account's pause after wrong tries goes with the password it was guarding.
    await liftStaffPause(tx, before.email);
    await tx
      .update(staffInvitations)
      .set({ usedAt: sql`now()` })
      .where(and(eq(staffInvitations.staffId, staffId), isNull(staffInvitations.usedAt)));
    const secret = token();
    await tx.insert(staffInvitations).values({
      tokenHash: keyedHash("staff-invitation", secret),
      staffId,
      purpose: "reset",
      createdBy: byStaffId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86400_000),
    });
    await recordAudit(tx, {
      staffId: byStaffId,
      action: "staff.reset",
      entity: "staff",
      entityId: staffId,
      institutionId: before.institutionId,
      before: publicView(before),
      after: publicView(after!),
    });
    return secret;
  });
}

export async function setStaffDisabled(db: Database, byStaffId: string, staffId: string, disabled: boolean): Promise<boolean> {
  if (!uuidShape.test(staffId)) return false;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(staff).where(eq(staff.id, staffId)).for("update");
    if (!before) return false;
    const [after] = await tx
      .update(staff)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(eq(staff.id, staffId))
      .returning();
    if (disabled) await endAllSessions(tx, staffId);
    await recordAudit(tx, {
      staffId: byStaffId,
      action: disabled ? "staff.disable" : "staff.enable",
      entity: "staff",
      entityId: staffId,
      institutionId: before.institutionId,
      before: publicView(before),
      after: publicView(after!),
    });
    return true;
  });
}

async function endAllSessions(db: Pick<Database, "update">, staffId: string) {
  await db
    .update(staffSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(staffSessions.staffId, staffId), isNull(staffSessions.revokedAt)));
}

export type Invitation = { member: StaffMember; purpose: string; pendingTotpSecret: string | null; passwordChosen: boolean };

/** A link that still works: not used, not expired, for an account that is not disabled. */
export async function findInvitation(db: Database, secret: string | undefined): Promise<Invitation | null> {
  if (!secret || !tokenShape.test(secret)) return null;
  const [row] = await db
    .select({
      member: staff,
      purpose: staffInvitations.purpose,
      pendingTotpSecret: staffInvitations.pendingTotpSecret,
      pendingPasswordHash: staffInvitations.pendingPasswordHash,
    })
    .from(staffInvitations)
    .innerJoin(staff, eq(staff.id, staffInvitations.staffId))
    .where(
      and(
        eq(staffInvitations.tokenHash, keyedHash("staff-invitation", secret)),
        isNull(staffInvitations.usedAt),
        gt(staffInvitations.expiresAt, sql`now()`),
        isNull(staff.disabledAt),
      ),
    );
  if (!row) return null;
  const pending = row.pendingTotpSecret ? decryptSecret(row.pendingTotpSecret) : null;
  return { member: row.member, purpose: row.purpose, pendingTotpSecret: pending, passwordChosen: row.pendingPasswordHash !== null };
}

/** Step one of setting up: the password (twice). Makes the authenticator secret to enrol next. */
export async function choosePassword(
  db: Database,
  secret: string,
  password: string,
  repeated: string,
): Promise<{ ok: true } | { ok: false; problem: "invitationGone" | "passwordShort" | "passwordLong" | "passwordMismatch" }> {
  const invitation = await findInvitation(db, secret);
  if (!invitation) return { ok: false, problem: "invitationGone" };
  const problem = passwordProblem(password);
  if (problem) return { ok: false, problem: problem === "short" ? "passwordShort" : "passwordLong" };
  if (password !== repeated) return { ok: false, problem: "passwordMismatch" };
  await db
    .update(staffInvitations)
    .set({ pendingPasswordHash: await hashPassword(password), pendingTotpSecret: encryptSecret(newTotpSecret()) })
    .where(and(eq(staffInvitations.tokenHash, keyedHash("staff-invitation", secret)), isNull(staffInvitations.usedAt)));
  return { ok: true };
}

/** Step two: a code from the app proves it holds the secret; then the account is ready. */
export async function confirmAuthenticator(
  db: Database,
  secret: string,
  code: string,
): Promise<{ ok: true; staffId: string } | { ok: false; problem: "invitationGone" | "wrongCode" }> {
  const invitation = await findInvitation(db, secret);
  if (!invitation?.pendingTotpSecret || !invitation.passwordChosen) return { ok: false, problem: "invitationGone" };
  const step = verifyTotp(invitation.pendingTotpSecret, code);
  if (step === null) return { ok: false, problem: "wrongCode" };
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(staffInvitations)
      .set({ usedAt: sql`now()` })
      .where(and(eq(staffInvitations.tokenHash, keyedHash("staff-invitation", secret)), isNull(staffInvitations.usedAt)))
      .returning({ passwordHash: staffInvitations.pendingPasswordHash, totpSecret: staffInvitations.pendingTotpSecret });
    if (!used?.passwordHash || !used.totpSecret) return { ok: false as const, problem: "invitationGone" as const };
    await tx
      .update(staff)
      .set({ passwordHash: used.passwordHash, totpSecret: used.totpSecret, totpLastStep: step, failedSignIns: 0, lockedUntil: null })
      .where(eq(staff.id, invitation.member.id));
    await recordAudit(tx, {
      staffId: invitation.member.id,
      action: "staff.enrol",
      entity: "staff",
      entityId: invitation.member.id,
      institutionId: invitation.member.institutionId,
    });
    return { ok: true as const, staffId: invitation.member.id };
  });
}

export type StaffSignInProblem = "wrongPassword" | "locked" | "tooMany" | "stepGone" | "wrongCode";
/** Signing in to the account is paused until `until`: from this address, or from everywhere. */
export type StaffLocked = { ok: false; problem: "locked"; until: Date; scope: StaffPauseScope };
/** This address has tried too many times, whatever the accounts, until `until`. */
export type StaffTooMany = { ok: false; problem: "tooMany"; until: Date };
export type StaffSignInRefusal = StaffLocked | StaffTooMany | { ok: false; problem: "wrongPassword" | "stepGone" | "wrongCode" };

const locked = (pause: StaffPause): StaffLocked => ({ ok: false, problem: "locked", until: pause.until, scope: pause.scope });

/** The audit entry of a pause on a known account (no address: the entry says what, not from where). */
async function auditPause(db: Database, member: StaffMember, pause: StaffPause, after: "password" | "code") {
  await recordAudit(db, {
    staffId: member.id,
    action: "staff.sign_in_paused",
    entity: "staff",
    entityId: member.id,
    institutionId: member.institutionId,
    after: { scope: pause.scope, until: pause.until.toISOString(), after },
  });
}

// Checked when the e-mail is unknown too, so that the answer takes as long either way.
let decoyHash: Promise<string> | null = null;

/**
 * Step one of signing in: e-mail and password. Wrong passwords are counted per account and
 * address and per account (lockout.ts), before the password is checked; an unknown e-mail is
 * counted and paused the same way, so that the answers never tell whether an account exists.
 */
export async function checkStaffPassword(
  db: Database,
  input: { email: string; password: string; address: string },
): Promise<{ ok: true; stepToken: string } | StaffSignInRefusal> {
  const now = new Date();
  if (!(await takeRateLimit(db, addressLimit, input.address, now)))
    return { ok: false, problem: "tooMany", until: windowEnd(addressLimit, now) };
  const email = normaliseEmail(input.email);
  const [member] = await db.select().from(staff).where(eq(staff.email, email));
  const paused = await staffPauseOf(db, email, input.address);
  if (paused) return locked(paused);
  const counted = await countStaffTry(db, email, input.address);
  if (!counted.ok) {
    if (counted.pausedNow && member) await auditPause(db, member, counted.pause, "password");
    return locked(counted.pause);
  }
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const usable = member && member.passwordHash && member.totpSecret && !member.disabledAt;
  const passwordOk = await verifyPassword(input.password.slice(0, 200), usable ? member.passwordHash! : await decoyHash);
  if (!usable || !passwordOk) {
    if (usable)
      await recordAudit(db, {
        staffId: member.id,
        action: "staff.sign_in_failed",
        entity: "staff",
        entityId: member.id,
        institutionId: member.institutionId,
      });
    const pause = await wrongTry(db, counted.counted);
    if (!pause) return { ok: false, problem: "wrongPassword" };
    if (member) await auditPause(db, member, pause, "password");
    return locked(pause);
  }
  // A right password is not a wrong try (the sign-in is not over: the code's count stays).
  await notWrong(db, counted.counted);
  const stepToken = token();
  await db.insert(staffSignInSteps).values({
    tokenHash: keyedHash("staff-sign-in-step", stepToken),
    staffId: member.id,
    expiresAt: new Date(Date.now() + STEP_MINUTES * 60_000),
  });
  return { ok: true, stepToken };
}

/**
 * Step two: the authenticator's code. Guesses are counted before the comparison, five to a step
 * and against the account's wrong tries like passwords; a code's 30-second step is stored when
 * accepted, so the same code cannot be used again.
 */
export async function checkStaffCode(
  db: Database,
  stepToken: string | undefined,
  code: string,
  address: string,
): Promise<{ ok: true; proof: string } | StaffSignInRefusal> {
  if (!stepToken || !tokenShape.test(stepToken)) return { ok: false, problem: "stepGone" };
  const stepHash = keyedHash("staff-sign-in-step", stepToken);
  const [step] = await db
    .update(staffSignInSteps)
    .set({ codeGuesses: sql`${staffSignInSteps.codeGuesses} + 1` })
    .where(and(eq(staffSignInSteps.tokenHash, stepHash), gt(staffSignInSteps.expiresAt, sql`now()`), isNull(staffSignInSteps.proofHash)))
    .returning();
  if (!step || step.codeGuesses > MAX_CODE_GUESSES) return { ok: false, problem: "stepGone" };
  const [member] = await db.select().from(staff).where(eq(staff.id, step.staffId));
  const secret = member?.totpSecret ? decryptSecret(member.totpSecret) : null;
  if (!member || !secret || member.disabledAt) return { ok: false, problem: "stepGone" };
  const paused = await staffPauseOf(db, member.email, address);
  if (paused) return locked(paused);
  const counted = await countStaffTry(db, member.email, address);
  if (!counted.ok) {
    if (counted.pausedNow) await auditPause(db, member, counted.pause, "code");
    return locked(counted.pause);
  }
  const accepted = verifyTotp(secret, code);
  const [taken] =
    accepted === null
      ? []
      : await db
          .update(staff)
          .set({ totpLastStep: accepted, lastSignInAt: sql`now()` })
          .where(and(eq(staff.id, member.id), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, accepted))))
          .returning({ id: staff.id });
  if (!taken) {
    await recordAudit(db, {
      staffId: member.id,
      action: "staff.code_failed",
      entity: "staff",
      entityId: member.id,
      institutionId: member.institutionId,
    });
    const pause = await wrongTry(db, counted.counted);
    if (!pause) return { ok: false, problem: "wrongCode" };
    await auditPause(db, member, pause, "code");
    return locked(pause);
  }
  // Signed in: this address starts again with its five tries for the account.
  await notWrong(db, counted.counted);
  await clearStaffTriesHere(db, member.email, address);
  const proof = token();
  await db
    .update(staffSignInSteps)
    .set({ proofHash: keyedHash("staff-proof", proof), proofExpiresAt: new Date(Date.now() + PROOF_SECONDS * 1000) })
    .where(eq(staffSignInSteps.tokenHash, stepHash));
  return { ok: true, proof };
}

/**
 * The pause on the account of a sign-in under way, from this address (for the page a paused code
 * step is sent to, which knows the account only by the step's cookie), or null.
 */
export async function staffStepPause(db: Database, stepToken: string | undefined, address: string): Promise<StaffPause | null> {
  if (!stepToken || !tokenShape.test(stepToken)) return null;
  const [row] = await db
    .select({ email: staff.email })
    .from(staffSignInSteps)
    .innerJoin(staff, eq(staff.id, staffSignInSteps.staffId))
    .where(eq(staffSignInSteps.tokenHash, keyedHash("staff-sign-in-step", stepToken)));
  return row ? staffPauseOf(db, row.email, address) : null;
}

export type SignedInStaff = { id: string; name: string; role: StaffRole; institutionId: string | null; sessionId: string };

/** The session provider's check: a proof made by a right code, used once, within two minutes. */
export async function consumeStaffProof(db: Database, proof: string): Promise<SignedInStaff | null> {
  if (!tokenShape.test(proof)) return null;
  const [used] = await db
    .delete(staffSignInSteps)
    .where(and(eq(staffSignInSteps.proofHash, keyedHash("staff-proof", proof)), gt(staffSignInSteps.proofExpiresAt, sql`now()`)))
    .returning({ staffId: staffSignInSteps.staffId });
  if (!used) return null;
  const [member] = await db
    .select()
    .from(staff)
    .where(and(eq(staff.id, used.staffId), isNull(staff.disabledAt)));
  if (!member) return null;
  const sessionId = randomBytes(24).toString("base64url");
  await db.insert(staffSessions).values({ id: sessionId, staffId: member.id });
  await recordAudit(db, {
    staffId: member.id,
    action: "staff.sign_in",
    entity: "staff",
    entityId: member.id,
    institutionId: member.institutionId,
  });
  return { id: member.id, name: member.name, role: member.role, institutionId: member.institutionId, sessionId };
}

/** The account behind a live session, as it is now (a role changed or an account disabled counts at once). */
export async function activeStaffSession(db: Database, sessionId: unknown): Promise<StaffMember | null> {
  if (typeof sessionId !== "string") return null;
  const [row] = await db
    .select({ member: staff })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.revokedAt), isNull(staff.disabledAt)));
  return row?.member ?? null;
}

export async function endStaffSession(db: Database, staffId: string, sessionId: string): Promise<void> {
  await db
    .update(staffSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(staffSessions.id, sessionId), eq(staffSessions.staffId, staffId)));
  await recordAudit(db, { staffId, action: "staff.sign_out", entity: "staff", entityId: staffId });
}
