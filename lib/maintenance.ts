import { lt, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { signInAttempts, signInProofs } from "@/db/schema";
import { pruneDrafts } from "@/lib/applications/applications";
import { pruneServiceVisitors } from "@/lib/catalogue/usage";
import { pruneNidaRecords } from "@/lib/identity/nida-record";
import { enforceRetention } from "@/lib/privacy/retention";
import { pruneRateLimits } from "@/lib/security/rate-limit";
import { pruneUssdSessions } from "@/lib/ussd/sessions";

/**
 * Clears what has served its time: old rate-limit windows, expired sign-ins and proofs, and the
 * visitor hashes of days that are over, and whatever the privacy notice's periods have run out for. Run every quarter of an hour by the job queue
 * (lib/workers.ts); the queue's own jobs are pg-boss's to delete.
 */
export async function clearExpired(db: Database): Promise<void> {
  await pruneRateLimits(db);
  await pruneServiceVisitors(db);
  await pruneUssdSessions(db);
  // NIDA records go with the sessions that ended; drafts left 30 days go whole.
  await pruneNidaRecords(db);
  await pruneDrafts(db);
  // An abandoned sign-in takes its NIN and phone with it when it expires.
  await db.delete(signInAttempts).where(lt(signInAttempts.expiresAt, sql`now()`));
  await db.delete(signInProofs).where(lt(signInProofs.expiresAt, sql`now() - interval '1 day'`));
  // What the privacy notice promises: sessions, the security record, finished applications and
  // their documents, feedback contacts, bill phones, idle accounts (lib/privacy/retention.ts).
  await enforceRetention(db);
}
