import type { DatabaseHandle } from "@/db/client";
import { describeError, log } from "@/lib/log";
import { deliverBill } from "@/lib/payments/bills";
import { eatDay, requestReconciliation } from "@/lib/payments/reconciliation";
import { jobQueue, QUEUES } from "./queue";

/**
 * The queue's workers: bills to GePG, and the daily reconciliation (03:00 in Dar es Salaam, for
 * the day before). A delivery that throws is retried by the queue with backoff; after the last
 * retry the job moves to the dead-letter queue, which operators see and can send again.
 */
export async function startJobWorkers(handle: DatabaseHandle): Promise<void> {
  const boss = await jobQueue(handle);
  await boss.work<{ bill: string }>(QUEUES.billSubmit, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    try {
      log.info("bill delivery", { outcome: await deliverBill(handle.db, job.data.bill) });
    } catch (error) {
      log.warn("bill delivery failed; the queue will try again", { error: describeError(error) });
      throw error;
    }
  });
  await boss.work<{ day?: string }>(QUEUES.reconcile, async ([job]) => {
    const day = job?.data?.day ?? eatDay(new Date(Date.now() - 86400_000)).day;
    const result = await requestReconciliation(handle.db, day);
    if (!result.ok) log.warn("GePG refused a reconciliation request", { day, code: result.code });
  });
  await boss.schedule(QUEUES.reconcile, "0 3 * * *", {}, { tz: "Africa/Dar_es_Salaam" });
}
