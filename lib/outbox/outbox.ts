import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import { outbox } from "@/db/schema";
import { topics, type Payload, type Topic } from "./topics";

export type EnqueueOptions = {
  /** A second entry with the same key is not added. */
  dedupeKey?: string;
  /** Do not deliver after this moment. */
  expiresAt?: Date;
};

/**
 * Adds a hand-off. Call it with the transaction that makes the change it belongs to, so that
 * both are written or neither.
 */
export async function enqueue<T extends Topic>(
  db: Pick<Database, "insert">,
  topic: T,
  payload: Payload<T>,
  options: EnqueueOptions = {},
): Promise<void> {
  const checked = topics[topic].payload.parse(payload);
  await db
    .insert(outbox)
    .values({ topic, payload: checked, dedupeKey: options.dedupeKey, expiresAt: options.expiresAt })
    .onConflictDoNothing({ target: outbox.dedupeKey });
}

export type ClaimedEntry = { id: number; topic: string; payload: unknown; attempts: number };

/**
 * Claims up to `limit` entries that are due, for `leaseSeconds`. Several workers can claim at
 * once: each row goes to one of them (SKIP LOCKED), and a claim whose worker died expires.
 */
export async function claimDue(db: Database, limit: number, leaseSeconds: number): Promise<ClaimedEntry[]> {
  await db.execute(sql`
    update ${outbox} set status = 'failed', last_error = 'expired before delivery', locked_until = null
    where status = 'pending' and expires_at is not null and expires_at < now()`);
  const result = (await db.execute(sql`
    update ${outbox}
    set locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
    where id in (
      select id from ${outbox}
      where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    returning id, topic, payload, attempts`)) as unknown as { rows: ClaimedEntry[] };
  return result.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function markDelivered(db: Database, id: number, scrubPayload: boolean): Promise<void> {
  await db.execute(sql`
    update ${outbox}
    set status = 'delivered', delivered_at = now(), locked_until = null, last_error = null,
        payload = case when ${scrubPayload} then '{}'::jsonb else payload end
    where id = ${id}`);
}

/** Records a failed attempt: retried after `retryInSeconds`, or failed for good. */
export async function markAttemptFailed(
  db: Database,
  id: number,
  error: string,
  retryInSeconds: number | null,
): Promise<void> {
  await db.execute(sql`
    update ${outbox}
    set locked_until = null, last_error = ${error},
        status = case when ${retryInSeconds === null} then 'failed'::outbox_status else 'pending'::outbox_status end,
        next_attempt_at = now() + make_interval(secs => ${retryInSeconds ?? 0})
    where id = ${id}`);
}
