import { randomUUID } from "node:crypto";
import { like } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { editorialAudit, feedback, institutions, staff } from "@/db/schema";
import type { Actor, StaffActor } from "@/lib/security/permissions";
import { testEngines, type TestDatabase } from "@/testing/database";
import { deadLetters, dismiss, sendAgain } from "./dead-letters";
import { WIPED, type FailureOutput } from "./delivery";
import { jobQueue, QUEUES, type DeliveryQueue } from "./queue";

/*
 * Every hand-off that gave up, of every kind, in front of administrators: listed without
 * personal data, sent again to its queue or dismissed, each time audited; refused to everyone
 * else.
 */

describe.each(testEngines())("dead letters for operators on $name", ({ open }) => {
  let database: TestDatabase;
  let boss: PgBoss;
  let operator: StaffActor;
  let feedbackId: string;

  /** A job of `queue` that gave up after `tries` with `error`, as the worker leaves it. */
  async function gaveUp(queue: DeliveryQueue, data: object, output: FailureOutput): Promise<string> {
    const id = (await boss.send(queue, data, { retryLimit: 0 }))!;
    await boss.fail(queue, id, output);
    return id;
  }
  const waiting = (queue: string) => boss.findJobs<Record<string, unknown>>(queue, { queued: true });
  const audited = () => database.db.select().from(editorialAudit).where(like(editorialAudit.action, "queue.%")).orderBy(editorialAudit.id);

  beforeAll(async () => {
    database = await open();
    boss = await jobQueue(database);
    const [member] = await database.db
      .insert(staff)
      .values({ email: "ops@dirisha.test", name: "Operator", role: "admin", institutionId: null })
      .returning();
    operator = { kind: "staff", staffId: member!.id, role: "admin", institutionId: null };
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
    const [row] = await database.db
      .insert(feedback)
      .values({
        reference: "MRJ-DEAD-AAAA",
        kind: "complaint",
        institutionId: institution!.id,
        subject: "Cheti",
        message: "Nimesubiri.",
        locale: "sw",
        senderPhone: "255712000777",
      })
      .returning({ id: feedback.id });
    feedbackId = row!.id;
  });
  afterAll(async () => {
    await database?.dispose();
  });
  beforeEach(async () => {
    for (const queue of [QUEUES.smsSendDead, QUEUES.emrejeshoPushDead, QUEUES.billSubmitDead, QUEUES.reconcileDead]) {
      const ids = (await waiting(queue)).map((job) => job.id);
      if (ids.length) await boss.deleteJob(queue, ids);
    }
  });

  it("lists every kind that gave up, newest first, with its tries and last error and nothing personal", async () => {
    await gaveUp(QUEUES.emrejeshoPush, { feedbackId }, { error: "GovESB could not be reached", tries: 60 });
    await gaveUp(QUEUES.reconcile, { day: "2026-11-24" }, { error: "GePG unavailable: timed out", tries: 25 });
    await gaveUp(QUEUES.smsSend, { to: "255712000777", message: "Asante" }, { error: "mGov SMS gateway answered HTTP 401", tries: 1 });
    const letters = (await deadLetters(database.db, operator))!;
    expect(letters.map((l) => [l.kind, l.tries, l.error, l.about, l.resendable])).toEqual([
      ["sms", 1, "mGov SMS gateway answered HTTP 401", null, true],
      ["reconciliation", 25, "GePG unavailable: timed out", "2026-11-24", true],
      ["feedback", 60, "GovESB could not be reached", "MRJ-DEAD-AAAA", true],
    ]);
    expect(JSON.stringify(letters)).not.toContain("255712000777");
    expect(letters[0]!.gaveUpAt).toBeInstanceOf(Date);
  });

  it("is for administrators only", async () => {
    await gaveUp(QUEUES.emrejeshoPush, { feedbackId }, { error: "x", tries: 60 });
    const others: Actor[] = [
      { kind: "staff", staffId: randomUUID(), role: "publisher", institutionId: null },
      { kind: "citizen", citizenId: randomUUID() },
      { kind: "anonymous" },
    ];
    const [letter] = await waiting(QUEUES.emrejeshoPushDead);
    for (const who of others) {
      expect(await deadLetters(database.db, who)).toBeNull();
      expect(await sendAgain(database.db, who, { kind: "feedback", id: letter!.id })).toEqual({ ok: false, problem: "forbidden" });
      expect(await dismiss(database.db, who, { kind: "feedback", id: letter!.id })).toEqual({ ok: false, problem: "forbidden" });
    }
    expect(await waiting(QUEUES.emrejeshoPushDead)).toHaveLength(1);
  });

  it("sends one again to its queue for a new round of tries, audited without its data", async () => {
    const before = (await audited()).length;
    await gaveUp(QUEUES.smsSend, { to: "255712000777", message: "Asante" }, { error: "mGov SMS gateway could not be reached", tries: 12 });
    const [letter] = await waiting(QUEUES.smsSendDead);
    expect(await sendAgain(database.db, operator, { kind: "sms", id: letter!.id })).toEqual({ ok: true, count: 1 });
    expect(await waiting(QUEUES.smsSendDead)).toHaveLength(0);
    const again = (await waiting(QUEUES.smsSend)).filter((job) => job.data.message === "Asante");
    expect(again).toMatchObject([{ data: { to: "255712000777", message: "Asante" }, retryCount: 0, retryLimit: 11 }]);
    const entries = (await audited()).slice(before);
    expect(entries.map((e) => [e.action, e.staffId, e.entityId])).toEqual([["queue.send_again", operator.staffId, letter!.id]]);
    expect(entries[0]!.before).toMatchObject({
      kind: "sms",
      tries: 12,
      error: "mGov SMS gateway could not be reached",
      queue: QUEUES.smsSendDead,
    });
    expect(JSON.stringify(entries)).not.toContain("255712000777");
    // Sent again already: a second request finds nothing to send.
    expect(await sendAgain(database.db, operator, { kind: "sms", id: letter!.id })).toEqual({ ok: false, problem: "notFound" });
  });

  it("moves a letter once when two operators send it again at the same time", async () => {
    await gaveUp(QUEUES.emrejeshoPush, { feedbackId }, { error: "x", tries: 60 });
    const [letter] = await waiting(QUEUES.emrejeshoPushDead);
    const before = (await audited()).length;
    const results = await Promise.all([
      sendAgain(database.db, operator, { kind: "feedback", id: letter!.id }),
      sendAgain(database.db, operator, { kind: "feedback", id: letter!.id }),
    ]);
    expect(results).toEqual(
      expect.arrayContaining([
        { ok: true, count: 1 },
        { ok: false, problem: "notFound" },
      ]),
    );
    expect((await waiting(QUEUES.emrejeshoPush)).filter((job) => job.data.feedbackId === feedbackId)).toHaveLength(1);
    expect((await audited()).length).toBe(before + 1);
  });

  it("sends every one of a kind again, except what has nothing left to send, which an operator dismisses", async () => {
    await gaveUp(QUEUES.smsSend, { to: "255712000778", message: "Moja" }, { error: "x", tries: 12 });
    await gaveUp(QUEUES.smsSend, { to: "255712000779", message: "Mbili" }, { error: "x", tries: 12 });
    await gaveUp(QUEUES.smsSend, WIPED, { error: "expired before delivery", tries: 3 });
    expect(await sendAgain(database.db, operator, { kind: "sms" })).toEqual({ ok: true, count: 2 });
    const [expired] = await waiting(QUEUES.smsSendDead);
    expect((await deadLetters(database.db, operator))!.map((l) => [l.kind, l.resendable])).toEqual([["sms", false]]);
    expect(await sendAgain(database.db, operator, { kind: "sms", id: expired!.id })).toEqual({ ok: false, problem: "notResendable" });

    const before = (await audited()).length;
    expect(await dismiss(database.db, operator, { kind: "sms", id: expired!.id })).toEqual({ ok: true, count: 1 });
    expect(await deadLetters(database.db, operator)).toEqual([]);
    const [entry] = (await audited()).slice(before);
    expect([entry!.action, entry!.entityId]).toEqual(["queue.dismiss", expired!.id]);
    expect(entry!.before).toMatchObject({ kind: "sms", tries: 3, error: "expired before delivery" });
    expect(await dismiss(database.db, operator, { kind: "sms", id: expired!.id })).toEqual({ ok: false, problem: "notFound" });
  });

  it("finds nothing under an id that is not a dead letter's", async () => {
    expect(await sendAgain(database.db, operator, { kind: "bill", id: "not-an-id" })).toEqual({ ok: false, problem: "notFound" });
    expect(await sendAgain(database.db, operator, { kind: "bill", id: randomUUID() })).toEqual({ ok: false, problem: "notFound" });
    expect(await dismiss(database.db, operator, { kind: "bill", id: randomUUID() })).toEqual({ ok: false, problem: "notFound" });
  });
});
