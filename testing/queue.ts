import type { PgBoss } from "pg-boss";
import { QUEUES } from "@/lib/jobs/queue";
import type { SmsJob } from "@/lib/notifications/sms";

/** Waits until `read` gives a value `done` accepts (the queue's worker runs on its own), or fails after a while. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The text messages queued (and not yet delivered, whose data is wiped), oldest first. */
export async function queuedSms(boss: PgBoss): Promise<SmsJob[]> {
  const jobs = await boss.findJobs<SmsJob>(QUEUES.smsSend);
  return jobs.filter((job) => typeof job.data.to === "string").map((job) => job.data);
}

/** The texts queued for one phone, oldest first. */
export async function smsTo(boss: PgBoss, phone: string): Promise<string[]> {
  return (await queuedSms(boss)).filter((sms) => sms.to === phone).map((sms) => sms.message);
}
