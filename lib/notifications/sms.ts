import type { Database } from "@/db";
import { enqueue } from "@/lib/outbox/outbox";
import { toInternationalMobile } from "./phone";

/**
 * Queues a text message to a citizen's phone, in the caller's transaction; the outbox worker
 * delivers it through mGov. Returns false for a number that is not a Tanzanian mobile number.
 */
export async function queueSms(
  db: Pick<Database, "insert">,
  sms: { to: string; message: string; dedupeKey?: string; expiresAt?: Date },
): Promise<boolean> {
  const to = toInternationalMobile(sms.to);
  if (!to) return false;
  await enqueue(db, "sms.send", { to, message: sms.message }, { dedupeKey: sms.dedupeKey, expiresAt: sms.expiresAt });
  return true;
}
