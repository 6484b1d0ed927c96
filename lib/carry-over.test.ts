import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedback, institutions } from "@/db/schema";
import { deliverFeedback, feedbackJob } from "@/lib/feedback/feedback";
import type { EmrejeshoConfig } from "@/lib/integrations/emrejesho/client";
import { configuredEmrejesho } from "@/lib/integrations/emrejesho/config";
import { smsDelivery } from "@/lib/notifications/sms";
import { testEngines, type TestDatabase } from "@/testing/database";
import { until } from "@/testing/queue";
import { startSandbox, type SandboxProcess } from "@/testing/sandbox-process";
import { carryOverOutbox, migrateDatabase } from "./carry-over";
import { WIPED } from "@/lib/jobs/delivery";
import { jobIdFor, jobQueue, QUEUES } from "@/lib/jobs/queue";
import { workOn } from "@/lib/jobs/workers";

/*
 * The queue migration: a database as release 0011 left it, its outbox holding hand-offs not yet
 * delivered (and some that had given up), is brought up to date. Each pending row becomes its
 * job once, however often (and however many processes at once) the carry-over runs, and is then
 * delivered once, to the mGov and e-Mrejesho sandboxes; each row that had given up becomes a dead
 * letter; the outbox is dropped only when it holds nothing undelivered.
 */

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-carry-keys-"));
process.env.KEYS_DIR = keys;
let sandbox: SandboxProcess;
let emrejesho: EmrejeshoConfig;

beforeAll(async () => {
  sandbox = await startSandbox({ SANDBOX_KEYS_DIR: keys, SANDBOX_PORTAL_EMREJESHO_URL: "http://127.0.0.1:9/unused" });
  emrejesho = {
    ...configuredEmrejesho(),
    tokenUrl: `${sandbox.url}/govesb/gw/govesb-uaa/oauth/token`,
    engineUrl: `${sandbox.url}/govesb/engine/esb`,
    timeoutMs: 3_000,
  };
  emrejesho.privateKey(); // makes the portal's key pair, which the sandbox reads
});
afterAll(async () => {
  await sandbox?.stop();
  fs.rmSync(keys, { recursive: true, force: true });
});

async function inbox(): Promise<string[]> {
  const { messages } = (await (await fetch(`${sandbox.url}/mgov/inbox.json`)).json()) as {
    messages: { recipient: string; message: string }[];
  };
  return messages.map((m) => `${m.recipient} ${m.message}`);
}
async function received(reference: string): Promise<number> {
  const { submissions } = (await (await fetch(`${sandbox.url}/emrejesho.json`)).json()) as {
    submissions: { portalReference?: string; PortalReference?: string }[];
  };
  return submissions.filter((s) => (s.portalReference ?? s.PortalReference) === reference).length;
}

