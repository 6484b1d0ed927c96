import "server-only";
import { sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Database } from "@/db";
import { MIGRATION_LOCK_KEY, type DatabaseHandle } from "@/db/client";
import { feedbackJob } from "@/lib/feedback/feedback";
import { log } from "@/lib/log";
import { smsJob } from "@/lib/notifications/sms";
import { WIPED, type FailureOutput } from "@/lib/jobs/delivery";
import { withoutNumbers } from "@/lib/jobs/errors";
import { DEAD_LETTER_RETENTION_SECONDS, inTransaction, jobIdFor, jobQueue, QUEUES, triesOf, type DeliveryQueue } from "@/lib/jobs/queue";

/**
 * The move from the outbox table to the job queue. Migration 0012 drops the outbox, and pg-boss
 * makes its own tables only when it starts, so the move cannot be SQL inside that migration: it
 * runs here, before the migrations, in one transaction: each undelivered outbox row becomes the
 * same hand-off as a job (a pending row a job to deliver, with the tries it had left; a row that
 * had given up a dead letter, for operators to see) and leaves the outbox. Run again, there is
 * nothing left to move; with the table gone, it does nothing. The migration refuses to drop an
 * outbox that still holds undelivered rows.
 */

type OutboxRow = {
  id: string | number;
  topic: string;
  payload: Record<string, unknown>;
  status: "pending" | "failed";
  dedupe_key: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | Date;
  expires_at: string | Date | null;
};

export type CarriedOver = { queued: number; deadLettered: number };

async function outboxExists(db: Pick<Database, "execute">): Promise<boolean> {
  const result = (await db.execute(sql`select to_regclass('public.outbox') is not null as present`)) as unknown as {
    rows: { present: boolean }[];
  };
  return result.rows[0]?.present === true;
}

/** The job an outbox row becomes: its queue, id and data, checked as new jobs are. */
function jobOf(row: OutboxRow): { queue: DeliveryQueue; id: string; data: object } {
  if (row.topic === "sms.send") {
    // A row that gave up kept no number or text: its dead letter keeps none either.
    if (row.status === "failed") return { queue: QUEUES.smsSend, id: jobIdFor(`outbox:${row.id}`), data: WIPED };
    const expiresAt = row.expires_at ? new Date(row.expires_at).toISOString() : undefined;
    return {
      queue: QUEUES.smsSend,
      // Under its dedupe key, as queueSms names such a message now.
      id: jobIdFor(row.dedupe_key ? `sms:${row.dedupe_key}` : `outbox:${row.id}`),
      data: smsJob.parse({ ...row.payload, expiresAt }),
    };
  }
  if (row.topic === "emrejesho.push") {
    const data = feedbackJob.parse(row.payload);
    return { queue: QUEUES.emrejeshoPush, id: data.feedbackId, data };
  }
  // The outbox never carried another topic; one here is not guessed at, and stays for a person.
  throw new Error(`Outbox row ${row.id} has the topic "${row.topic}", which no queue carries.`);
}

async function carryRow(
  tx: Parameters<Parameters<Database["transaction"]>[0]>[0],
  boss: PgBoss,
  row: OutboxRow,
): Promise<"queued" | "deadLettered"> {
  const { queue, id, data } = jobOf(row);
  const db = inTransaction(tx);
  if (row.status === "pending") {
    // The tries it has left of the same budget, at least one, from when it was due.
    const retryLimit = Math.max(0, triesOf(queue) - row.attempts - 1);
    await boss.send(queue, data, { id, retryLimit, startAfter: new Date(row.next_attempt_at), ...db });
    return "queued";
  }
  // Given up in the outbox: failed here at once, so that pg-boss files it in the dead-letter
  // queue with the outbox's last error and tries, as if it had given up here.
  // Failed only if this send made it: a job already under that id is not this row's to fail.
  if (await boss.send(queue, data, { id, retryLimit: 0, ...db })) {
    const output: FailureOutput = { error: withoutNumbers(row.last_error ?? "gave up in the outbox"), tries: row.attempts };
    await boss.fail(queue, id, output, db);
  }
  return "deadLettered";
}

/** Moves the outbox's undelivered rows to the job queue, once (see above). */
export async function carryOverOutbox(handle: DatabaseHandle): Promise<CarriedOver> {
  const moved: CarriedOver = { queued: 0, deadLettered: 0 };
  if (!(await outboxExists(handle.db))) return moved;
  const boss = await jobQueue(handle);
  await handle.db.transaction(async (tx) => {
    // One process at a time, and none while another migrates: the migrations' own lock.
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    if (!(await outboxExists(tx))) return;
    const rows = (await tx.execute(
      sql`select id, topic, payload, status, dedupe_key, attempts, last_error, next_attempt_at, expires_at from outbox where status <> 'delivered' order by id for update`,
    )) as unknown as { rows: OutboxRow[] };
    for (const row of rows.rows) moved[await carryRow(tx, boss, row)]++;
    await tx.execute(sql`delete from outbox where status <> 'delivered'`);
    // Bills that gave up before dead letters were kept for operators: kept now like every other.
    for (const dead of await boss.findJobs(QUEUES.billSubmitDead, { queued: true, ...inTransaction(tx) })) {
      await boss.update(QUEUES.billSubmitDead, undefined, {
        id: dead.id,
        retentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
        ...inTransaction(tx),
      });
    }
  });
  if (moved.queued + moved.deadLettered > 0) log.info("outbox carried over to the job queue", moved);
  return moved;
}

/**
 * Brings the database up to date: the outbox carried over first (it needs the table the
 * migrations drop), then the committed migrations, then the job queue's own tables and queues
 * (pg-boss makes them when it starts), so that a fresh database is ready, readiness included,
 * before any worker has run. What every process that migrates calls.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  await carryOverOutbox(handle);
  await handle.migrate();
  await jobQueue(handle);
}
