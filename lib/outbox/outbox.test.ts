import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "@/db/schema";
import { testEngines, type TestDatabase } from "@/testing/database";
import { sendQuickSms, type MgovConfig } from "@/lib/integrations/mgov/sms";
import { queueSms } from "@/lib/notifications/sms";
import { startSandbox, type SandboxProcess } from "@/testing/sandbox-process";
import { enqueue } from "./outbox";
import { deliverDue, type Handlers } from "./worker";

let sandbox: SandboxProcess;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.stop();
});

const mgov = (overrides: Partial<MgovConfig> = {}): MgovConfig => ({
  url: `${sandbox.url}/mgov/quick_sms`,
  apiKey: "sandbox-mgov-api-key",
  account: "portal@dirisha.sandbox",
  senderId: "15200",
  serviceId: "1",
  timeoutMs: 2_000,
  ...overrides,
});
const handlersFor = (config: MgovConfig): Handlers => ({
  "sms.send": ({ to, message }) => sendQuickSms(config, { recipients: [to], message }),
});

async function inbox(): Promise<{ recipient: string; message: string }[]> {
  return ((await (await fetch(`${sandbox.url}/mgov/inbox.json`)).json()) as { messages: { recipient: string; message: string }[] })
    .messages;
}

describe.each(testEngines())("outbox delivery to the mGov sandbox on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.dispose();
  });
  beforeEach(async () => {
    await database.db.delete(outbox);
    await fetch(`${sandbox.url}/mgov/inbox`, { method: "DELETE" });
  });

  const rows = () => database.db.select().from(outbox).orderBy(outbox.id);

  it("delivers a queued SMS over HTTP and then wipes the number and text from the row", async () => {
    expect(await queueSms(database.db, { to: "0712 345 678", message: "Karibu Dirisha" })).toBe(true);
    expect(await deliverDue(database.db, handlersFor(mgov()))).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(await inbox()).toMatchObject([{ recipient: "255712345678", message: "Karibu Dirisha" }]);
    const [row] = await rows();
    expect(row).toMatchObject({ status: "delivered", attempts: 1, payload: {}, lastError: null });
    expect(row?.deliveredAt).toBeInstanceOf(Date);
  });

  it("refuses a number that is not a Tanzanian mobile number", async () => {
    expect(await queueSms(database.db, { to: "022 212 3456", message: "x" })).toBe(false);
    expect(await rows()).toHaveLength(0);
  });

  it("keeps one entry per dedupe key", async () => {
    await queueSms(database.db, { to: "0712345678", message: "one", dedupeKey: "k1" });
    await queueSms(database.db, { to: "0712345678", message: "two", dedupeKey: "k1" });
    expect(await rows()).toHaveLength(1);
  });

  it("writes nothing when the transaction it belongs to rolls back", async () => {
    // Rule: a hand-off exists only if the change that caused it was committed.
    await expect(
      database.db.transaction(async (tx) => {
        await queueSms(tx, { to: "0712345678", message: "never" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await rows()).toHaveLength(0);
  });

  it("keeps the message while the gateway is down, and delivers it once it is back", async () => {
    // Rule: nothing is lost when the other system is down.
    await queueSms(database.db, { to: "0712345678", message: "subiri" });
    const down = handlersFor(mgov({ url: "http://127.0.0.1:9/mgov/quick_sms" }));
    expect(await deliverDue(database.db, down)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    let [row] = await rows();
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "mGov SMS gateway could not be reached" });
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    // Not due yet: nothing is claimed.
    expect(await deliverDue(database.db, handlersFor(mgov()))).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    await database.db.update(outbox).set({ nextAttemptAt: sql`now()` });
    expect(await deliverDue(database.db, handlersFor(mgov()))).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    [row] = await rows();
    expect(row).toMatchObject({ status: "delivered", attempts: 2 });
    expect(await inbox()).toHaveLength(1);
  });

  it("fails for good when the gateway refuses our credentials, without a number in the error", async () => {
    await queueSms(database.db, { to: "0712345678", message: "x" });
    expect(await deliverDue(database.db, handlersFor(mgov({ apiKey: "not-the-right-key" })))).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 1,
    });
    const [row] = await rows();
    expect(row?.status).toBe("failed");
    expect(row?.lastError).toMatch(/HTTP 401/);
    expect(await inbox()).toHaveLength(0);
  });

  it("strips phone numbers from the errors it stores", async () => {
    await enqueue(database.db, "sms.send", { to: "255712345678", message: "x" });
    const failing: Handlers = {
      "sms.send": async ({ to }) => {
        throw new Error(`gateway said recipient ${to} is barred`);
      },
    };
    await deliverDue(database.db, failing);
    const [row] = await rows();
    expect(row?.lastError).toBe("Error: gateway said recipient [number] is barred");
  });

  it("gives up after the last attempt, and never sends an expired message", async () => {
    await queueSms(database.db, { to: "0712345678", message: "late", expiresAt: new Date(Date.now() - 1000) });
    await queueSms(database.db, { to: "0712345679", message: "tries" });
    const down = handlersFor(mgov({ url: "http://127.0.0.1:9/x" }));
    const report = await deliverDue(database.db, down, { maxAttempts: 1 });
    expect(report).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    const all = await rows();
    expect(all.map((r) => [r.status, r.lastError])).toEqual([
      ["failed", "expired before delivery"],
      ["failed", "mGov SMS gateway could not be reached"],
    ]);
    // Rule: what failed for good keeps no phone number or text.
    expect(all.map((r) => r.payload)).toEqual([{}, {}]);
  });

  it("delivers each entry once when two workers run at the same time", async () => {
    for (let i = 0; i < 6; i++) await queueSms(database.db, { to: `071234567${i}`, message: `ujumbe ${i}` });
    const handlers = handlersFor(mgov());
    const [a, b] = await Promise.all([
      deliverDue(database.db, handlers, { batchSize: 4 }),
      deliverDue(database.db, handlers, { batchSize: 4 }),
    ]);
    expect(a.delivered + b.delivered).toBe(6);
    expect(await inbox()).toHaveLength(6);
    expect(await database.db.select().from(outbox).where(eq(outbox.status, "delivered"))).toHaveLength(6);
  });
});
