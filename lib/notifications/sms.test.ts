import { sql } from "drizzle-orm";
import type { JobWithMetadata, PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MgovConfig } from "@/lib/integrations/mgov/sms";
import { runDelivery, WIPED, type Delivery } from "@/lib/jobs/delivery";
import { DELIVERY_QUEUES, jobQueue, QUEUES } from "@/lib/jobs/queue";
import { workOn } from "@/lib/jobs/workers";
import { testEngines, type TestDatabase } from "@/testing/database";
import { until } from "@/testing/queue";
import { startSandbox, type SandboxProcess } from "@/testing/sandbox-process";
import { queueSms, smsDelivery, smsJob, type SmsJob } from "./sms";

/*
 * Text messages as jobs of the queue, delivered by its worker to the mGov sandbox over HTTP:
 * written with the transaction that causes them, retried while the gateway is down, never sent
 * late, and wiped (number and text) from pg-boss's tables once sent.
 */

let sandbox: SandboxProcess;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.stop();
});

async function inbox(): Promise<{ recipient: string; message: string }[]> {
  return ((await (await fetch(`${sandbox.url}/mgov/inbox.json`)).json()) as { messages: { recipient: string; message: string }[] })
    .messages;
}

describe.each(testEngines())("text messages through the job queue to the mGov sandbox on $name", ({ open }) => {
  let database: TestDatabase;
  let boss: PgBoss;
  // The worker's gateway; a test points it elsewhere to take the gateway "down".
  const gateway: MgovConfig = {
    url: "",
    apiKey: "sandbox-mgov-api-key",
    account: "portal@dirisha.sandbox",
    senderId: "15200",
    serviceId: "1",
    timeoutMs: 2_000,
  };

  beforeAll(async () => {
    database = await open();
    boss = await jobQueue(database);
    await workOn(boss, database.db, QUEUES.smsSend, smsDelivery(gateway), 0.5);
  });
  afterAll(async () => {
    await database?.dispose();
  });
  beforeEach(async () => {
    gateway.url = `${sandbox.url}/mgov/quick_sms`;
    gateway.apiKey = "sandbox-mgov-api-key";
    await fetch(`${sandbox.url}/mgov/inbox`, { method: "DELETE" });
  });

  /** Queues messages in a transaction of their own; the ids of the jobs it added. */
  async function queue(...messages: Parameters<typeof queueSms>[2][]): Promise<string[]> {
    const before = new Set((await boss.findJobs(QUEUES.smsSend)).map((job) => job.id));
    await database.db.transaction(async (tx) => {
      for (const sms of messages) await queueSms(tx, boss, sms);
    });
    return (await boss.findJobs(QUEUES.smsSend)).map((job) => job.id).filter((id) => !before.has(id));
  }
  const job = (id: string) => boss.getJobById(QUEUES.smsSend, id) as Promise<JobWithMetadata<SmsJob> | null>;
  const settled = (id: string) =>
    until(
      () => job(id),
      (j) => j?.state === "completed" || j?.state === "failed",
    );
  /** The dead letter a job became, once it gave up. */
  const deadLetterOf = async (id: string) =>
    (
      await until(
        () => boss.findJobs<Record<string, unknown>>(QUEUES.smsSendDead),
        (jobs) => jobs.some((j) => j.sourceId === id),
      )
    ).find((j) => j.sourceId === id)!;

  it("delivers a queued SMS over HTTP, then wipes the number and text from the job", async () => {
    const [id] = await queue({ to: "0712 345 678", message: "Karibu Dirisha" });
    expect((await job(id!))?.data).toEqual({ to: "255712345678", message: "Karibu Dirisha" });
    const done = await settled(id!);
    expect(done).toMatchObject({ state: "completed", retryCount: 0 });
    // Rule: a delivered message keeps no phone number or text.
    expect(done!.data).toEqual(WIPED);
    const stored = (await database.db.execute(
      sql`select count(*)::int as n from pgboss.job where data::text like '%255712345678%'`,
    )) as unknown as { rows: { n: number }[] };
    expect(stored.rows[0]!.n).toBe(0);
    expect(await inbox()).toMatchObject([{ recipient: "255712345678", message: "Karibu Dirisha" }]);
  });

  it("refuses a number that is not a Tanzanian mobile number", async () => {
    let accepted: boolean | undefined;
    await database.db.transaction(async (tx) => {
      accepted = await queueSms(tx, boss, { to: "022 212 3456", message: "x" });
    });
    expect(accepted).toBe(false);
    expect((await boss.findJobs<SmsJob>(QUEUES.smsSend)).filter((j) => j.data.message === "x")).toHaveLength(0);
  });

  it("keeps one job per dedupe key", async () => {
    const ids = await queue({ to: "0712345678", message: "one", dedupeKey: "k1" }, { to: "0712345678", message: "two", dedupeKey: "k1" });
    expect(ids).toHaveLength(1);
    await settled(ids[0]!);
    expect((await inbox()).map((m) => m.message)).toEqual(["one"]);
  });

  it("writes nothing when the transaction it belongs to rolls back", async () => {
    // Rule: a hand-off exists only if the change that caused it was committed.
    const before = (await boss.findJobs(QUEUES.smsSend)).length;
    await expect(
      database.db.transaction(async (tx) => {
        await queueSms(tx, boss, { to: "0712345678", message: "never" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await boss.findJobs(QUEUES.smsSend)).toHaveLength(before);
  });

  it("keeps the message while the gateway is down, and delivers it once it is back", async () => {
    // Rule: nothing is lost when the other system is down.
    gateway.url = "http://127.0.0.1:9/mgov/quick_sms";
    const [id] = await queue({ to: "0712345678", message: "subiri" });
    const waiting = await until(
      () => job(id!),
      (j) => j?.state === "retry",
    );
    expect(waiting!.output).toEqual({ error: "mGov SMS gateway could not be reached", tries: 1 });
    // The next try waits out its backoff.
    expect(waiting!.startAfter.getTime()).toBeGreaterThan(Date.now());
    expect(waiting!.data).toMatchObject({ to: "255712345678" });

    gateway.url = `${sandbox.url}/mgov/quick_sms`;
    await boss.update(QUEUES.smsSend, undefined, { id: id!, startAfter: new Date() });
    expect(await settled(id!)).toMatchObject({ state: "completed", retryCount: 1, data: WIPED });
    expect(await inbox()).toHaveLength(1);
  });

  it("does not take a 200 that is not mGov's answer (a gateway's page) for sent: it is tried again until mGov has it", async () => {
    // Rule: a message is sent only when mGov says it took it; nothing is lost to a page in front of it.
    const control = (mode: string) =>
      fetch(`${sandbox.url}/mgov/_control`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mode }),
      });
    let id: string | undefined;
    try {
      expect((await control("garbage")).status).toBe(200);
      [id] = await queue({ to: "0712345678", message: "ukurasa wa lango" });
      const waiting = await until(
        () => job(id!),
        (j) => j?.state === "retry",
      );
      expect(waiting!.output).toEqual({ error: "mGov SMS gateway answered HTTP 200 with something that is not its answer", tries: 1 });
      expect(waiting!.data).toMatchObject({ to: "255712345678", message: "ukurasa wa lango" });
      expect(await inbox()).toHaveLength(0);
    } finally {
      await control("normal");
    }
    await boss.update(QUEUES.smsSend, undefined, { id: id!, startAfter: new Date() });
    expect(await settled(id!)).toMatchObject({ state: "completed", retryCount: 1, data: WIPED });
    expect((await inbox()).map((m) => m.message)).toEqual(["ukurasa wa lango"]);
  });

  it("gives up at once when the gateway refuses our credentials, and keeps it for operators to send again", async () => {
    gateway.apiKey = "not-the-right-key";
    const [id] = await queue({ to: "0712345678", message: "x" });
    const dead = await deadLetterOf(id!);
    expect((dead.sourceOutput as { error: string }).error).toMatch(/HTTP 401/);
    // Sending again needs the number and text: kept in the dead letter until an operator acts.
    expect(dead.data).toEqual({ to: "255712345678", message: "x" });
    expect(await inbox()).toHaveLength(0);
  });

  it("gives up after its last try, with its dead letter kept beyond pg-boss's retention", async () => {
    gateway.url = "http://127.0.0.1:9/x";
    const id = (await boss.send(QUEUES.smsSend, smsJob.parse({ to: "255712345679", message: "tries" }), { retryLimit: 0 }))!;
    const dead = await deadLetterOf(id);
    expect(dead.sourceOutput).toEqual({ error: "mGov SMS gateway could not be reached", tries: 1 });
    // Rule: what gave up is never deleted unseen: it waits for an operator, years if need be.
    expect(dead.keepUntil.getTime() - Date.now()).toBeGreaterThan(5 * 365 * 86400_000);
    expect((await boss.getQueue(QUEUES.smsSendDead))?.retentionSeconds).toBeGreaterThan(5 * 365 * 86400);
    expect((await boss.getQueue(QUEUES.smsSend))?.deadLetter).toBe(DELIVERY_QUEUES[QUEUES.smsSend].deadLetter);
  });

  it("never sends an expired message, and keeps nothing of it", async () => {
    const [id] = await queue({ to: "0712345678", message: "Namba yako ni 123456", expiresAt: new Date(Date.now() - 1000) });
    const dead = await deadLetterOf(id!);
    expect(dead.sourceOutput).toEqual({ error: "expired before delivery", tries: 1 });
    // Rule: a message that will never be sent keeps no phone number or text, in its dead letter either.
    expect(dead.data).toEqual(WIPED);
    expect((await job(id!))?.data).toEqual(WIPED);
    expect(await inbox()).toHaveLength(0);
  });

  it("delivers each message once when two workers run at the same time", async () => {
    await workOn(boss, database.db, QUEUES.smsSend, smsDelivery(gateway), 0.5);
    const ids = await queue(...Array.from({ length: 6 }, (_, i) => ({ to: `071234567${i}`, message: `ujumbe ${i}` })));
    for (const id of ids) expect(await settled(id)).toMatchObject({ state: "completed" });
    expect((await inbox()).map((m) => m.message).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `ujumbe ${i}`));
  });
});

describe("one try of a hand-off", () => {
  const job = (data: unknown) => ({ id: "00000000-0000-4000-8000-000000000001", name: QUEUES.smsSend, data, retryCount: 2 }) as never;
  const failing = (error: Error): Delivery<SmsJob> => ({ payload: smsJob, deliver: async () => Promise.reject(error) });

  it("stores errors without the phone numbers they mention", async () => {
    const result = await runDelivery(
      undefined as never,
      QUEUES.smsSend,
      failing(new Error("gateway said recipient 255712345678 is barred")),
      job({ to: "255712345678", message: "x" }),
    );
    expect(result).toEqual({
      id: "00000000-0000-4000-8000-000000000001",
      status: "failed",
      output: { error: "Error: gateway said recipient [number] is barred", tries: 3 },
    });
  });

  it("gives up at once on a payload its queue does not carry", async () => {
    const result = await runDelivery(undefined as never, QUEUES.smsSend, failing(new Error("not reached")), job({ to: "0712345678" }));
    expect(result).toMatchObject({ status: "deadletter", output: { error: "payload does not match its queue" } });
  });
});
