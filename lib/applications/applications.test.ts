import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationDocuments, applicationEvents, applications, bills, citizens, formVersions, services } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue } from "@/lib/catalogue/catalogue";
import type { CatalogueService } from "@/lib/catalogue/model";
import { loadCatalogueRows } from "@/lib/catalogue/load";
import type { NidaRecord } from "@/lib/identity/nida-record";
import type { ApplicationsConfig, ApplicationUpdate } from "@/lib/integrations/applications/client";
import { configuredApplications } from "@/lib/integrations/applications/config";
import { DeliveryError } from "@/lib/jobs/errors";
import { jobQueue, QUEUES } from "@/lib/jobs/queue";
import { testEngines, type TestDatabase } from "@/testing/database";
import { smsTo } from "@/testing/queue";
import { startSandbox, type SandboxProcess } from "@/testing/sandbox-process";
import {
  applicationOfCitizen,
  applicationsOfCitizen,
  applyApplicationUpdate,
  deliverApplication,
  deliverReply,
  documentOfCitizen,
  openQuestion,
  pruneDrafts,
  releasePaidApplications,
  replyToQuestion,
  savePage,
  startApplication,
  submitApplication,
} from "./applications";
import { databaseStore } from "./documents";
import type { FormDefinitionInput } from "./form-schema";

/*
 * An application from its first page to the institution's last word, on the database and against
 * the sandbox's GovESB and institution back-ends over HTTP: filled from NIDA, saved page by page,
 * submitted with its reference, its bill and its hand-off in one transaction, delivered once
 * whatever the bus does, and moved forward only by the institution's updates.
 */

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-keys-"));
process.env.KEYS_DIR = keys;
// RITA bills through the portal in these tests, so that "pay before handing over" can be followed.
process.env.GEPG_PORTAL_BILLING = "rita:SP99001";

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));
const pdf = Buffer.from("%PDF-1.7\n%test document\n");

const record: NidaRecord = {
  nin: "19900101000000000001",
  firstName: "Amani",
  middleName: "Juma",
  surname: "Mushi",
  dateOfBirth: "1990-01-01",
  sex: "M",
  phone: "255700000001",
  placeOfBirth: { region: "Kilimanjaro", district: "Moshi" },
  residence: { region: "Dar es Salaam", district: "Kinondoni", ward: "Mwananyamala", village: null },
  fetchedAt: new Date().toISOString(),
};

const bi = (en: string) => ({ sw: `${en} (sw)`, en });
const form = (payment: FormDefinitionInput["payment"]): FormDefinitionInput => ({
  schemaVersion: 1,
  intro: bi("Register a birth"),
  payment,
  pages: [
    {
      id: "you",
      title: bi("Your details"),
      questions: [
        { id: "name", kind: "text", label: bi("Your name"), required: true, nida: "fullName" },
        { id: "home", kind: "regionDistrict", label: bi("Where you live"), required: true, nida: "residence" },
      ],
    },
    {
      id: "child",
      title: bi("The child"),
      questions: [
        { id: "child_name", kind: "text", label: bi("Child's name"), required: true, maxLength: 60 },
        { id: "born_on", kind: "date", label: bi("Date of birth"), required: true, notAfter: "today" },
        { id: "facility", kind: "yesNo", label: bi("Born in a health facility?"), required: true },
      ],
    },
    {
      id: "notification",
      title: bi("Notification"),
      when: { question: "facility", equals: true },
      questions: [
        {
          id: "notice",
          kind: "document",
          label: bi("Notification of birth"),
          required: true,
          accept: ["pdf", "jpeg"],
          maxBytes: 1024 * 1024,
        },
      ],
    },
    {
      id: "end",
      title: bi("Declaration"),
      questions: [{ id: "agree", kind: "declaration", label: bi("All of this is true"), required: true }],
    },
  ],
});

const fields = (values: Record<string, string | string[]>) => ({
  text: (name: string) => {
    const value = values[name];
    return typeof value === "string" ? value : "";
  },
  all: (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  },
});
const noFiles = async () => null;

let sandbox: SandboxProcess;
let bus: ApplicationsConfig;

