import { and, lt, ne, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { outbox, signInAttempts, signInProofs } from "@/db/schema";
import { pruneServiceVisitors } from "@/lib/catalogue/usage";
import { describeError, log } from "@/lib/log";
import { pruneRateLimits } from "@/lib/security/rate-limit";

/**
 * Clears what has served its time: old rate-limit windows, expired sign-ins and proofs, old
 * hand-offs, and the visitor hashes of days that are over.
 */
export async function clearExpired(db: Database): Promise<void> {
  await pruneRateLimits(db);
  await pruneServiceVisitors(db);
  // An abandoned sign-in takes its NIN and phone with it when it expires.
  await db.delete(signInAttempts).where(lt(signInAttempts.expiresAt, sql`now()`));
  await db.delete(signInProofs).where(lt(signInProofs.expiresAt, sql`now() - interval '1 day'`));
  // Finished hand-offs are kept a month for operators, then go.
  await db.delete(outbox).where(and(ne(outbox.status, "pending"), lt(outbox.createdAt, sql`now() - interval '30 days'`)));
}

/** Runs clearExpired every quarter of an hour, alongside the outbox worker. */
export function startMaintenance(db: Database): { stop(): void } {
  const run = () =>
    clearExpired(db).catch((error: unknown) =>
      log.warn("maintenance failed", { error: describeError(error) }),
    );
  void run();
  const timer = setInterval(run, 15 * 60_000).unref();
  return { stop: () => clearInterval(timer) };
}
