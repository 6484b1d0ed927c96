import "server-only";
import type { PgBoss } from "pg-boss";
import type { Database } from "@/db";
import { env } from "@/lib/env";
import { runDelivery, type Delivery } from "./delivery";
import type { DeliveryQueue } from "./queue";

/** Works one delivery queue: each job one try of its delivery (runDelivery). */
export async function workOn<T>(
  boss: PgBoss,
  db: Database,
  queue: DeliveryQueue,
  delivery: Delivery<T>,
  pollSeconds = env().JOB_POLL_SECONDS,
): Promise<void> {
  // The job's data is checked against the delivery's payload schema before use.
  const run = delivery as unknown as Delivery<unknown>;
  // Up to ten jobs a fetch, delivered side by side, fetched again at once while fetches come back
  // full: a backlog (the bus back after an outage, a morning's applications) drains in seconds
  // rather than at one job a poll.
  await boss.work(queue, { pollingIntervalSeconds: pollSeconds, perJobResults: true, batchSize: 10, burstWhenBatchFull: true }, (jobs) =>
    Promise.all(jobs.map((job) => runDelivery(db, queue, run, job))),
  );
}