describe.each(testEngines())("the outbox carried over to the job queue on $name", ({ open, name }) => {
  let database: TestDatabase;
  let boss: PgBoss;
  const phone = (n: number) => `2557${name === "pglite" ? "1" : "2"}000${String(n).padStart(4, "0")}`;
  const feedbackIds: Record<"pending" | "gaveUp", string> = { pending: "", gaveUp: "" };
  const references: Record<"pending" | "gaveUp", string> = {
    pending: `MRJ-CRY${name === "pglite" ? "1" : "2"}-AAAA`,
    gaveUp: `MRJ-CRY${name === "pglite" ? "1" : "2"}-BBBB`,
  };
  const outboxRows = async () =>
    (
      (await database.db.execute(sql`select status, count(*)::int as n from outbox group by status order by status`)) as unknown as {
        rows: { status: string; n: number }[];
      }
    ).rows;

  beforeAll(async () => {
    database = await open({ migrationsUpTo: "0011_life_event_service_order" });
    const [institution] = await database.db
      .insert(institutions)
      .values({
        slug: "rita",
        acronym: "RITA",
        nameSw: "Wakala wa Usajili",
        nameEn: "Registration Agency",
        kind: "agency",
        descriptionSw: "x",
        descriptionEn: "x",
      })
      .returning({ id: institutions.id });
    for (const which of ["pending", "gaveUp"] as const) {
      const [row] = await database.db
        .insert(feedback)
        .values({
          reference: references[which],
          kind: "complaint",
          institutionId: institution!.id,
          subject: "Cheti",
          message: "Nimesubiri cheti.",
          locale: "sw",
        })
        .returning({ id: feedback.id });
      feedbackIds[which] = row!.id;
    }
    // What release 0011's outbox held: three messages and a submission to deliver, a submission
    // and a message that had given up (its number and text already wiped), one long delivered.
    const soon = new Date(Date.now() + 5 * 60_000).toISOString();
    await database.db.execute(sql`
      insert into outbox (topic, payload, status, attempts, dedupe_key, expires_at, last_error) values
        ('sms.send', ${JSON.stringify({ to: phone(1), message: "Karibu" })}::jsonb, 'pending', 0, null, null, null),
        ('sms.send', ${JSON.stringify({ to: phone(2), message: "Namba ya malipo" })}::jsonb, 'pending', 3, 'bill-issued:carried', null, 'mGov SMS gateway could not be reached'),
        ('sms.send', ${JSON.stringify({ to: phone(3), message: "Namba yako ni 123456" })}::jsonb, 'pending', 0, null, ${soon}::timestamptz, null),
        ('emrejesho.push', ${JSON.stringify({ feedbackId: feedbackIds.pending })}::jsonb, 'pending', 2, ${`emrejesho:${feedbackIds.pending}`}, null, 'GovESB could not be reached'),
        ('emrejesho.push', ${JSON.stringify({ feedbackId: feedbackIds.gaveUp })}::jsonb, 'failed', 60, ${`emrejesho:${feedbackIds.gaveUp}`}, null, 'e-Mrejesho refused: sender 0712 345 678 unknown'),
        ('sms.send', '{}'::jsonb, 'failed', 12, null, null, 'mGov SMS gateway could not be reached'),
        ('sms.send', '{}'::jsonb, 'delivered', 1, null, null, null)`);
    boss = await jobQueue(database);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("refuses to drop an outbox that still holds undelivered hand-offs", async () => {
    // Rule: nothing given up is deleted unseen.
    const refused = await database.migrate().then(
      () => null,
      (error: unknown) => error as Error & { cause?: Error },
    );
    expect(`${refused?.message} ${refused?.cause?.message}`).toMatch(/still holds undelivered hand-offs/);
    expect(await outboxRows()).toEqual([
      { status: "pending", n: 4 },
      { status: "delivered", n: 1 },
      { status: "failed", n: 2 },
    ]);
  });

  it("makes each undelivered row its job once, however often and however many processes run it", async () => {
    const runs = await Promise.all([carryOverOutbox(database), carryOverOutbox(database)]);
    expect(runs).toEqual(
      expect.arrayContaining([
        { queued: 4, deadLettered: 2 },
        { queued: 0, deadLettered: 0 },
      ]),
    );
    expect(await carryOverOutbox(database)).toEqual({ queued: 0, deadLettered: 0 });
    expect(await outboxRows()).toEqual([{ status: "delivered", n: 1 }]);

    await migrateDatabase(database);
    const tables = (await database.db.execute(sql`select to_regclass('public.outbox') as outbox`)) as unknown as {
      rows: { outbox: string | null }[];
    };
    expect(tables.rows[0]!.outbox).toBeNull();
    expect(await carryOverOutbox(database)).toEqual({ queued: 0, deadLettered: 0 });

    const sms = await boss.findJobs<{ to: string; expiresAt?: string }>(QUEUES.smsSend, { queued: true });
    expect(sms.map((job) => job.data.to).sort()).toEqual([phone(1), phone(2), phone(3)]);
    // Under its dedupe key, as new messages are; with the tries it had left; the code's expiry kept.
    const billSms = sms.find((job) => job.data.to === phone(2))!;
    expect([billSms.id, billSms.retryLimit]).toEqual([jobIdFor("sms:bill-issued:carried"), 12 - 3 - 1]);
    expect(sms.find((job) => job.data.to === phone(3))!.data.expiresAt).toBeDefined();
    const push = await boss.getJobById(QUEUES.emrejeshoPush, feedbackIds.pending);
    expect([push?.data, push?.retryLimit]).toEqual([{ feedbackId: feedbackIds.pending }, 60 - 2 - 1]);
  });

  it("keeps each row that had given up as a dead letter, with its tries and last error", async () => {
    const [pushGaveUp] = await boss.findJobs(QUEUES.emrejeshoPushDead, { queued: true });
    expect(pushGaveUp).toMatchObject({
      data: { feedbackId: feedbackIds.gaveUp },
      sourceName: QUEUES.emrejeshoPush,
      sourceOutput: { error: "e-Mrejesho refused: sender [number] unknown", tries: 60 },
    });
    const [smsGaveUp] = await boss.findJobs(QUEUES.smsSendDead, { queued: true });
    expect(smsGaveUp).toMatchObject({ data: WIPED, sourceOutput: { error: "mGov SMS gateway could not be reached", tries: 12 } });
  });

  it("delivers each carried-over hand-off once", async () => {
    const gateway = {
      url: `${sandbox.url}/mgov/quick_sms`,
      apiKey: "sandbox-mgov-api-key",
      account: "portal@dirisha.sandbox",
      senderId: "15200",
      serviceId: "1",
      timeoutMs: 2_000,
    };
    await workOn(boss, database.db, QUEUES.smsSend, smsDelivery(gateway), 0.5);
    await workOn(
      boss,
      database.db,
      QUEUES.emrejeshoPush,
      { payload: feedbackJob, deliver: ({ feedbackId }) => deliverFeedback(database.db, emrejesho, feedbackId) },
      0.5,
    );
    await until(
      () => boss.findJobs(QUEUES.smsSend, { queued: true }),
      (jobs) => jobs.length === 0,
    );
    await until(
      () => boss.getJobById(QUEUES.emrejeshoPush, feedbackIds.pending),
      (job) => job?.state === "completed",
    );
    const mine = (await inbox()).filter((line) => [phone(1), phone(2), phone(3)].some((p) => line.startsWith(p)));
    expect(mine.sort()).toEqual([`${phone(1)} Karibu`, `${phone(2)} Namba ya malipo`, `${phone(3)} Namba yako ni 123456`]);
    expect(await received(references.pending)).toBe(1);
    expect(await received(references.gaveUp)).toBe(0);
    const [row] = await database.db.select({ status: feedback.status }).from(feedback).where(eq(feedback.id, feedbackIds.pending));
    expect(row!.status).toBe("delivered");
    // Their numbers and texts are gone from the queue's tables with them.
    const left = (await database.db.execute(
      sql`select count(*)::int as n from pgboss.job where name = ${QUEUES.smsSend} and data ? 'to'`,
    )) as unknown as { rows: { n: number }[] };
    expect(left.rows[0]!.n).toBe(0);
  });
});
