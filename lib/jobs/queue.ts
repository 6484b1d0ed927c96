import "server-only";
import { createHash } from "node:crypto";
import { PgBoss, fromDrizzle, fromPglite, type Queue } from "pg-boss";
import { sql } from "drizzle-orm";
import { databaseHandle, type Database } from "@/db";
import type { DatabaseHandle } from "@/db/client";
import { currentRequestId } from "@/lib/http/request-context.mjs";
import { log, describeError } from "@/lib/log";

/**
 * The one durable job queue: pg-boss 12, in the same database as everything else: the embedded
 * PGlite through its adapter, or PostgreSQL through its own pool. Every hand-off to another
 * system (bills to GePG, feedback to e-Mrejesho, text messages to mGov) is a job sent in the same
 * transaction as the row it is about, so the two exist together or not at all. A job that gives
 * up lands in its queue's dead-letter queue, which operators see and send again (dead-letters.ts).
 */

/** pg-boss's tables live in this schema of the portal's database. */
export const QUEUE_SCHEMA = "pgboss";

export const QUEUES = {
  /** Deliver a bill to GePG; the job's id is the bill's id, so it can be queued only once. */
  billSubmit: "gepg-bill-submit",
  billSubmitDead: "gepg-bill-submit-dead",
  /** Ask GePG for a day's payments and compare them with ours. */
  reconcile: "gepg-reconcile",
  reconcileDead: "gepg-reconcile-dead",
  /** A text message to a citizen's phone through mGov. */
  smsSend: "sms-send",
  smsSendDead: "sms-send-dead",
  /** A feedback submission to e-Mrejesho through GovESB; the job's id is the feedback's id. */
  emrejeshoPush: "emrejesho-push",
  emrejeshoPushDead: "emrejesho-push-dead",
  /** An application to its institution's system through GovESB; the job's id is the application's id. */
  applicationPush: "application-push",
  applicationPushDead: "application-push-dead",
  /** A citizen's answer to "more information needed", to the institution; the job's id is the reply's id. */
  applicationReply: "application-reply",
  applicationReplyDead: "application-reply-dead",
  /** A bill just paid, for whatever waits on it (an application handed over once paid). Once per bill. */
  billPaid: "bill-paid",
  billPaidDead: "bill-paid-dead",
  /** The quarter-hourly clean-up of expired rows (lib/maintenance.ts). */
  maintenance: "maintenance",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

// A dead letter waits for an operator (sent again, or dismissed): pg-boss deletes a waiting job
// once its retention is over, so a dead-letter queue's retention is set beyond any real wait.
export const DEAD_LETTER_RETENTION_SECONDS = 10 * 365 * 86400;

/**
 * The hand-offs, each with its dead-letter queue and how it is retried. pg-boss waits
 * retryDelay × 2^n (×1 to ×2 at random) before try n + 2, at most retryDelayMax; a job has
 * retryLimit + 1 tries in all.
 */
export const DELIVERY_QUEUES = {
  // GePG down or slow: 10 s, 20 s, 40 s… at most 30 minutes apart, for about two days.
  [QUEUES.billSubmit]: {
    deadLetter: QUEUES.billSubmitDead,
    options: { retryLimit: 100, retryDelay: 10, retryBackoff: true, retryDelayMax: 1800, expireInSeconds: 120 },
  },
  // Asked again for about a day; GePG answers by callback.
  [QUEUES.reconcile]: {
    deadLetter: QUEUES.reconcileDead,
    options: { retryLimit: 24, retryDelay: 300, retryBackoff: true, retryDelayMax: 3600 },
  },
  // Twelve tries over two to three hours (5 s, 10 s, 20 s… at most an hour apart). A sign-in
  // code is retried more often and given up once the code expires (lib/notifications/sms.ts).
  // Finished jobs go after an hour: a delivered one was wiped already, and a failed one's copy
  // waits in the dead-letter queue.
  [QUEUES.smsSend]: {
    deadLetter: QUEUES.smsSendDead,
    options: { retryLimit: 11, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 60, deleteAfterSeconds: 3600 },
  },
  // Feedback waits out a long outage of the bus: sixty tries, hourly after the first few, for
  // about two days.
  [QUEUES.emrejeshoPush]: {
    deadLetter: QUEUES.emrejeshoPushDead,
    options: { retryLimit: 59, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 120 },
  },
  // An application waits out a long outage like feedback: about two days of tries, then a dead
  // letter that operators send again. A reply to a question likewise.
  [QUEUES.applicationPush]: {
    deadLetter: QUEUES.applicationPushDead,
    options: { retryLimit: 59, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 300 },
  },
  [QUEUES.applicationReply]: {
    deadLetter: QUEUES.applicationReplyDead,
    options: { retryLimit: 59, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 300 },
  },
  // Only the portal's own database is involved: a failure is a fault of ours, retried a while.
  [QUEUES.billPaid]: {
    deadLetter: QUEUES.billPaidDead,
    options: { retryLimit: 20, retryDelay: 5, retryBackoff: true, retryDelayMax: 600, expireInSeconds: 60 },
  },
} as const satisfies Record<string, { deadLetter: string; options: Omit<Queue, "name"> }>;

export type DeliveryQueue = keyof typeof DELIVERY_QUEUES;

/** How many tries a job of this queue has before it gives up. */
export const triesOf = (queue: DeliveryQueue): number => DELIVERY_QUEUES[queue].options.retryLimit + 1;

/** Makes a queue, or brings an existing one's settings up to date (a new release may change them). */
async function ensureQueue(boss: PgBoss, name: string, options: Omit<Queue, "name">): Promise<void> {
  await boss.createQueue(name, options);
  if (Object.keys(options).length > 0) await boss.updateQueue(name, options);
}

/** A started queue on this database, with its queues made (the process keeps one per database: jobQueue). */
async function openJobQueue(handle: DatabaseHandle): Promise<PgBoss> {
  const boss =
    handle.queue.engine === "pglite"
      ? new PgBoss({ db: fromPglite(handle.queue.client), backend: "pglite", schema: QUEUE_SCHEMA })
      : new PgBoss({ connectionString: handle.queue.url, schema: QUEUE_SCHEMA, max: 4 });
  boss.on("error", (error: unknown) => log.error("job queue error", { error: describeError(error) }));
  await boss.start();
  for (const [name, { deadLetter, options }] of Object.entries(DELIVERY_QUEUES)) {
    await ensureQueue(boss, deadLetter, { retentionSeconds: DEAD_LETTER_RETENTION_SECONDS });
    await ensureQueue(boss, name, { ...options, deadLetter });
  }
  // A clean-up run that fails is repeated by the next one; it hands nothing to anyone.
  await ensureQueue(boss, QUEUES.maintenance, { retryLimit: 0, expireInSeconds: 600, deleteAfterSeconds: 86400 });
  return boss;
}

type Registry = WeakMap<Database, Promise<PgBoss>>;
// On globalThis: the route handlers' and the pages' bundles share one queue per database in one
// process. Keyed by the database, so that tests on several databases each have their own.
const holder = globalThis as typeof globalThis & { dirishaJobQueues?: Registry };
const registry = (holder.dirishaJobQueues ??= new WeakMap());

/** The queue on this handle's database, started on first use. */
export function jobQueue(handle: DatabaseHandle): Promise<PgBoss> {
  let boss = registry.get(handle.db);
  if (!boss) {
    boss = openJobQueue(handle).catch((error: unknown) => {
      registry.delete(handle.db);
      throw error;
    });
    registry.set(handle.db, boss);
  }
  return boss;
}

/**
 * The queue of the database a service was given: the one started for it with jobQueue, else
 * the process's own database's. Services that queue hand-offs find their queue here, so that
 * their callers pass only the database.
 */
export async function queueFor(db: Database): Promise<PgBoss> {
  const started = registry.get(db);
  if (started) return started;
  const handle = await databaseHandle();
  if (handle.db !== db) throw new Error("No job queue was started for this database (jobQueue(handle) starts one).");
  return jobQueue(handle);
}

/**
 * A hand-off's data with the id of the request that queued it (when there is one), so that the
 * worker's log lines about it name the request: what one person did can be followed from the
 * page to the other system. The delivery's payload schema ignores it.
 */
export function traced<T extends object>(data: T): T & { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { ...data, requestId } : data;
}

/** What a send inside a Drizzle transaction passes as `db`, so the job commits with the transaction. */
export function inTransaction(tx: { execute(query: unknown): Promise<unknown> }) {
  return { db: fromDrizzle(tx as Parameters<typeof fromDrizzle>[0], sql as unknown as Parameters<typeof fromDrizzle>[1]) };
}

/**
 * A job id made from a key (a UUID-shaped hash of it): a job sent twice under the same key is
 * added once, since pg-boss ignores a send whose id exists.
 */
export function jobIdFor(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  // Version 8 ("custom") and the RFC 4122 variant, so that it is a well-formed UUID.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Stops this handle's queue, letting running jobs finish for a few seconds. */
export async function stopJobQueue(handle: DatabaseHandle): Promise<void> {
  const boss = await registry.get(handle.db)?.catch(() => undefined);
  registry.delete(handle.db);
  await boss?.stop({ graceful: true, timeout: 5000 }).catch(() => undefined);
}
