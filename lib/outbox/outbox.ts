import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import { outbox } from "@/db/schema";
import { topics, type Payload, type Topic } from "./topics";

const sensitiveTopics = Object.entries(topics)
  .filter(([, topic]) => topic.sensitive)
  .map(([name]) => name);

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

export type ClaimedEntry = { id: number; topic: string; payload: unknown; attempts: number; expiresAt?: Date | null };

/**
 * Claims up to `limit` entries that are due, for `leaseSeconds`. Several workers can claim at
 * once: each row goes to one of them (SKIP LOCKED), and a claim whose worker died expires.
 */
export async function claimDue(db: Database, limit: number, leaseSeconds: number): Promise<ClaimedEntry[]> {
  // An expired entry is never sent, so a sensitive one keeps nothing (a phone, a code).
  await db.execute(sql`
    update ${outbox} set status = 'failed', last_error = 'expired before delivery', locked_until = null,
        payload = case when topic in (${sql.join(sensitiveTopics.map((t) => sql`${t}`), sql`, `)}) then '{}'::jsonb else payload end
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
    returning id, topic, payload, attempts, expires_at`)) as unknown as { rows: (ClaimedEntry & { expires_at: unknown })[] };
  return result.rows.map(({ expires_at, ...row }) => ({
    ...row,
    id: Number(row.id),
    expiresAt: expires_at ? new Date(expires_at as string) : null,
  }));
}

export async function markDelivered(db: Database, id: number, scrubPayload: boolean): Promise<void> {
  await db.execute(sql`
    update ${outbox}
    set status = 'delivered', delivered_at = now(), locked_until = null, last_error = null,
        payload = case when ${scrubPayload} then '{}'::jsonb else payload end
    where id = ${id}`);
}

/** Records a failed attempt: retried after `retryInSeconds`, or failed for good (null). */
export async function markAttemptFailed(
  db: Database,
  id: number,
  error: string,
  retryInSeconds: number | null,
  scrubIfFinal = false,
): Promise<void> {
  // A hand-off that failed for good keeps no personal data either.
  await db.execute(sql`
    update ${outbox}
    set locked_until = null, last_error = ${error},
        payload = case when ${retryInSeconds === null && scrubIfFinal} then '{}'::jsonb else payload end,
        status = case when ${retryInSeconds === null} then 'failed'::outbox_status else 'pending'::outbox_status end,
        next_attempt_at = now() + make_interval(secs => ${retryInSeconds ?? 0})
    where id = ${id}`);
}
