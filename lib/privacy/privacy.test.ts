import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  applicationDocumentBytes,
  applicationDocuments,
  applicationEvents,
  applications,
  auditEvents,
  bills,
  citizenSessions,
  citizens,
  feedback,
  feedbackAttachments,
  formVersions,
  institutions,
  payments,
  services,
} from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { keepDocument, databaseStore, checkDocument } from "@/lib/applications/documents";
import { clearExpired } from "@/lib/maintenance";
import { testEngines, type TestDatabase } from "@/testing/database";
import { eraseCitizen, erasurePlan } from "./erasure";
import { personalDataOf } from "./export";
import {
  clearBillPhones,
  clearFeedbackContacts,
  eraseInactiveAccounts,
  finishErasures,
  pruneAuditEvents,
  pruneEndedSessions,
  pruneFinishedApplications,
  pruneFinishedDocuments,
  RETENTION,
} from "./retention";

const fixture = readCatalogueData(path.join(import.meta.dirname, "../../testing/fixtures/catalogue"));
const pdf = Buffer.from("%PDF-1.4\n% a test document\n%%EOF\n");
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe.each(testEngines())("privacy: retention, export and erasure on $name", ({ open }) => {
  let database: TestDatabase;
  let serviceId: string;
  let institutionId: string;
  let formVersionId: string;
  let n = 0;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    const [service] = await database.db.select({ id: services.id, institutionId: services.institutionId }).from(services).limit(1);
    serviceId = service!.id;
    institutionId = service!.institutionId;
    const [version] = await database.db
      .insert(formVersions)
      .values({ serviceId, institutionId, number: 1, state: "published", definition: { schemaVersion: 1 } })
      .returning({ id: formVersions.id });
    formVersionId = version!.id;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const db = () => database.db;
  const citizen = async (values: Partial<typeof citizens.$inferInsert> = {}) => {
    n += 1;
    const [row] = await db()
      .insert(citizens)
      .values({
        ninHash: `hash-${n}-${Math.random()}`,
        ninLast4: "0042",
        firstName: "Rehema",
        surname: "Mushi",
        phoneMasked: "+255 7•• ••• •78",
        ...values,
      })
      .returning({ id: citizens.id, ninHash: citizens.ninHash });
    return row!;
  };
  const application = async (citizenId: string, values: Partial<typeof applications.$inferInsert> = {}) => {
    const [row] = await db()
      .insert(applications)
      .values({ citizenId, serviceId, institutionId, formVersionId, locale: "sw", answers: { child_name: "Baraka" }, ...values })
      .returning({ id: applications.id });
    const check = checkDocument(pdf, ["pdf"], 1024 * 1024);
    if (!check.ok) throw new Error("the test document is not a PDF");
    await db().transaction((tx) =>
      keepDocument(tx, databaseStore, { applicationId: row!.id, questionId: "notice", fileName: "notice.pdf", check }),
    );
    return row!.id;
  };
  const bill = async (citizenId: string, values: Partial<typeof bills.$inferInsert> = {}) => {
    n += 1;
    const [row] = await db()
      .insert(bills)
      .values({
        billId: `BILL${n}${Date.now()}`.slice(0, 20),
        citizenId,
        serviceId,
        feePosition: 0,
        descriptionSw: "Ada",
        descriptionEn: "Fee",
        amountMinor: 500000n,
        currency: "TZS",
        gfsCode: "140316",
        spCode: "SP19999",
        payerName: "Rehema Mushi",
        payerPhone: "255712345678",
        expiresAt: new Date(Date.now() + 7 * 86_400_000),
        ...values,
      })
      .returning({ id: bills.id });
    return row!.id;
  };
  const note = async (values: Partial<typeof feedback.$inferInsert> = {}) => {
    n += 1;
    const [row] = await db()
      .insert(feedback)
      .values({
        reference: `MRJ-TEST-${String(n).padStart(4, "0")}${Math.floor(Math.random() * 1e6)}`,
        kind: "complaint",
        institutionId,
        subject: "Foleni",
        message: "Foleni ni ndefu sana",
        senderName: "Rehema",
        senderPhone: "255712345678",
        locale: "sw",
        ...values,
      })
      .returning({ id: feedback.id });
    await db()
      .insert(feedbackAttachments)
      .values({ feedbackId: row!.id, fileName: "picha.jpg", mimeType: "image/jpeg", content: Buffer.from([1, 2, 3]) });
    return row!.id;
  };
  const countWhere = async (table: typeof applications | typeof applicationDocuments | typeof citizens, where: ReturnType<typeof eq>) =>
    (
      await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(table)
        .where(where)
    )[0]!.n;

  describe("retention, rule by rule", () => {
    beforeEach(() => {
      expect(RETENTION.finishedDocumentDays).toBeLessThan(RETENTION.finishedApplicationDays);
    });

    it("deletes sessions that ended more than endedSessionDays ago, and keeps the others", async () => {
      const { id } = await citizen();
      await db()
        .insert(citizenSessions)
        .values([
          { id: `old-signed-out-${id}`, citizenId: id, createdAt: daysAgo(40), revokedAt: daysAgo(RETENTION.endedSessionDays + 1) },
          { id: `recent-signed-out-${id}`, citizenId: id, createdAt: daysAgo(3), revokedAt: daysAgo(2) },
          { id: `old-timed-out-${id}`, citizenId: id, createdAt: daysAgo(RETENTION.endedSessionDays + 2) },
          { id: `open-${id}`, citizenId: id },
        ]);
      expect(await pruneEndedSessions(db())).toBeGreaterThanOrEqual(2);
      const left = await db().select({ id: citizenSessions.id }).from(citizenSessions).where(eq(citizenSessions.citizenId, id));
      expect(left.map((s) => s.id).sort()).toEqual([`open-${id}`, `recent-signed-out-${id}`]);
    });

    it("deletes security records older than auditDays", async () => {
      const { id } = await citizen();
      await db()
        .insert(auditEvents)
        .values([
          { action: "sign_in", outcome: "success", citizenId: id, at: daysAgo(RETENTION.auditDays + 1) },
          { action: "sign_in", outcome: "success", citizenId: id, at: daysAgo(RETENTION.auditDays - 1) },
        ]);
      await pruneAuditEvents(db());
      const left = await db().select({ at: auditEvents.at }).from(auditEvents).where(eq(auditEvents.citizenId, id));
      expect(left).toHaveLength(1);
      expect(left[0]!.at.getTime()).toBeGreaterThan(daysAgo(RETENTION.auditDays).getTime());
    });

    it("deletes a finished application's documents after finishedDocumentDays and the application after finishedApplicationDays", async () => {
      const { id } = await citizen();
      const recent = await application(id, { status: "completed", finishedAt: daysAgo(RETENTION.finishedDocumentDays - 1) });
      const older = await application(id, { status: "completed", finishedAt: daysAgo(RETENTION.finishedDocumentDays + 1) });
      const oldest = await application(id, { status: "rejected", finishedAt: daysAgo(RETENTION.finishedApplicationDays + 1) });
      const open = await application(id, { status: "in_review", createdAt: daysAgo(1000) });
      await pruneFinishedDocuments(db());
      const documentsOf = (applicationId: string) =>
        countWhere(applicationDocuments, eq(applicationDocuments.applicationId, applicationId));
      expect(await documentsOf(recent)).toBe(1);
      expect(await documentsOf(older)).toBe(0);
      expect(await documentsOf(open)).toBe(1);
      // The bytes went with their rows.
      const orphans = await db().execute(
        sql`select count(*)::int as n from ${applicationDocumentBytes} b where not exists (select 1 from ${applicationDocuments} d where d.id = b.document_id)`,
      );
      expect(Number((orphans as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(0);
      await pruneFinishedApplications(db());
      expect(await countWhere(applications, eq(applications.id, oldest))).toBe(0);
      expect(await countWhere(applications, eq(applications.id, older))).toBe(1);
      expect(await countWhere(applications, eq(applications.id, open))).toBe(1);
    });

    it("clears feedback contacts and attachments feedbackContactDays after the answer, or feedbackContactMaxDays after sending", async () => {
      const answeredLongAgo = await note({ status: "answered", updatedAt: daysAgo(RETENTION.feedbackContactDays + 1) });
      const answeredRecently = await note({ status: "answered", updatedAt: daysAgo(1) });
      const neverAnswered = await note({ status: "acknowledged", createdAt: daysAgo(RETENTION.feedbackContactMaxDays + 1) });
      const open = await note({ status: "delivered", createdAt: daysAgo(30) });
      await clearFeedbackContacts(db());
      const contact = async (id: string) => {
        const [row] = await db()
          .select({ name: feedback.senderName, phone: feedback.senderPhone, message: feedback.message })
          .from(feedback)
          .where(eq(feedback.id, id));
        const files = await db().select().from(feedbackAttachments).where(eq(feedbackAttachments.feedbackId, id));
        return { name: row!.name, phone: row!.phone, message: row!.message, files: files.length };
      };
      expect(await contact(answeredLongAgo)).toEqual({ name: null, phone: null, message: "Foleni ni ndefu sana", files: 0 });
      expect(await contact(neverAnswered)).toEqual({ name: null, phone: null, message: "Foleni ni ndefu sana", files: 0 });
      expect(await contact(answeredRecently)).toMatchObject({ name: "Rehema", phone: "255712345678", files: 1 });
      expect(await contact(open)).toMatchObject({ name: "Rehema", phone: "255712345678", files: 1 });
    });

    it("clears a bill's phone billPhoneDays after it is paid or expired, and keeps it on a bill still payable", async () => {
      const { id } = await citizen();
      const paid = await bill(id, { state: "paid", paidAt: daysAgo(RETENTION.billPhoneDays + 1), expiresAt: daysAgo(20) });
      const expired = await bill(id, { state: "issued", expiresAt: daysAgo(RETENTION.billPhoneDays + 1) });
      const payable = await bill(id, { state: "issued" });
      const justPaid = await bill(id, { state: "paid", paidAt: daysAgo(2) });
      await clearBillPhones(db());
      const phone = async (billId: string) =>
        (await db().select({ phone: bills.payerPhone, name: bills.payerName }).from(bills).where(eq(bills.id, billId)))[0]!;
      expect(await phone(paid)).toEqual({ phone: null, name: "Rehema Mushi" });
      expect((await phone(expired)).phone).toBeNull();
      expect((await phone(payable)).phone).toBe("255712345678");
      expect((await phone(justPaid)).phone).toBe("255712345678");
    });

    it("erases an account not signed in to for inactiveDays, and not one in use", async () => {
      const idle = await citizen({ lastSignInAt: daysAgo(RETENTION.inactiveDays + 1) });
      const active = await citizen({ lastSignInAt: daysAgo(10) });
      await eraseInactiveAccounts(db());
      expect(await countWhere(citizens, eq(citizens.id, idle.id))).toBe(0);
      const [kept] = await db().select({ name: citizens.firstName }).from(citizens).where(eq(citizens.id, active.id));
      expect(kept!.name).toBe("Rehema");
      const [record] = await db().select({ outcome: auditEvents.outcome }).from(auditEvents).where(eq(auditEvents.citizenId, idle.id));
      expect(record!.outcome).toBe("inactive");
    });

    it("runs every rule from the quarter-hourly clean-up", async () => {
      const { id } = await citizen();
      const finished = await application(id, { status: "completed", finishedAt: daysAgo(RETENTION.finishedDocumentDays + 1) });
      const answered = await note({ status: "closed", updatedAt: daysAgo(RETENTION.feedbackContactDays + 1) });
      await clearExpired(db());
      expect(await countWhere(applicationDocuments, eq(applicationDocuments.applicationId, finished))).toBe(0);
      expect((await db().select({ phone: feedback.senderPhone }).from(feedback).where(eq(feedback.id, answered)))[0]!.phone).toBeNull();
    });
  });

  describe("what a citizen can see and download", () => {
    it("holds everything about them, and nothing about anyone else", async () => {
      const me = await citizen({ firstName: "Asha", surname: "Juma" });
      const other = await citizen({ firstName: "Neema", surname: "Kweka" });
      await application(me.id, { reference: "APP-AAAA-BBBB", status: "in_review", phone: "255711111111" });
      await application(other.id, { reference: "APP-CCCC-DDDD", status: "in_review" });
      const mine = await bill(me.id, { state: "paid", paidAt: new Date() });
      await db()
        .insert(payments)
        .values({
          trxId: `TRX-${mine}`,
          billId: mine,
          controlNumber: "991234567890",
          paidMinor: 500000n,
          billMinor: 500000n,
          currency: "TZS",
          pspCode: "PSP001",
          payRefId: `REF-${mine}`,
          paidAt: new Date(),
          receiptNumber: `DRS-2026-${mine.slice(0, 6)}`,
        });
      await bill(other.id);
      await note({ citizenId: me.id, subject: "Yangu" });
      await note({ citizenId: other.id, subject: "Yake" });
      await db()
        .insert(citizenSessions)
        .values({ id: `session-${me.id}`, citizenId: me.id, nidaRecord: { nin: "19900314123450000123" } });
      await db()
        .insert(auditEvents)
        .values([
          { action: "sign_in", outcome: "verified", citizenId: me.id },
          // A failure before sign-in names the NIN's hash only.
          { action: "sign_in", outcome: "failure", subjectHash: me.ninHash },
          { action: "sign_in", outcome: "failure", subjectHash: other.ninHash },
        ]);

      const data = (await personalDataOf(db(), me.id))!;
      expect(data.profile).toMatchObject({ firstName: "Asha", surname: "Juma", ninEnding: "0042" });
      expect(data.applications.map((a) => a.reference)).toEqual(["APP-AAAA-BBBB"]);
      expect(data.applications[0]!.answers).toEqual({ child_name: "Baraka" });
      expect(data.applications[0]!.phone).toBe("255711111111");
      expect(data.applications[0]!.documents).toEqual([expect.objectContaining({ fileName: "notice.pdf", type: "application/pdf" })]);
      expect(data.bills).toHaveLength(1);
      expect(data.bills[0]!.payments).toEqual([expect.objectContaining({ amount: expect.stringContaining("TZS") })]);
      expect(data.feedback.map((f) => f.subject)).toEqual(["Yangu"]);
      expect(data.feedback[0]!.attachment).toBe("picha.jpg");
      expect(data.sessions).toEqual([expect.objectContaining({ signedOut: null, nidaRecord: { nin: "19900314123450000123" } })]);
      expect(data.securityRecord.map((e) => e.outcome).sort()).toEqual(["failure", "verified"]);
      // Nothing of the other citizen anywhere in the file.
      const text = JSON.stringify(data);
      for (const theirs of ["Neema", "Kweka", "APP-CCCC-DDDD", "Yake"]) expect(text).not.toContain(theirs);
      // Keys that mean nothing outside are not part of it.
      expect(text).not.toContain(me.ninHash);
      expect(await personalDataOf(db(), "00000000-0000-4000-8000-000000000000")).toBeNull();
    });
  });

  describe("erasure on request", () => {
    it("with nothing that must stay, deletes the account whole and keeps only the audit line", async () => {
      const me = await citizen();
      await application(me.id, { status: "draft" });
      await application(me.id, { status: "completed", finishedAt: daysAgo(1) });
      const mine = await note({ citizenId: me.id, status: "answered" });
      await db()
        .insert(citizenSessions)
        .values({ id: `erase-${me.id}`, citizenId: me.id, nidaRecord: { nin: "x" } });
      expect(await erasurePlan(db(), me.id)).toEqual({
        deleted: { applications: 2, documents: 2, feedback: 1, sessions: 1 },
        kept: { bills: 0, applicationsInProgress: 0, feedbackOpen: 0 },
      });
      await eraseCitizen(db(), me.id, "request");
      expect(await countWhere(citizens, eq(citizens.id, me.id))).toBe(0);
      expect(await countWhere(applications, eq(applications.citizenId, me.id))).toBe(0);
      const [left] = await db()
        .select({ citizenId: feedback.citizenId, name: feedback.senderName, phone: feedback.senderPhone, message: feedback.message })
        .from(feedback)
        .where(eq(feedback.id, mine));
      expect(left).toEqual({ citizenId: null, name: null, phone: null, message: "Foleni ni ndefu sana" });
      expect(await db().select().from(feedbackAttachments).where(eq(feedbackAttachments.feedbackId, mine))).toHaveLength(0);
      expect(await db().select().from(citizenSessions).where(eq(citizenSessions.citizenId, me.id))).toHaveLength(0);
      const trail = await db()
        .select({ action: auditEvents.action, outcome: auditEvents.outcome })
        .from(auditEvents)
        .where(eq(auditEvents.citizenId, me.id));
      expect(trail).toEqual([{ action: "privacy_erasure", outcome: "request" }]);
    });

    it("keeps bills and applications in progress, blanks the account, and finishes once the institution does", async () => {
      const me = await citizen({ firstName: "Juma", surname: "Ali" });
      const paid = await bill(me.id, { state: "paid", paidAt: new Date() });
      const deciding = await application(me.id, { status: "in_review" });
      const open = await note({ citizenId: me.id, status: "delivered" });
      const plan = await eraseCitizen(db(), me.id, "request");
      expect(plan.kept).toEqual({ bills: 1, applicationsInProgress: 1, feedbackOpen: 1 });
      const [row] = await db().select().from(citizens).where(eq(citizens.id, me.id));
      expect(row).toMatchObject({ firstName: "", middleName: "", surname: "", phoneMasked: null });
      expect(row!.erasedAt).toBeInstanceOf(Date);
      expect(await countWhere(applications, eq(applications.id, deciding))).toBe(1);
      expect((await db().select({ id: bills.id }).from(bills).where(eq(bills.id, paid))).length).toBe(1);
      // The unanswered feedback keeps its contact so that the answer reaches them, but not the link.
      expect(
        (await db().select({ c: feedback.citizenId, p: feedback.senderPhone }).from(feedback).where(eq(feedback.id, open)))[0],
      ).toEqual({
        c: null,
        p: "255712345678",
      });

      // Still deciding: nothing more goes.
      await finishErasures(db());
      expect(await countWhere(applications, eq(applications.id, deciding))).toBe(1);
      // The institution finishes: the application goes, and the account row stays for the bill.
      await db().update(applications).set({ status: "completed", finishedAt: new Date() }).where(eq(applications.id, deciding));
      await finishErasures(db());
      expect(await countWhere(applications, eq(applications.id, deciding))).toBe(0);
      expect(await countWhere(citizens, eq(citizens.id, me.id))).toBe(1);
      // Signing in again fills the account again (sign-in's upsert sets erasedAt back to null).
      const data = (await personalDataOf(db(), me.id))!;
      expect(data.profile.firstName).toBe("");
      expect(data.bills).toHaveLength(1);
    });

    it("deletes the account row once the last application it waited for is finished, when no bill names it", async () => {
      const me = await citizen();
      const deciding = await application(me.id, { status: "sent" });
      await eraseCitizen(db(), me.id, "request");
      expect(await countWhere(citizens, eq(citizens.id, me.id))).toBe(1);
      await db().update(applications).set({ status: "rejected", finishedAt: new Date() }).where(eq(applications.id, deciding));
      await finishErasures(db());
      expect(await countWhere(citizens, eq(citizens.id, me.id))).toBe(0);
    });

    it("touches no one else's data", async () => {
      const me = await citizen();
      const other = await citizen({ firstName: "Neema" });
      const theirs = await application(other.id, { status: "completed", finishedAt: daysAgo(1) });
      const theirNote = await note({ citizenId: other.id, status: "answered" });
      await db()
        .insert(citizenSessions)
        .values({ id: `other-${other.id}`, citizenId: other.id });
      await eraseCitizen(db(), me.id, "request");
      expect(await countWhere(applications, eq(applications.id, theirs))).toBe(1);
      expect((await db().select({ c: feedback.citizenId }).from(feedback).where(eq(feedback.id, theirNote)))[0]!.c).toBe(other.id);
      expect(await db().select().from(citizenSessions).where(eq(citizenSessions.citizenId, other.id))).toHaveLength(1);
      const [row] = await db().select({ name: citizens.firstName }).from(citizens).where(eq(citizens.id, other.id));
      expect(row!.name).toBe("Neema");
      expect(await db().select().from(institutions).limit(1)).toHaveLength(1);
      expect(await db().select().from(applicationEvents).limit(0)).toHaveLength(0);
    });
  });
});
