import "server-only";
import type { Database } from "@/db";
import { clearRateLimit, giveBack, pausedUntil, startPause, takeRecent, type Pause, type RateLimit } from "@/lib/security/rate-limit";

/*
 * Wrong passwords and wrong authenticator codes for a staff account (issue 21). Five wrong
 * passwords from anyone used to lock an account for 15 minutes, so whoever knew an editor's
 * e-mail address could keep them out of the editorial area for as long as they liked. As for
 * citizens (decision 0003), each wrong try is now counted twice, each count over the current
 * quarter-hour and the one before it, and each pausing signing in for exactly 15 minutes when it
 * reaches its limit:
 *
 * - per account and address, 5: what a caller sees. A stranger guessing at an account pauses it
 *   for themselves; its owner, elsewhere, is not held up.
 * - per account from anywhere, 20: the ceiling whatever the addresses. Passwords have 12
 *   characters at least and the code changes every 30 seconds, so at 20 guesses in a quarter of an
 *   hour (under 2,000 a day) neither is within reach; pausing an account for its owner takes four
 *   addresses spending their five each, and lasts 15 minutes.
 *
 * (Every attempt from one address, right or wrong, whatever the account, is also limited: 30 an
 * hour, in accounts.ts.) Accounts are counted by their normalised e-mail address, known or not,
 * so that a pause says nothing of whether an account exists. A right password is not a wrong
 * try; a right code, which ends the sign-in, clears its address's count for the account. A pause
 * clears the count that led to it, so that five tries follow it. An administrator's reset lifts
 * the account's pause.
 */
export const STAFF_PAUSE_MINUTES = 15;
export const wrongHere: RateLimit = { bucket: "staff-wrong-here", limit: 5, windowSeconds: STAFF_PAUSE_MINUTES * 60 };
export const herePause: Pause = { bucket: "staff-pause-here", windowSeconds: STAFF_PAUSE_MINUTES * 60 };
export const wrongPerAccount: RateLimit = { bucket: "staff-wrong-account", limit: 20, windowSeconds: STAFF_PAUSE_MINUTES * 60 };
export const accountPause: Pause = { bucket: "staff-pause-account", windowSeconds: STAFF_PAUSE_MINUTES * 60 };

/** What a pause is about: this account from this address, or this account from everywhere. */
export type StaffPauseScope = "here" | "account";
export type StaffPause = { until: Date; scope: StaffPauseScope };

type Count = { rule: RateLimit; pause: Pause; key: string; scope: StaffPauseScope };

function countsOf(email: string, address: string): Count[] {
  return [
    { rule: wrongHere, pause: herePause, key: `${email} ${address}`, scope: "here" },
    { rule: wrongPerAccount, pause: accountPause, key: email, scope: "account" },
  ];
}

/** The pause on this account from this address that ends last, if any. */
export async function staffPauseOf(db: Database, email: string, address: string, now = new Date()): Promise<StaffPause | null> {
  let found: StaffPause | null = null;
  for (const { pause, key, scope } of countsOf(email, address)) {
    const until = await pausedUntil(db, pause, key, now);
    if (until && (!found || until > found.until)) found = { until, scope };
  }
  return found;
}

/** A try counted both ways before it is checked: each count's total (this one included) and its window. */
export type StaffTry = { counts: Count[]; taken: { total: number; windowStart: Date }[] };

/** Pauses what these counts are about, from now, and forgets the tries that led to it. */
async function pause(db: Database, counts: Count[]): Promise<StaffPause> {
  const untils = await db.transaction(async (tx) => {
    const untils: Date[] = [];
    for (const count of counts) {
      untils.push(await startPause(tx, count.pause, count.key));
      await clearRateLimit(tx, count.rule, count.key);
    }
    return untils;
  });
  const until = new Date(Math.max(...untils.map((date) => date.getTime())));
  return { until, scope: counts.some((count) => count.scope === "account") ? "account" : "here" };
}

/**
 * Counts a try (a password or a code) before it is checked, each count in one statement, so
 * that parallel tries cannot pass a limit together. The counts when the try may be checked; the
 * pause when it may not (`pausedNow` when this try is what started it).
 */
export async function countStaffTry(
  db: Database,
  email: string,
  address: string,
): Promise<{ ok: true; counted: StaffTry } | { ok: false; pause: StaffPause; pausedNow: boolean }> {
  const counts = countsOf(email, address);
  const counted: StaffTry = { counts, taken: [] };
  for (const { rule, key } of counts) counted.taken.push(await takeRecent(db, rule, key));
  // A pause that began while this try was on its way refuses it too, and it is not kept.
  const paused = await staffPauseOf(db, email, address);
  if (paused) {
    await notWrong(db, counted);
    return { ok: false, pause: paused, pausedNow: false };
  }
  const over = counts.filter((count, i) => counted.taken[i]!.total > count.rule.limit);
  if (over.length === 0) return { ok: true, counted };
  // Only a try made while the last allowed one was being checked gets here: it is not checked.
  for (const [i, count] of counts.entries())
    if (!over.includes(count)) await giveBack(db, count.rule, count.key, counted.taken[i]!.windowStart);
  return { ok: false, pause: await pause(db, over), pausedNow: true };
}

/** Takes back a try that was not wrong (a right password or code), from both counts. */
export async function notWrong(db: Database, counted: StaffTry): Promise<void> {
  for (const [i, { rule, key }] of counted.counts.entries()) await giveBack(db, rule, key, counted.taken[i]!.windowStart);
}

/** The try was wrong: the pause when it was the last one either count allows, else null. */
export async function wrongTry(db: Database, counted: StaffTry): Promise<StaffPause | null> {
  const reached = counted.counts.filter((count, i) => counted.taken[i]!.total >= count.rule.limit);
  return reached.length > 0 ? pause(db, reached) : null;
}

/** A signed-in member's address starts again with five tries for the account. */
export async function clearStaffTriesHere(db: Pick<Database, "delete">, email: string, address: string): Promise<void> {
  await clearRateLimit(db, wrongHere, `${email} ${address}`);
}

/** An administrator's reset: the account's pause and its count from everywhere are lifted. */
export async function liftStaffPause(db: Pick<Database, "delete">, email: string): Promise<void> {
  await clearRateLimit(db, accountPause, email);
  await clearRateLimit(db, wrongPerAccount, email);
}
