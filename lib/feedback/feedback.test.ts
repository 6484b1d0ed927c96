import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedback, institutions } from "@/db/schema";
import { configuredEmrejesho } from "@/lib/integrations/emrejesho/config";
import type { EmrejeshoConfig } from "@/lib/integrations/emrejesho/client";
import { jobQueue, QUEUES } from "@/lib/jobs/queue";
import { workOn } from "@/lib/jobs/workers";
import { shortLink } from "@/lib/notifications/sms-text";
import { testEngines, type TestDatabase } from "@/testing/database";
import { queuedSms, smsTo as queuedSmsTo, until } from "@/testing/queue";
import { startSandbox, type SandboxProcess } from "@/testing/sandbox-process";
import { applyUpdate, deliverFeedback, feedbackByReference, feedbackJob, submitFeedback } from "./feedback";

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-keys-"));
process.env.KEYS_DIR = keys;

let sandbox: SandboxProcess;
let config: EmrejeshoConfig;

beforeAll(async () => {
  sandbox = await startSandbox({ SANDBOX_KEYS_DIR: keys, SANDBOX_PORTAL_EMREJESHO_URL: "http://127.0.0.1:9/unused" });
  config = {
    ...configuredEmrejesho(),
    tokenUrl: `${sandbox.url}/govesb/gw/govesb-uaa/oauth/token`,
    engineUrl: `${sandbox.url}/govesb/engine/esb`,
    timeoutMs: 3_000,
  };
  config.privateKey();
});
afterAll(async () => {
  await sandbox?.stop();
  fs.rmSync(keys, { recursive: true, force: true });
});

