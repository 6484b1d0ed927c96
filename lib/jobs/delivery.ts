import "server-only";
import { sql } from "drizzle-orm";
import type { Job, JobResult } from "pg-boss";
import type { z } from "zod";
import type { Database } from "@/db";
import { describeError, log } from "@/lib/log";
import { DeliveryError, isDatabaseAway, withoutNumbers } from "./errors";
import { QUEUE_SCHEMA } from "./queue";

/**
 * One try of one hand-off, as the queue's worker runs it. The payload is checked again before it
 * is used; an error is retried by pg-boss (with backoff, up to the queue's tries) unless it is
 * permanent, when the job goes to its dead-letter queue at once. What a try leaves in the job's
 * output is the error without long digit runs and the number of tries: that is what operators see.
 */
export type Delivery<T> = {
  payload: z.ZodType<T>;
  /**
   * The payload holds personal data (a phone number, a sign-in code): once delivered, the job's
   * data is replaced by WIPED, so that pg-boss keeps none of it until it deletes the job.
   */
  sensitive?: boolean;
  /** The moment after which delivering is pointless (a sign-in code's expiry): the job gives up then. */
  expiresAt?: (payload: T) => Date | undefined;
  deliver: (payload: T) => Promise<unknown>;
};

/** A sensitive job's data once it needs none: delivered, or given up because it expired. */
export const WIPED = { wiped: true } as const;

export function isWiped(data: unknown): boolean {
  return typeof data === "object" && data !== null && (data as { wiped?: unknown }).wiped === true;
}

export type FailureOutput = { error: string; tries: number };

/** Replaces a job's data by WIPED (pg-boss has no call for changing a running job's data). */
async function wipe(db: Database, queue: string, id: string): Promise<void> {
  await db.execute(
    sql`update ${sql.identifier(QUEUE_SCHEMA)}.job set data = ${JSON.stringify(WIPED)}::jsonb where name = ${queue} and id = ${id}::uuid`,
  );
}

/**
 * How long a try waits for a database that went away (restarting, a failover) to record what
 * came of it, and how often it asks: within the queues' expiry (lib/jobs/queue.ts). A try that
 * delivered keeps trying to record it (the wipe), so that the job's next try finds it wiped
 * instead of sending it again; a try that failed because the database went away waits for it to
 * answer, so that pg-boss records the failure and the job is tried again after its backoff, not
 * after waiting out its expiry (2 to 5 minutes) as a job whose outcome was lost.
 */
export const DATABASE_PATIENCE = { patienceMs: 40_000, everyMs: 1_000 };

/** Resolves once the database answers a query. */
async function reachable(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Runs `write` until it succeeds or `patienceMs` has passed; whether it succeeded. */
async function persistently(write: () => Promise<void>, { patienceMs, everyMs }: typeof DATABASE_PATIENCE): Promise<boolean> {
  const until = Date.now() + patienceMs;
  for (;;) {
    try {
      await write();
      return true;
    } catch {
      if (Date.now() + everyMs > until) return false;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

export async function runDelivery<T>(
  db: Database,
  queue: string,
  delivery: Delivery<T>,
  job: Job<unknown>,
  patience = DATABASE_PATIENCE,
): Promise<JobResult> {
  const tries = job.retryCount + 1;
  // The request that queued it, named in every line about it (lib/jobs/queue.ts traced).
  const data = job.data as { requestId?: unknown } | null;
  const requestId = typeof data?.requestId === "string" ? data.requestId.slice(0, 64) : undefined;
  const fail = (error: string, permanent: boolean): JobResult => {
    log.warn(permanent ? "hand-off gave up" : "hand-off failed; the queue will try again unless that was its last try", {
      queue,
      job: job.id,
      tries,
      error,
      ...(requestId ? { requestId } : {}),
    });
    return { id: job.id, status: permanent ? "deadletter" : "failed", output: { error, tries } satisfies FailureOutput };
  };
  // Wiped while running: delivered by a try whose worker stopped before recording it.
  if (delivery.sensitive && isWiped(job.data)) return { id: job.id, status: "completed" };
  const parsed = delivery.payload.safeParse(job.data);
  if (!parsed.success) return fail("payload does not match its queue", true);
  const expiresAt = delivery.expiresAt?.(parsed.data);
  if (expiresAt && expiresAt.getTime() < Date.now()) {
    // Never sent, and never to be: it keeps nothing, in its dead letter either.
    if (delivery.sensitive) await wipe(db, queue, job.id);
    return fail("expired before delivery", true);
  }
  let outcome: unknown;
  try {
    outcome = await delivery.deliver(parsed.data);
  } catch (error) {
    if (isDatabaseAway(error) && !(await persistently(() => reachable(db), patience)))
      log.error("the database is still away: this try's failure may not be recorded", { queue, job: job.id, tries });
    // A failed query's message would carry its parameters: described without them.
    return fail(
      withoutNumbers(error instanceof DeliveryError ? error.message : describeError(error)),
      error instanceof DeliveryError && error.permanent,
    );
  }
  // Delivered: from here nothing may report it as failed, or the next try would send it again.
  // The wipe is what tells a later try so (a sensitive message, such as an SMS, has no reference
  // by which the other side could know a repeat): kept trying while the database is away.
  if (delivery.sensitive && !(await persistently(() => wipe(db, queue, job.id), patience))) {
    log.error("hand-off delivered, but the database could not record it: a later try may deliver it again", { queue, job: job.id, tries });
  }
  log.info("hand-off delivered", {
    queue,
    job: job.id,
    tries,
    ...(requestId ? { requestId } : {}),
    ...(typeof outcome === "string" ? { outcome } : {}),
  });
  return { id: job.id, status: "completed", output: typeof outcome === "string" ? { outcome } : undefined };
}