beforeAll(async () => {
  sandbox = await startSandbox({ SANDBOX_KEYS_DIR: keys, SANDBOX_PORTAL_APPLICATIONS_URL: "http://127.0.0.1:9/unused" });
  bus = {
    ...configuredApplications(),
    tokenUrl: `${sandbox.url}/govesb/gw/govesb-uaa/oauth/token`,
    engineUrl: `${sandbox.url}/govesb/engine/esb`,
    timeoutMs: 3_000,
  };
  bus.privateKey();
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

async function receivedBySandbox(reference: string): Promise<number> {
  const { applications: list } = (await (await fetch(`${sandbox.url}/institutions.json`)).json()) as {
    applications: { portalReference: string }[];
  };
  return list.filter((a) => a.portalReference === reference).length;
}

describe.each(testEngines())("applying online on $name", ({ open }) => {
  let database: TestDatabase;
  let boss: PgBoss;
  let citizenId: string;
  let otherId: string;
  let birth: CatalogueService;
  let death: CatalogueService;

  beforeAll(async () => {
    database = await open();
    boss = await jobQueue(database);
    await seedCatalogue(database.db, fixture);
    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    birth = catalogue.services.find((s) => s.slug.en === "birth-registration")!;
    death = catalogue.services.find((s) => s.slug.en === "death-registration")!;
    for (const [service, definition] of [
      [birth, form({ when: "before", feePosition: 0 })],
      [death, form({ when: "none" })],
    ] as const) {
      await database.db.insert(formVersions).values({
        serviceId: service.id,
        institutionId: service.institution.id,
        number: 1,
        state: "published",
        definition: definition as unknown as Record<string, unknown>,
      });
    }
    const people = await database.db
      .insert(citizens)
      .values([
        { ninHash: "a", ninLast4: "0001", firstName: "Amani", surname: "Mushi" },
        { ninHash: "b", ninLast4: "0002", firstName: "Neema", surname: "Kweka" },
      ])
      .returning({ id: citizens.id });
    [citizenId, otherId] = [people[0]!.id, people[1]!.id];
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const start = async (service: CatalogueService, who = citizenId) => {
    const started = await startApplication(database.db, {
      citizenId: who,
      service: { id: service.id, institutionId: service.institution.id },
      record,
      locale: "sw",
    });
    if (!started.ok) throw new Error(started.problem);
    return started.id;
  };
  const fill = async (id: string, facility: boolean) => {
    const child = await savePage(database.db, databaseStore, {
      citizenId,
      id,
      pageId: "child",
      fields: fields({
        q_child_name: "Baraka",
        q_born_on_day: "3",
        q_born_on_month: "11",
        q_born_on_year: "2026",
        q_facility: facility ? "yes" : "no",
      }),
      files: noFiles,
    });
    expect(child).toEqual({ ok: true, next: facility ? "notification" : "end" });
    if (facility) {
      const notice = await savePage(database.db, databaseStore, {
        citizenId,
        id,
        pageId: "notification",
        fields: fields({}),
        files: async () => ({ name: "tangazo.pdf", bytes: pdf }),
      });
      expect(notice).toEqual({ ok: true, next: "end" });
    }
    expect(
      await savePage(database.db, databaseStore, { citizenId, id, pageId: "end", fields: fields({ q_agree: "yes" }), files: noFiles }),
    ).toEqual({
      ok: true,
      next: "check",
    });
  };
  /** An update as the institution's system sends it, under the reference it gave the application. */
  const update = async (reference: string, status: ApplicationUpdate["Status"], at: string, extra: Partial<ApplicationUpdate> = {}) =>
    applyApplicationUpdate(database.db, {
      PortalReference: reference,
      Reference:
        (await database.db.select().from(applications).where(eq(applications.reference, reference)))[0]?.institutionReference ??
        "RITA-2026-000001",
      UpdateId: randomUUID(),
      Status: status,
      At: at,
      ...extra,
    });

  it("starts filled from the NIDA record, keeps one draft per listing, and asks for a fresh sign-in without a record", async () => {
    const id = await start(death);
    expect(await start(death)).toBe(id);
    const own = await applicationOfCitizen(database.db, citizenId, id);
    expect(own?.identity?.nin).toBe(record.nin);
    expect(own?.application.status).toBe("draft");
    const without = await startApplication(database.db, {
      citizenId: otherId,
      service: { id: death.id, institutionId: death.institution.id },
      record: null,
      locale: "en",
    });
    expect(without).toEqual({ ok: false, problem: "signInAgain" });
  });

  it("keeps nothing of a page with an error, says what is wrong beside each question, and asks for a file again", async () => {
    const id = await start(birth);
    const refused = await savePage(database.db, databaseStore, {
      citizenId,
      id,
      pageId: "child",
      fields: fields({ q_child_name: "x".repeat(61), q_born_on_day: "31", q_born_on_month: "2", q_born_on_year: "2026", q_facility: "" }),
      files: noFiles,
    });
    expect(refused).toMatchObject({
      ok: false,
      problem: "invalid",
      errors: { child_name: { name: "tooLong", params: { max: 60 } }, born_on: { name: "notADate" }, facility: { name: "required" } },
      values: { child_name: "x".repeat(61), born_on_day: "31" },
    });
    expect((await applicationOfCitizen(database.db, citizenId, id))?.answers).toEqual({});
    // A wrong file on a page: nothing kept, and the citizen told to choose again.
    await savePage(database.db, databaseStore, {
      citizenId,
      id,
      pageId: "child",
      fields: fields({ q_child_name: "Baraka", q_born_on_day: "3", q_born_on_month: "11", q_born_on_year: "2026", q_facility: "yes" }),
      files: noFiles,
    });
    const wrongType = await savePage(database.db, databaseStore, {
      citizenId,
      id,
      pageId: "notification",
      fields: fields({}),
      files: async () => ({ name: "picha.png", bytes: Buffer.from("\x89PNG\r\n\x1a\nxxxx", "binary") }),
    });
    expect(wrongType).toMatchObject({ ok: false, errors: { notice: { name: "fileType" } }, fileDropped: true });
    expect(await database.db.select().from(applicationDocuments).where(eq(applicationDocuments.applicationId, id))).toHaveLength(0);
  });

  it("follows conditions: a page asked only if an earlier answer says so, and its answer dropped when it no longer applies", async () => {
    const mine = await start(birth);
    await fill(mine, true);
    let own = await applicationOfCitizen(database.db, citizenId, mine);
    expect(own?.answers.notice).toMatchObject({ fileName: "tangazo.pdf" });
    // Changed to "no": the notification page is skipped, and its file is not handed over.
    await fill(mine, false);
    own = await applicationOfCitizen(database.db, citizenId, mine);
    expect(own?.answers.facility).toBe(false);
  });

  it("never shows, changes or sends one citizen's application to another", async () => {
    const id = await start(death);
    expect(await applicationOfCitizen(database.db, otherId, id)).toBeNull();
    expect(await applicationOfCitizen(database.db, otherId, randomUUID())).toBeNull();
    expect(
      await savePage(database.db, databaseStore, { citizenId: otherId, id, pageId: "child", fields: fields({}), files: noFiles }),
    ).toMatchObject({
      problem: "notFound",
    });
    expect(await submitApplication(database.db, { citizenId: otherId, id, service: death, locale: "sw" })).toEqual({
      ok: false,
      problem: "notFound",
    });
    const [document] = await database.db.select().from(applicationDocuments).limit(1);
    if (document) expect(await documentOfCitizen(database.db, otherId, document.id)).toBeNull();
  });

  it("refuses an incomplete application, then submits with a reference, the hand-off and the SMS in one go", async () => {
    const id = await start(death);
    expect(await submitApplication(database.db, { citizenId, id, service: death, locale: "sw" })).toMatchObject({
      ok: false,
      problem: "incomplete",
      page: "child",
    });
    await fill(id, false);
    const sent = await submitApplication(database.db, { citizenId, id, service: death, locale: "sw" });
    if (!sent.ok) throw new Error(sent.problem);
    expect(sent.reference).toMatch(/^APP-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(sent.status).toBe("submitted");
    expect((await boss.getJobById(QUEUES.applicationPush, id))?.data).toEqual({ applicationId: id });
    expect((await smsTo(boss, "255700000001")).some((m) => m.includes(sent.reference))).toBe(true);
    // Sent once: a second submission is refused, and the answers can no longer change.
    expect(await submitApplication(database.db, { citizenId, id, service: death, locale: "sw" })).toEqual({
      ok: false,
      problem: "notDraft",
    });
    expect(
      await savePage(database.db, databaseStore, { citizenId, id, pageId: "end", fields: fields({ q_agree: "yes" }), files: noFiles }),
    ).toMatchObject({
      problem: "notDraft",
    });
  });

  it("holds an application that pays first until its bill is paid, then hands it over", async () => {
    const id = await start(birth);
    await fill(id, true);
    const sent = await submitApplication(database.db, { citizenId, id, service: birth, locale: "en" });
    if (!sent.ok) throw new Error(sent.problem);
    expect(sent.status).toBe("awaiting_payment");
    expect(sent.billId).not.toBeNull();
    expect(await boss.getJobById(QUEUES.applicationPush, id)).toBeNull();
    const [bill] = await database.db.select().from(bills).where(eq(bills.id, sent.billId!));
    expect(bill?.amountMinor).toBe(800000n);
    await database.db.update(bills).set({ state: "paid" }).where(eq(bills.id, sent.billId!));
    expect(await releasePaidApplications(database.db, sent.billId!)).toBe(1);
    expect(await releasePaidApplications(database.db, sent.billId!)).toBe(0);
    expect((await applicationOfCitizen(database.db, citizenId, id))?.application.status).toBe("submitted");
    expect((await boss.getJobById(QUEUES.applicationPush, id))?.data).toEqual({ applicationId: id });
  });

  it("gives each application a bill of its own, and follows a renewed bill to the application", async () => {
    const first = await start(birth);
    await fill(first, false);
    const one = await submitApplication(database.db, { citizenId, id: first, service: birth, locale: "sw" });
    const second = await start(birth);
    await fill(second, false);
    const two = await submitApplication(database.db, { citizenId, id: second, service: birth, locale: "sw" });
    if (!one.ok || !two.ok) throw new Error("not sent");
    // Twins: one bill each, never one payment for two applications.
    expect(one.billId).not.toBe(two.billId);
    // The first bill expires; its renewal is paid: the application follows it and goes.
    const [old] = await database.db.select().from(bills).where(eq(bills.id, one.billId!));
    const [renewed] = await database.db
      .insert(bills)
      .values({ ...old!, id: randomUUID(), billId: `DRS${Date.now()}`.slice(0, 20), renewsBillId: old!.id, state: "paid" })
      .returning();
    expect(await releasePaidApplications(database.db, renewed!.id)).toBe(1);
    const own = await applicationOfCitizen(database.db, citizenId, first);
    expect([own?.application.status, own?.application.billId]).toEqual(["submitted", renewed!.id]);
    expect((await applicationOfCitizen(database.db, citizenId, second))?.application.status).toBe("awaiting_payment");
  });

  it("keeps both tabs' answers when two pages are saved at once", async () => {
    const id = await start(death);
    const child = savePage(database.db, databaseStore, {
      citizenId,
      id,
      pageId: "child",
      fields: fields({ q_child_name: "Baraka", q_born_on_day: "3", q_born_on_month: "11", q_born_on_year: "2026", q_facility: "no" }),
      files: noFiles,
    });
    const end = savePage(database.db, databaseStore, { citizenId, id, pageId: "end", fields: fields({ q_agree: "yes" }), files: noFiles });
    await Promise.all([child, end]);
    expect((await applicationOfCitizen(database.db, citizenId, id))?.answers).toMatchObject({ child_name: "Baraka", agree: true });
  });

  it("replaces a draft on a withdrawn form by a fresh one on the form published now", async () => {
    const id = await start(death);
    const [v1] = await database.db.select().from(formVersions).where(eq(formVersions.serviceId, death.id));
    await database.db.update(formVersions).set({ state: "withdrawn" }).where(eq(formVersions.id, v1!.id));
    expect(await submitApplication(database.db, { citizenId, id, service: death, locale: "sw" })).toEqual({
      ok: false,
      problem: "formWithdrawn",
    });
    await database.db
      .insert(formVersions)
      .values({ serviceId: death.id, institutionId: death.institution.id, number: 2, state: "published", definition: v1!.definition });
    const fresh = await start(death);
    expect(fresh).not.toBe(id);
    expect(await applicationOfCitizen(database.db, citizenId, id)).toBeNull();
    expect((await applicationOfCitizen(database.db, citizenId, fresh))?.formNumber).toBe(2);
  });

  it("delivers to the institution once, while the bus is down, answering unsigned or garbage, or delivering twice", async () => {
    const id = await start(death);
    await fill(id, false);
    const sent = await submitApplication(database.db, { citizenId, id, service: death, locale: "sw" });
    if (!sent.ok) throw new Error(sent.problem);
    for (const mode of ["down", "bad-signature", "garbage"]) {
      await control(mode);
      const failure = await deliverApplication(database.db, bus, id).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DeliveryError);
      expect((failure as DeliveryError).permanent).toBe(false);
    }
    await control("normal");
    expect(await receivedBySandbox(sent.reference)).toBe(0);
    await deliverApplication(database.db, bus, id);
    // A worker that died before recording it delivers again: the institution keeps one, the portal one event.
    await database.db.update(applications).set({ status: "submitted" }).where(eq(applications.id, id));
    await deliverApplication(database.db, bus, id);
    expect(await receivedBySandbox(sent.reference)).toBe(1);
    const own = await applicationOfCitizen(database.db, citizenId, id);
    expect(own?.application.status).toBe("sent");
    expect(own?.application.institutionReference).toMatch(/^RITA-/);
    expect(own?.events.filter((e) => e.kind === "sent").length).toBeGreaterThanOrEqual(1);
  });

  it("moves forward only, once per update, answers questions through the bus, and forgets NIDA facts when finished", async () => {
    const id = await start(death);
    await fill(id, false);
    const sent = await submitApplication(database.db, { citizenId, id, service: death, locale: "sw" });
    if (!sent.ok) throw new Error(sent.problem);
    await deliverApplication(database.db, bus, id);
    const status = async () => (await applicationOfCitizen(database.db, citizenId, id))?.application.status;

    expect(await update(sent.reference, "RECEIVED", "2026-12-05T09:00:00+03:00", { UpdateId: "u-1" })).toBe("applied");
    expect(await update(sent.reference, "RECEIVED", "2026-12-05T09:00:00+03:00", { UpdateId: "u-1" })).toBe("repeated");
    // The question as the institution's system sends it (the sandbox checks replies against what it asked).
    const asked = (await (
      await fetch(`${sandbox.url}/institutions/update`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ reference: sent.reference, status: "INFORMATION_NEEDED", question: "Which hospital?" }),
      })
    ).json()) as { updateId: string };
    expect(
      await update(sent.reference, "INFORMATION_NEEDED", "2026-12-05T10:00:00+03:00", {
        UpdateId: asked.updateId,
        Question: "Which hospital?",
      }),
    ).toBe("applied");
    expect(await status()).toBe("information_needed");
    // An older "in review" arriving late is kept in the timeline and moves nothing.
    expect(await update(sent.reference, "IN_REVIEW", "2026-12-05T09:30:00+03:00")).toBe("applied");
    expect(await status()).toBe("information_needed");

    expect(await replyToQuestion(database.db, databaseStore, { citizenId, id, text: "  ", file: null })).toMatchObject({
      problem: "invalid",
    });
    expect(await replyToQuestion(database.db, databaseStore, { citizenId: otherId, id, text: "Mwananyamala", file: null })).toEqual({
      ok: false,
      problem: "notFound",
    });
    expect(
      await replyToQuestion(database.db, databaseStore, { citizenId, id, text: "Mwananyamala", file: { name: "a.pdf", bytes: pdf } }),
    ).toEqual({ ok: true });
    expect(await replyToQuestion(database.db, databaseStore, { citizenId, id, text: "again", file: null })).toEqual({
      ok: false,
      problem: "noQuestion",
    });
    const [reply] = await database.db.select().from(applicationEvents).where(eq(applicationEvents.kind, "reply"));
    expect((await boss.getJobById(QUEUES.applicationReply, reply!.id))?.data).toEqual({ eventId: reply!.id });
    await deliverReply(database.db, bus, reply!.id);
    await deliverReply(database.db, bus, reply!.id);

    expect(await update(sent.reference, "IN_REVIEW", "2026-12-06T09:00:00+03:00")).toBe("applied");
    expect(await update(sent.reference, "APPROVED", "2026-12-06T10:00:00+03:00", { Note: "Karibu" })).toBe("applied");
    expect(await update(sent.reference, "RECEIVED", "2026-12-06T11:00:00+03:00")).toBe("applied");
    expect(await status()).toBe("approved");
    expect(
      await update(sent.reference, "READY_FOR_COLLECTION", "2026-12-07T10:00:00+03:00", {
        Collection: { Place: "RITA, Kinondoni", From: "2026-12-10T08:00:00+03:00", Until: null },
      }),
    ).toBe("applied");
    expect(await update(sent.reference, "COMPLETED", "2026-12-10T10:00:00+03:00")).toBe("applied");
    expect(await update(sent.reference, "REJECTED", "2026-12-11T10:00:00+03:00", { Reasons: "late" })).toBe("applied");
    const own = await applicationOfCitizen(database.db, citizenId, id);
    expect(own?.application.status).toBe("completed");
    expect(own?.application.identity).toBeNull();
    expect(own?.application.phone).toBeNull();
    expect(own?.events.filter((e) => e.kind === "update" && !e.moved).map((e) => e.status)).toEqual(["in_review", "received", "rejected"]);
    // One SMS for each update that moved it, none for the repeated or the late ones.
    const texts = (await smsTo(boss, "255700000001")).filter((m) => m.includes(sent.reference));
    expect(texts).toHaveLength(1 + 6); // submitted, then received, question, review, approved, ready, completed
    expect(await update("APP-ZZZZ-ZZZZ", "RECEIVED", "2026-12-05T09:00:00+03:00")).toBe("unknown");
    // Another institution's reference for this application: never applied.
    expect(await update(sent.reference, "REJECTED", "2026-12-12T10:00:00+03:00", { Reference: "TRA-1", Reasons: "x" })).toBe("mismatch");
  });

  it("takes each institution's update ids as its own, and a later question as the one to answer", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const id = await start(death);
      await fill(id, false);
      const sent = await submitApplication(database.db, { citizenId, id, service: death, locale: "sw" });
      if (!sent.ok) throw new Error(sent.problem);
      ids.push(sent.reference);
    }
    // The same UpdateId from two systems, for two applications: both applied.
    expect(await update(ids[0]!, "RECEIVED", "2026-12-05T09:00:00+03:00", { UpdateId: "1" })).toBe("applied");
    expect(await update(ids[1]!, "RECEIVED", "2026-12-05T09:00:00+03:00", { UpdateId: "1" })).toBe("applied");
    expect(await update(ids[0]!, "INFORMATION_NEEDED", "2026-12-05T10:00:00+03:00", { UpdateId: "2", Question: "Which hospital?" })).toBe(
      "applied",
    );
    expect(await update(ids[0]!, "INFORMATION_NEEDED", "2026-12-05T11:00:00+03:00", { UpdateId: "3", Question: "And which ward?" })).toBe(
      "applied",
    );
    const [row] = await database.db.select().from(applications).where(eq(applications.reference, ids[0]!));
    const own = await applicationOfCitizen(database.db, citizenId, row!.id);
    expect(openQuestion(own!.events)?.question).toBe("And which ward?");
  });

  it("lists what needs the citizen first", async () => {
    const list = await applicationsOfCitizen(database.db, citizenId);
    expect(list.length).toBeGreaterThan(3);
    const order = list.map((a) => a.status);
    const firstDone = order.findIndex((s) => !["information_needed", "awaiting_payment", "draft"].includes(s));
    expect(order.slice(firstDone).some((s) => ["information_needed", "awaiting_payment", "draft"].includes(s))).toBe(false);
    expect((await applicationsOfCitizen(database.db, otherId)).every((a) => a.status === "draft")).toBe(true);
  });

  it("deletes drafts left thirty days, with their documents, and nothing else", async () => {
    const id = await start(birth);
    await fill(id, true);
    await database.db
      .update(applications)
      .set({ updatedAt: new Date(Date.now() - 31 * 86400_000) })
      .where(eq(applications.id, id));
    const before = (await database.db.select().from(applications)).length;
    expect(await pruneDrafts(database.db)).toBe(1);
    expect((await database.db.select().from(applications)).length).toBe(before - 1);
    expect(await database.db.select().from(applicationDocuments).where(eq(applicationDocuments.applicationId, id))).toHaveLength(0);
    expect(await database.db.select().from(services)).not.toHaveLength(0);
  });
});
