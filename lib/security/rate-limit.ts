import "server-only";
import { and, desc, eq, gt, gte, lt, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { rateLimitHits } from "@/db/schema";
import { keyedHash } from "./hash";

export type RateLimit = { bucket: string; limit: number; windowSeconds: number };

/** The value itself (an address, a NIN) is never stored: a keyed hash stands for it. */
function keyHash(bucket: string, key: string): string {
  return keyedHash(`rate-limit:${bucket}`, key);
}

/**
 * Counts one attempt and says whether it is within the limit. The count lives in the database,
 * so the limit holds across every portal process and machine.
 */
export async function takeRateLimit(db: Pick<Database, "insert">, rule: RateLimit, key: string, now = new Date()): Promise<boolean> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimitHits)
    .values({ bucket: rule.bucket, keyHash: keyHash(rule.bucket, key), windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitHits.bucket, rateLimitHits.keyHash, rateLimitHits.windowStart],
      set: { hits: sql`${rateLimitHits.hits} + 1` },
    })
    .returning({ hits: rateLimitHits.hits });
  return (row?.hits ?? 1) <= rule.limit;
}

/**
 * Counts one attempt and says how many this window and the one before now hold, this one
 * included. The current window's count comes from the same statement that adds to it, so
 * parallel requests each see a different total and no two of them can both be "the last one".
 */
export async function takeRecent(
  db: Database,
  rule: RateLimit,
  key: string,
  now = new Date(),
): Promise<{ total: number; windowStart: Date }> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimitHits)
    .values({ bucket: rule.bucket, keyHash: keyHash(rule.bucket, key), windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitHits.bucket, rateLimitHits.keyHash, rateLimitHits.windowStart],
      set: { hits: sql`${rateLimitHits.hits} + 1` },
    })
    .returning({ hits: rateLimitHits.hits });
  const [previous] = await db
    .select({ hits: rateLimitHits.hits })
    .from(rateLimitHits)
    .where(
      and(
        eq(rateLimitHits.bucket, rule.bucket),
        eq(rateLimitHits.keyHash, keyHash(rule.bucket, key)),
        eq(rateLimitHits.windowStart, new Date(windowStart.getTime() - windowMs)),
      ),
    );
  return { total: (row?.hits ?? 1) + (previous?.hits ?? 0), windowStart };
}

/** Takes back one attempt counted by takeRecent (one that turned out not to count). */
export async function giveBack(db: Database, rule: RateLimit, key: string, windowStart: Date): Promise<void> {
  await db
    .update(rateLimitHits)
    .set({ hits: sql`greatest(${rateLimitHits.hits} - 1, 0)` })
    .where(
      and(
        eq(rateLimitHits.bucket, rule.bucket),
        eq(rateLimitHits.keyHash, keyHash(rule.bucket, key)),
        eq(rateLimitHits.windowStart, windowStart),
      ),
    );
}

/** Forgets every attempt counted for a key (after a success, say). */
export async function clearRateLimit(db: Pick<Database, "delete">, rule: Pick<RateLimit, "bucket">, key: string): Promise<void> {
  await db.delete(rateLimitHits).where(and(eq(rateLimitHits.bucket, rule.bucket), eq(rateLimitHits.keyHash, keyHash(rule.bucket, key))));
}

/**
 * A pause: the key is refused for `rule.windowSeconds` from `now`, exactly, whatever the
 * clock's hour. Kept in the same table, as a row whose window starts when the pause does.
 */
export type Pause = { bucket: string; windowSeconds: number };

export async function startPause(db: Pick<Database, "insert">, rule: Pause, key: string, now = new Date()): Promise<Date> {
  await db
    .insert(rateLimitHits)
    .values({ bucket: rule.bucket, keyHash: keyHash(rule.bucket, key), windowStart: now, hits: 1 })
    .onConflictDoNothing();
  return new Date(now.getTime() + rule.windowSeconds * 1000);
}

/** When the key's pause ends, or null when it is not paused. */
export async function pausedUntil(db: Database, rule: Pause, key: string, now = new Date()): Promise<Date | null> {
  const [row] = await db
    .select({ started: rateLimitHits.windowStart })
    .from(rateLimitHits)
    .where(
      and(
        eq(rateLimitHits.bucket, rule.bucket),
        eq(rateLimitHits.keyHash, keyHash(rule.bucket, key)),
        gt(rateLimitHits.windowStart, new Date(now.getTime() - rule.windowSeconds * 1000)),
      ),
    )
    .orderBy(desc(rateLimitHits.windowStart))
    .limit(1);
  return row ? new Date(row.started.getTime() + rule.windowSeconds * 1000) : null;
}

/** When the window that holds `now` ends: when a key refused in it may try again. */
export function windowEnd(rule: RateLimit, now = new Date()): Date {
  const windowMs = rule.windowSeconds * 1000;
  return new Date((Math.floor(now.getTime() / windowMs) + 1) * windowMs);
}

/** When the key may try again, while the current window has used up its limit; null when it may now. */
export async function rateLimitedUntil(db: Database, rule: RateLimit, key: string, now = new Date()): Promise<Date | null> {
  return (await countRateLimit(db, rule, key, now)) >= rule.limit ? windowEnd(rule, now) : null;
}

/** How many attempts the current window has counted, without counting one more. */
export async function countRateLimit(db: Database, rule: RateLimit, key: string, now = new Date()): Promise<number> {
  return countWindows(db, rule, key, now, 1);
}

/**
 * Attempts counted in this window and the one before. A lock decided on this sum lasts a whole
 * window at least, where the current window alone would end at the next hour's stroke.
 */
export async function countRecent(db: Database, rule: RateLimit, key: string, now = new Date()): Promise<number> {
  return countWindows(db, rule, key, now, 2);
}

async function countWindows(db: Database, rule: RateLimit, key: string, now: Date, windows: number): Promise<number> {
  const windowMs = rule.windowSeconds * 1000;
  const current = Math.floor(now.getTime() / windowMs) * windowMs;
  const [row] = await db
    .select({ hits: sql<number>`coalesce(sum(${rateLimitHits.hits}), 0)::int` })
    .from(rateLimitHits)
    .where(
      and(
        eq(rateLimitHits.bucket, rule.bucket),
        eq(rateLimitHits.keyHash, keyHash(rule.bucket, key)),
        gte(rateLimitHits.windowStart, new Date(current - (windows - 1) * windowMs)),
      ),
    );
  return Number(row?.hits ?? 0);
}

/** Drops windows that ended more than a day ago. */
export async function pruneRateLimits(db: Database): Promise<void> {
  await db.delete(rateLimitHits).where(lt(rateLimitHits.windowStart, sql`now() - interval '1 day'`));
}
