import { PgBoss, fromDrizzle, fromPglite } from "pg-boss";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { log, describeError } from "@/lib/log";

/**
 * The durable job queue for hand-offs that must happen exactly once (bills to GePG): pg-boss 12,
 * in the same database as everything else: the embedded PGlite through its adapter, or
 * PostgreSQL through its own pool. Jobs are sent in the same transaction as the row they are
 * about, so a bill and its delivery job exist together or not at all.
 */

export const QUEUES = {
  /** Deliver a bill to GePG; the job's id is the bill's id, so it can be queued only once. */
  billSubmit: "gepg-bill-submit",
  /** Bills GePG could not be reached for after every retry: shown to operators, redriven by them. */
  billSubmitDead: "gepg-bill-submit-dead",
  /** Ask GePG for a day's payments and compare them with ours. */
  reconcile: "gepg-reconcile",
} as const;

type Holder = { boss?: Promise<PgBoss> };
// On globalThis: the route handlers' and the pages' bundles share one queue in one process.
const holder = globalThis as typeof globalThis & { dirishaJobs?: Holder };
const state = (holder.dirishaJobs ??= {});

/** A started queue on this database, with its queues made (the process keeps one: jobQueue). */
export async function openJobQueue(handle: DatabaseHandle): Promise<PgBoss> {
  const boss =
    handle.queue.engine === "pglite"
      ? new PgBoss({ db: fromPglite(handle.queue.client), backend: "pglite", schema: "pgboss" })
      : new PgBoss({ connectionString: handle.queue.url, schema: "pgboss", max: 4 });
  boss.on("error", (error: unknown) => log.error("job queue error", { error: describeError(error) }));
  await boss.start();
  await boss.createQueue(QUEUES.billSubmitDead);
  await boss.createQueue(QUEUES.billSubmit, {
    // GePG down or slow: 10 s, 20 s, 40 s… at most 30 minutes apart, for about two days.
    retryLimit: 100,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 1800,
    expireInSeconds: 120,
    deadLetter: QUEUES.billSubmitDead,
  });
  await boss.createQueue(QUEUES.reconcile, { retryLimit: 24, retryDelay: 300, retryBackoff: true, retryDelayMax: 3600 });
  return boss;
}

/** The process's queue, started on first use. */
export function jobQueue(handle: DatabaseHandle): Promise<PgBoss> {
  state.boss ??= openJobQueue(handle).catch((error: unknown) => {
    state.boss = undefined;
    throw error;
  });
  return state.boss;
}

/** What a send inside a Drizzle transaction passes as `db`, so the job commits with the transaction. */
export function inTransaction(tx: { execute(query: unknown): Promise<unknown> }) {
  return { db: fromDrizzle(tx as Parameters<typeof fromDrizzle>[0], sql as unknown as Parameters<typeof fromDrizzle>[1]) };
}

export async function stopJobQueue(): Promise<void> {
  const boss = await state.boss?.catch(() => undefined);
  state.boss = undefined;
  await boss?.stop({ graceful: true, timeout: 5000 }).catch(() => undefined);
}
