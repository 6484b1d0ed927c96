import "server-only";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import type { Delivery } from "@/lib/jobs/delivery";
import { inTransaction, jobIdFor, QUEUES, traced } from "@/lib/jobs/queue";
import { sendQuickSms, type MgovConfig } from "@/lib/integrations/mgov/sms";
import { toInternationalMobile } from "./phone";

/** A text message job: the number, the text, and for a sign-in code the moment it stops working. */
export const smsJob = z.object({
  // International form without "+": 255 and nine digits.
  to: z.string().regex(/^255\d{9}$/),
  // mGov joins up to six 153-character parts.
  message: z.string().min(1).max(918),
  expiresAt: z.iso.datetime().optional(),
});
export type SmsJob = z.infer<typeof smsJob>;

// A message that stops being useful soon (a sign-in code) is tried every 5 to 30 seconds while
// it is: waiting an hour between tries would only deliver it dead.
const URGENT_RETRIES = { retryDelay: 5, retryBackoff: true, retryDelayMax: 30 } as const;
const URGENT_WITHIN_MS = 3600_000;

type Transaction = { execute(query: unknown): Promise<unknown> };

/**
 * Queues a text message to a citizen's phone as a job in the caller's transaction; the worker
 * delivers it through mGov, and it is sent only if the transaction commits. Returns false for a
 * number that is not a Tanzanian mobile number. A second message with the same dedupeKey is not
 * added; one with an expiry is given up, never sent late, once it passes.
 */
export async function queueSms(
  tx: Transaction,
  boss: PgBoss,
  sms: { to: string; message: string; dedupeKey?: string; expiresAt?: Date },
): Promise<boolean> {
  const to = toInternationalMobile(sms.to);
  if (!to) return false;
  const job = smsJob.parse({ to, message: sms.message, expiresAt: sms.expiresAt?.toISOString() });
  const urgent = sms.expiresAt && sms.expiresAt.getTime() - Date.now() < URGENT_WITHIN_MS;
  await boss.send(QUEUES.smsSend, traced(job), {
    ...(sms.dedupeKey ? { id: jobIdFor(`sms:${sms.dedupeKey}`) } : {}),
    ...(urgent ? URGENT_RETRIES : {}),
    ...inTransaction(tx),
  });
  return true;
}

/** How a text message is delivered: through mGov, the number and text wiped from the job once sent. */
export function smsDelivery(mgov: MgovConfig): Delivery<SmsJob> {
  return {
    payload: smsJob,
    sensitive: true,
    expiresAt: (sms) => (sms.expiresAt ? new Date(sms.expiresAt) : undefined),
    deliver: ({ to, message }) => sendQuickSms(mgov, { recipients: [to], message }),
  };
}