const control = (mode: string) =>
  fetch(`${sandbox.url}/govesb/_control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  });

async function received(reference: string): Promise<number> {
  const { submissions } = (await (await fetch(`${sandbox.url}/emrejesho.json`)).json()) as {
    submissions: { portalReference?: string; PortalReference?: string }[];
  };
  return submissions.filter((s) => (s.portalReference ?? s.PortalReference) === reference).length;
}

describe.each(testEngines())("feedback handed to the sandbox's e-Mrejesho on $name", ({ open }) => {
  let database: TestDatabase;
  let boss: PgBoss;
  let institutionId: string;
  beforeAll(async () => {
    database = await open();
    boss = await jobQueue(database);
    const [row] = await database.db
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
    institutionId = row!.id;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const submit = (phone: string | null = "255712345678", locale: "sw" | "en" = "sw", to = institutionId) =>
    submitFeedback(database.db, {
      kind: "complaint",
      institutionId: to,
      serviceId: null,
      subject: "Cheti kimechelewa",
      message: "Nimesubiri cheti cha kuzaliwa kwa miezi mitatu.",
      senderName: null,
      senderPhone: phone,
      citizenId: null,
      locale,
      attachment: { fileName: "barua.pdf", mimeType: "application/pdf", content: Buffer.from("%PDF-1.7\n%test\n") },
    });

  /** The text messages queued for a phone, oldest first. */
  const smsTo = (phone: string) => queuedSmsTo(boss, phone);

  const updateOf = (
    reference: string,
    id: string,
    status: "ACKNOWLEDGED" | "ANSWERED" | "CLOSED",
    reply: { Text: string; At: string } | null = null,
  ) =>
    applyUpdate(database.db, {
      PortalReference: reference,
      Reference: "EMR-2026-000043",
      Status: status,
      Reply: reply && { ...reply, By: "Afisa Huduma" },
      UpdateId: id,
    });

  it("gives a reference at once, before delivery, with the hand-off and the SMS queued", async () => {
    const reference = await submit();
    expect(reference).toMatch(/^MRJ-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect((await feedbackByReference(database.db, reference))?.status).toBe("received");
    // Typed loosely (spaces, no or other dashes, any case), it is the same submission.
    for (const typed of [
      ` ${reference.toLowerCase().replace(/-/g, " ")} `,
      reference.replace(/-/g, ""),
      reference.replace(/-/g, "\u2013"),
    ]) {
      expect((await feedbackByReference(database.db, typed))?.reference).toBe(reference);
    }
    expect(await feedbackByReference(database.db, `${reference}X`)).toBeUndefined();
    // The hand-off is a job named by the submission (its id is the submission's), the thanks another.
    const [row] = await database.db.select({ id: feedback.id }).from(feedback).where(eq(feedback.reference, reference));
    expect((await boss.getJobById(QUEUES.emrejeshoPush, row!.id))?.data).toEqual({ feedbackId: row!.id });
    expect(await smsTo("255712345678")).toHaveLength(1);
  });

  it("writes neither the submission nor its jobs when the transaction fails", async () => {
    // Rule: a hand-off exists only if the change that caused it was committed.
    const jobs = async () => (await boss.findJobs(QUEUES.emrejeshoPush)).length + (await queuedSms(boss)).length;
    const before = await jobs();
    await expect(submit("255712345678", "sw", "00000000-0000-4000-8000-000000000000")).rejects.toThrow();
    expect(await jobs()).toBe(before);
  });

  it("keeps the submission while the bus is down, then delivers it once", async () => {
    // Rule: nothing is lost or sent twice when the bus is down.
    await control("down");
    const reference = await submit(null);
    const [row] = await database.db.select({ id: feedback.id }).from(feedback).where(eq(feedback.reference, reference));
    const job = () => boss.getJobById(QUEUES.emrejeshoPush, row!.id);
    await workOn(
      boss,
      database.db,
      QUEUES.emrejeshoPush,
      { payload: feedbackJob, deliver: ({ feedbackId }) => deliverFeedback(database.db, config, feedbackId) },
      0.5,
    );
    try {
      const waiting = await until(job, (j) => j?.state === "retry");
      expect(waiting!.output).toMatchObject({ tries: 1 });
      expect((await feedbackByReference(database.db, reference))?.status).toBe("received");
      await control("normal");
      // The next try, brought forward from its backoff.
      await boss.update(QUEUES.emrejeshoPush, undefined, { id: row!.id, startAfter: new Date() });
      await until(job, (j) => j?.state === "completed");
    } finally {
      await boss.offWork(QUEUES.emrejeshoPush);
      await control("normal");
    }
    expect((await feedbackByReference(database.db, reference))?.status).toBe("delivered");
    expect(await received(reference)).toBe(1);
    // Delivered again (a crash after sending), it is still one record at e-Mrejesho.
    await deliverFeedback(database.db, config, row!.id);
    expect(await received(reference)).toBe(1);
  });

  it("applies each update once and never moves backwards", async () => {
    const reference = await submit(null);
    const update = (status: "ACKNOWLEDGED" | "ANSWERED" | "CLOSED", id: string, reply = false) =>
      applyUpdate(database.db, {
        PortalReference: reference,
        Reference: "EMR-2026-000042",
        Status: status,
        Reply: reply ? { Text: "Cheti chako kiko tayari.", By: "RITA", At: "2026-11-25T12:00:00Z" } : null,
        UpdateId: id,
      });
    expect(await update("ACKNOWLEDGED", "u1")).toBe("applied");
    expect(await update("ACKNOWLEDGED", "u1")).toBe("repeated");
    expect(await update("ANSWERED", "u2", true)).toBe("applied");
    expect(await update("ACKNOWLEDGED", "u3")).toBe("applied");
    const view = await feedbackByReference(database.db, reference);
    expect(view).toMatchObject({
      status: "answered",
      emrejeshoReference: "EMR-2026-000042",
      reply: { text: "Cheti chako kiko tayari.", by: "RITA" },
    });
    expect(
      await applyUpdate(database.db, { PortalReference: "MRJ-AAAA-AAAA", Reference: "x", Status: "CLOSED", Reply: null, UpdateId: "u9" }),
    ).toBe("unknown");
  });

  it("thanks the sender by SMS in the language of the form they used", async () => {
    const sw = await submit("255712000001", "sw");
    const en = await submit("255712000002", "en");
    expect(await smsTo("255712000001")).toEqual([
      `Dirisha: Asante, mrejesho wako umepokelewa. Namba ya kufuatilia ${sw}. Fuatilia hapa: ${shortLink("sw", "f", sw)}`,
    ]);
    expect(await smsTo("255712000002")).toEqual([
      `Dirisha: Thank you, your feedback was received. Tracking reference ${en}. Follow it here: ${shortLink("en", "f", en)}`,
    ]);
  });

  it("tells the sender by SMS, once per answer and in their language, that the institution answered", async () => {
    const phone = "255712000003";
    const reference = await submit(phone, "en");
    const answer = { Text: "Your certificate is ready at the district office.", At: "2026-11-25T12:00:00Z" };
    await updateOf(reference, `${reference}-1`, "ACKNOWLEDGED");
    expect(await smsTo(phone)).toHaveLength(1); // the thanks only
    await updateOf(reference, `${reference}-2`, "ANSWERED", answer);
    await updateOf(reference, `${reference}-2`, "ANSWERED", answer); // repeated by the bus
    await updateOf(reference, `${reference}-3`, "ANSWERED", answer); // the same answer under another id
    await updateOf(reference, `${reference}-4`, "ACKNOWLEDGED", { Text: "Received.", At: "2026-11-24T09:00:00Z" }); // late, older
    await updateOf(reference, `${reference}-5`, "CLOSED", answer); // closed with the answer already told
    await updateOf(reference, `${reference}-6`, "CLOSED"); // closed without a reply
    expect((await smsTo(phone)).slice(1)).toEqual([
      `Dirisha: RITA has answered your feedback ${reference}. Read the answer: ${shortLink("en", "f", reference)}`,
    ]);
    // A new answer (a resolution sent with a later update) is an answer too.
    const other = await submit("255712000004", "sw");
    await updateOf(other, `${other}-1`, "ANSWERED", answer);
    await updateOf(other, `${other}-2`, "CLOSED", { Text: "Cheti kimetolewa.", At: "2026-11-26T08:00:00Z" });
    const told = (await smsTo("255712000004")).slice(1);
    expect(told).toHaveLength(2);
    expect(told[0]).toBe(`Dirisha: Mrejesho wako ${other} umejibiwa na RITA. Soma jibu: ${shortLink("sw", "f", other)}`);
  });

  it("names an institution without an acronym in the sender's language, and sends nothing to who left no phone", async () => {
    const [ministry] = await database.db
      .insert(institutions)
      .values({
        slug: "afya",
        nameSw: "Wizara ya Afya",
        nameEn: "Ministry of Health",
        kind: "ministry",
        descriptionSw: "x",
        descriptionEn: "x",
      })
      .returning({ id: institutions.id });
    const phone = "255712000005";
    const reference = await submit(phone, "sw", ministry!.id);
    await updateOf(reference, `${reference}-1`, "ANSWERED", { Text: "Tumelishughulikia.", At: "2026-11-25T12:00:00Z" });
    expect((await smsTo(phone)).slice(1)).toEqual([
      `Dirisha: Mrejesho wako ${reference} umejibiwa na Wizara ya Afya. Soma jibu: ${shortLink("sw", "f", reference)}`,
    ]);

    const before = (await queuedSms(boss)).length;
    const anonymous = await submit(null, "sw");
    expect(await updateOf(anonymous, `${anonymous}-1`, "ANSWERED", { Text: "Tumelishughulikia.", At: "2026-11-25T12:00:00Z" })).toBe(
      "applied",
    );
    expect((await queuedSms(boss)).length).toBe(before);
  });
});
