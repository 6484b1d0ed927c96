import "server-only";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import type { Database } from "@/db";
import type { DatabaseHandle } from "@/db/client";
import { env } from "@/lib/env";
import { applicationJob, deliverApplication, deliverReply, releasePaidApplications, replyJob } from "@/lib/applications/applications";
import { deliverFeedback, feedbackJob, type FeedbackJob } from "@/lib/feedback/feedback";
import { configuredApplications } from "@/lib/integrations/applications/config";
import { configuredEmrejesho } from "@/lib/integrations/emrejesho/config";
import type { Delivery } from "@/lib/jobs/delivery";
import { jobQueue, QUEUES } from "@/lib/jobs/queue";
import { workOn } from "@/lib/jobs/workers";
import { describeError, log } from "@/lib/log";
import { clearExpired } from "@/lib/maintenance";
import { smsDelivery, type SmsJob } from "@/lib/notifications/sms";
import { deliverBill } from "@/lib/payments/bills";
import { eatDay, requestReconciliation } from "@/lib/payments/reconciliation";

// The composition root of the job queue: which domain delivers which queue's jobs. It lives
// beside boot.ts, above the domains and the queue, so that the queue (lib/jobs) knows no domain
// and the domains know only the queue.

/** How each hand-off is delivered, queue by queue. */
export type Deliveries = {
  [QUEUES.billSubmit]: Delivery<{ bill: string }>;
  [QUEUES.reconcile]: Delivery<{ day?: string }>;
  [QUEUES.smsSend]: Delivery<SmsJob>;
  [QUEUES.emrejeshoPush]: Delivery<FeedbackJob>;
  [QUEUES.applicationPush]: Delivery<{ applicationId: string }>;
  [QUEUES.applicationReply]: Delivery<{ eventId: string }>;
  [QUEUES.billPaid]: Delivery<{ bill: string }>;
};

/** The deliveries with the configured outside systems. */
export function configuredDeliveries(db: Database): Deliveries {
  const config = env();
  return {
    [QUEUES.billSubmit]: { payload: z.object({ bill: z.uuid() }), deliver: ({ bill }) => deliverBill(db, bill) },
    [QUEUES.reconcile]: {
      payload: z.object({ day: z.iso.date().optional() }),
      // The scheduled run names no day: the day before, in Dar es Salaam.
      async deliver({ day = eatDay(new Date(Date.now() - 86400_000)).day }) {
        const result = await requestReconciliation(db, day);
        if (!result.ok) log.warn("GePG refused a reconciliation request", { day, code: result.code });
        return result.ok ? "requested" : "refused";
      },
    },
    [QUEUES.smsSend]: smsDelivery({
      url: config.MGOV_SMS_URL,
      apiKey: config.MGOV_API_KEY,
      account: config.MGOV_ACCOUNT,
      senderId: config.MGOV_SENDER_ID,
      serviceId: config.MGOV_SERVICE_ID,
    }),
    [QUEUES.emrejeshoPush]: { payload: feedbackJob, deliver: ({ feedbackId }) => deliverFeedback(db, configuredEmrejesho(), feedbackId) },
    [QUEUES.applicationPush]: {
      payload: applicationJob,
      deliver: ({ applicationId }) => deliverApplication(db, configuredApplications(), applicationId),
    },
    [QUEUES.applicationReply]: {
      payload: replyJob,
      deliver: ({ eventId }) => deliverReply(db, configuredApplications(), eventId),
    },
    [QUEUES.billPaid]: {
      payload: z.object({ bill: z.uuid() }),
      deliver: async ({ bill }) => `released ${await releasePaidApplications(db, bill)}`,
    },
  };
}

/**
 * The queue's workers, one process running every queue: bills to GePG, text messages to mGov,
 * feedback to e-Mrejesho, applications and replies to institutions' systems, paid bills to the
 * applications waiting on them, the daily reconciliation (03:00 in Dar es Salaam, for the day before)
 * and the clean-up every quarter of an hour. A delivery that fails is retried by the queue with
 * backoff; after its last try the job moves to its dead-letter queue, which operators see and
 * can send again.
 */
export async function startJobWorkers(handle: DatabaseHandle, deliveries: Deliveries = configuredDeliveries(handle.db)): Promise<PgBoss> {
  const boss = await jobQueue(handle);
  await workOn(boss, handle.db, QUEUES.billSubmit, deliveries[QUEUES.billSubmit]);
  await workOn(boss, handle.db, QUEUES.smsSend, deliveries[QUEUES.smsSend]);
  await workOn(boss, handle.db, QUEUES.emrejeshoPush, deliveries[QUEUES.emrejeshoPush]);
  await workOn(boss, handle.db, QUEUES.reconcile, deliveries[QUEUES.reconcile]);
  await workOn(boss, handle.db, QUEUES.applicationPush, deliveries[QUEUES.applicationPush]);
  await workOn(boss, handle.db, QUEUES.applicationReply, deliveries[QUEUES.applicationReply]);
  await workOn(boss, handle.db, QUEUES.billPaid, deliveries[QUEUES.billPaid]);
  await boss.schedule(QUEUES.reconcile, "0 3 * * *", {}, { tz: "Africa/Dar_es_Salaam" });
  await boss.work(QUEUES.maintenance, async () => {
    try {
      await clearExpired(handle.db);
    } catch (error) {
      // Described without the failed query's parameters, in the log and in the job's output.
      const reason = describeError(error);
      log.error("clean-up failed; the next run will try again", { error: reason });
      throw new Error(reason);
    }
  });
  await boss.schedule(QUEUES.maintenance, "*/15 * * * *", {});
  return boss;
}
