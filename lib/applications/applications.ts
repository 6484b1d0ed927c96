import "server-only";
import { randomInt } from "node:crypto";
import { and, asc, desc, eq, getTableColumns, gt, inArray, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import type { Database } from "@/db";
import { applicationDocuments, applicationEvents, applications, bills, formVersions, institutions, services } from "@/db/schema";
import type { CatalogueService } from "@/lib/catalogue/model";
import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/config";
import type { NidaRecord } from "@/lib/identity/nida-record";
import {
  pushApplication,
  pushInformationReply,
  type ApplicationsConfig,
  type ApplicationUpdate,
  type DocumentPush,
} from "@/lib/integrations/applications/client";
import { GovesbError } from "@/lib/integrations/govesb/client";
import { DeliveryError } from "@/lib/jobs/errors";
import { inTransaction, queueFor, QUEUES, traced } from "@/lib/jobs/queue";
import { queueSms } from "@/lib/notifications/sms";
import { fitOneSms, shortLink, smsText } from "@/lib/notifications/sms-text";
import { formatMinor } from "@/lib/payments/money";
import { payableFees, requestBill } from "@/lib/payments/bills";
import {
  askedAnswers,
  firstIncompletePage,
  identitySchema,
  questionAsked,
  readAnswer,
  shownPages,
  typedByCitizen,
  type AnswerError,
  type Answers,
  type AnswerValue,
  type Identity,
  type PageFields,
} from "./answers";
import { checkDocument, keepDocument, storeFor, type DocumentStore } from "./documents";
import { feePositionFor, formSchema, type FormDefinition, type FormPage } from "./form-schema";
import { FINISHED, movesForward, type ApplicationStatus } from "./status";
import { isRecordId } from "@/lib/security/record-id";

/**
 * Applying online: a citizen's application from its first page to the institution's last word.
 * Answers are saved as a draft on every page (resumable for DRAFT_DAYS from any device); the
 * submission gets its reference at once and is handed to the institution's system through
 * GovESB by a job committed with it (after payment when the form says so); the institution's
 * status updates come back and move it forward only, once each, each with an SMS.
 */

export const DRAFT_DAYS = 30;
/** Drafts a citizen may start in a day: enough for any family, not for a robot. */
const DRAFTS_PER_DAY = 20;

export type Application = typeof applications.$inferSelect;
export type ApplicationEvent = typeof applicationEvents.$inferSelect;
export type ApplicationDocument = Omit<typeof applicationDocuments.$inferSelect, "store">;

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O or 1/I to misread

export function newApplicationReference(): string {
  const part = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join("");
  return `APP-${part()}-${part()}`;
}

/** A reference as typed ("app 7k2q 9xwd"), in its canonical form, or null. */
export function normaliseApplicationReference(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const match = /^APP([A-Z0-9]{4})([A-Z0-9]{4})$/.exec(compact);
  return match ? `APP-${match[1]}-${match[2]}` : null;
}

// Published versions never change: each is parsed once per process.
const parsedForms = new Map<string, FormDefinition>();

export function formOf(version: { id: string; definition: unknown }): FormDefinition {
  let form = parsedForms.get(version.id);
  if (!form) {
    form = formSchema.parse(version.definition);
    parsedForms.set(version.id, form);
  }
  return form;
}

export type PublishedForm = { versionId: string; number: number; form: FormDefinition };

/** The form citizens fill in for a listing today, or null when it has none. */
export async function publishedForm(db: Pick<Database, "select">, serviceId: string): Promise<PublishedForm | null> {
  const [row] = await db
    .select({ id: formVersions.id, number: formVersions.number, definition: formVersions.definition })
    .from(formVersions)
    .where(and(eq(formVersions.serviceId, serviceId), eq(formVersions.state, "published")));
  if (!row) return null;
  const parsed = formSchema.safeParse(row.definition);
  return parsed.success ? { versionId: row.id, number: row.number, form: formOf(row) } : null;
}

/** The listings that have a published form, by service id. */
export async function servicesWithForms(db: Pick<Database, "select">): Promise<Set<string>> {
  const rows = await db.select({ serviceId: formVersions.serviceId }).from(formVersions).where(eq(formVersions.state, "published"));
  return new Set(rows.map((row) => row.serviceId));
}

export type StartProblem = "noForm" | "signInAgain" | "tooMany";

/** The facts of the session's NIDA record an application keeps: all that a form may use, no more. */
function identityFrom(record: NidaRecord): Identity {
  return identitySchema.parse(record);
}

/**
 * Starts an application (or finds the draft the citizen already has for this listing), filled
 * from the NIDA record of their session. Without one (a session from before records were kept),
 * the citizen is asked to sign in again rather than to type what NIDA knows.
 */
export async function startApplication(
  db: Database,
  input: {
    citizenId: string;
    service: Pick<CatalogueService, "id"> & { institutionId: string };
    record: NidaRecord | null;
    locale: Locale;
  },
): Promise<{ ok: true; id: string; firstPage: string } | { ok: false; problem: StartProblem }> {
  const published = await publishedForm(db, input.service.id);
  if (!published) return { ok: false, problem: "noForm" };
  const [draft] = await db
    .select({ id: applications.id, formVersionId: applications.formVersionId })
    .from(applications)
    .where(and(eq(applications.citizenId, input.citizenId), eq(applications.serviceId, input.service.id), eq(applications.status, "draft")))
    .orderBy(desc(applications.updatedAt))
    .limit(1);
  if (draft) {
    const [version] = await db.select().from(formVersions).where(eq(formVersions.id, draft.formVersionId));
    // A draft on a form the institution withdrew can never be sent: it gives way to a fresh one.
    if (version && (version.state === "published" || version.state === "superseded"))
      return { ok: true, id: draft.id, firstPage: formOf(version).pages[0]!.id };
    await deleteDraft(db, draft.id);
  }
  if (!input.record) return { ok: false, problem: "signInAgain" };
  const [recent] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(applications)
    .where(and(eq(applications.citizenId, input.citizenId), gt(applications.createdAt, sql`now() - interval '1 day'`)));
  if (Number(recent?.n ?? 0) >= DRAFTS_PER_DAY) return { ok: false, problem: "tooMany" };
  const [row] = await db
    .insert(applications)
    .values({
      citizenId: input.citizenId,
      serviceId: input.service.id,
      institutionId: input.service.institutionId,
      formVersionId: published.versionId,
      identity: identityFrom(input.record),
      phone: input.record.phone,
      locale: input.locale,
    })
    .returning({ id: applications.id });
  return { ok: true, id: row!.id, firstPage: published.form.pages[0]!.id };
}

export type OwnApplication = {
  application: Application;
  form: FormDefinition;
  formNumber: number;
  identity: Identity | null;
  answers: Answers;
  events: ApplicationEvent[];
  documents: ApplicationDocument[];
};

/** A citizen's own application, whole; null for an unknown id and for anyone else's alike. */
export async function applicationOfCitizen(db: Database, citizenId: string, id: string): Promise<OwnApplication | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return null;
  const [row] = await db
    .select({ application: applications, version: formVersions })
    .from(applications)
    .innerJoin(formVersions, eq(formVersions.id, applications.formVersionId))
    .where(and(eq(applications.id, id), eq(applications.citizenId, citizenId)));
  if (!row) return null;
  const events = await db
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, id))
    .orderBy(asc(applicationEvents.createdAt), asc(applicationEvents.at));
  const {
    id: docId,
    applicationId,
    questionId,
    eventId,
    fileName,
    mimeType,
    size,
    sha256,
    createdAt,
  } = getTableColumns(applicationDocuments);
  const documents = await db
    .select({ id: docId, applicationId, questionId, eventId, fileName, mimeType, size, sha256, createdAt })
    .from(applicationDocuments)
    .where(eq(applicationDocuments.applicationId, id));
  const identity = identitySchema.safeParse(row.application.identity);
  return {
    application: row.application,
    form: formOf(row.version),
    formNumber: row.version.number,
    identity: identity.success ? identity.data : null,
    answers: row.application.answers as Answers,
    events,
    documents,
  };
}

/** Whether this citizen owns this application (the proxy's check before a page renders). */
export async function ownsApplication(db: Database, citizenId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return false;
  const [row] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.id, id), eq(applications.citizenId, citizenId)));
  return row !== undefined;
}

/** The application a reference names, if it is this citizen's (the SMS's short link). */
export async function applicationIdByReference(db: Database, citizenId: string, typed: string): Promise<string | null> {
  const reference = normaliseApplicationReference(typed);
  if (!reference) return null;
  const [row] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.reference, reference), eq(applications.citizenId, citizenId)));
  return row?.id ?? null;
}

export type ApplicationSummary = {
  id: string;
  /** Information needed, and the citizen has answered: waiting for the institution again. */
  answered: boolean;
  reference: string | null;
  status: ApplicationStatus;
  serviceId: string;
  service: { sw: string; en: string };
  institution: { sw: string; en: string; acronym: string | null };
  updatedAt: Date;
  submittedAt: Date | null;
  expiresAt: Date | null;
};

/**
 * "My applications": what needs the citizen first (a question to answer, a fee to pay, a draft to
 * finish), then the rest, most recently changed first.
 */
export async function applicationsOfCitizen(db: Database, citizenId: string): Promise<ApplicationSummary[]> {
  const rows = await db
    .select({
      id: applications.id,
      reference: applications.reference,
      status: applications.status,
      serviceId: applications.serviceId,
      serviceSw: services.nameSw,
      serviceEn: services.nameEn,
      institutionSw: institutions.nameSw,
      institutionEn: institutions.nameEn,
      acronym: institutions.acronym,
      updatedAt: applications.updatedAt,
      submittedAt: applications.submittedAt,
    })
    .from(applications)
    .innerJoin(services, eq(services.id, applications.serviceId))
    .innerJoin(institutions, eq(institutions.id, applications.institutionId))
    .where(eq(applications.citizenId, citizenId))
    .orderBy(desc(applications.updatedAt))
    .limit(200);
  // A question answered already waits for the institution, not for the citizen.
  const asked = rows.filter((row) => row.status === "information_needed").map((row) => row.id);
  const events = asked.length
    ? await db
        .select()
        .from(applicationEvents)
        .where(inArray(applicationEvents.applicationId, asked))
        .orderBy(asc(applicationEvents.createdAt))
    : [];
  const answered = new Set(asked.filter((id) => !openQuestion(events.filter((e) => e.applicationId === id))));
  const needsCitizen = (row: { id: string; status: ApplicationStatus }) =>
    row.status === "information_needed" && !answered.has(row.id)
      ? 0
      : row.status === "awaiting_payment"
        ? 1
        : row.status === "draft"
          ? 2
          : 3;
  return rows
    .map((row) => ({
      answered: answered.has(row.id),
      id: row.id,
      reference: row.reference,
      status: row.status,
      serviceId: row.serviceId,
      service: { sw: row.serviceSw, en: row.serviceEn },
      institution: { sw: row.institutionSw, en: row.institutionEn, acronym: row.acronym },
      updatedAt: row.updatedAt,
      submittedAt: row.submittedAt,
      expiresAt: row.status === "draft" ? new Date(row.updatedAt.getTime() + DRAFT_DAYS * 86400_000) : null,
    }))
    .sort((a, b) => needsCitizen(a) - needsCitizen(b));
}

/** A page's answers with what is wrong with them, for the page to show again. */
export type PageRefusal = {
  ok: false;
  problem: "notFound" | "notDraft" | "invalid";
  errors: Record<string, AnswerError>;
  /** What was typed, field by field, to show again (never a file). */
  values: Record<string, string | string[]>;
  /** A file was chosen on this page and not kept: the page says to choose it again. */
  fileDropped: boolean;
};

export type UploadedFile = { name: string; bytes: Buffer };

/**
 * Saves one page's answers to a draft. Every asked question of the page is checked; with any
 * error nothing is saved and the page is shown again with the answers kept (but a chosen file,
 * which a browser cannot be given back). Returns the next page to show, or "check".
 */
export async function savePage(
  db: Database,
  store: DocumentStore,
  input: { citizenId: string; id: string; pageId: string; fields: PageFields; files: (name: string) => Promise<UploadedFile | null> },
): Promise<{ ok: true; next: string } | PageRefusal> {
  const refuse = (problem: PageRefusal["problem"]): PageRefusal => ({ ok: false, problem, errors: {}, values: {}, fileDropped: false });
  const own = await applicationOfCitizen(db, input.citizenId, input.id);
  if (!own) return refuse("notFound");
  if (own.application.status !== "draft") return refuse("notDraft");
  const page = own.form.pages.find((p) => p.id === input.pageId);
  if (!page) return refuse("notFound");

  // This page's answers only: applied below to the answers as they stand when the row is locked,
  // so that another tab saving another page meanwhile loses nothing.
  const changes = new Map<string, AnswerValue | undefined>();
  const errors: Record<string, AnswerError> = {};
  const values: Record<string, string | string[]> = {};
  const uploads: { questionId: string; file: UploadedFile; check: Extract<ReturnType<typeof checkDocument>, { ok: true }> }[] = [];
  let fileChosen = false;
  for (const question of page.questions) {
    if (!questionAsked(page, question, own.answers) || !typedByCitizen(question, own.identity)) continue;
    if (question.kind === "date") {
      for (const part of ["day", "month", "year"] as const)
        values[`${question.id}_${part}`] = input.fields.text(`q_${question.id}_${part}`);
    } else if (question.kind === "manyOf") values[question.id] = input.fields.all(`q_${question.id}`);
    else if (question.kind !== "document") values[question.id] = input.fields.text(`q_${question.id}`);
    const read = readAnswer(question, input.fields);
    if (read.ok === "file") {
      if (question.kind !== "document") continue;
      const file = await input.files(`q_${question.id}`);
      if (!file || file.bytes.length === 0) {
        // Nothing chosen: the file kept from an earlier visit stands.
        if (own.answers[question.id] === undefined && question.required) errors[question.id] = { name: "chooseFile" };
        continue;
      }
      fileChosen = true;
      const check = checkDocument(file.bytes, question.accept, question.maxBytes);
      if (!check.ok) errors[question.id] = check.error;
      else uploads.push({ questionId: question.id, file, check });
    } else if (read.ok) changes.set(question.id, read.value);
    else errors[question.id] = read.error;
  }
  if (Object.keys(errors).length > 0) return { ok: false, problem: "invalid", errors, values, fileDropped: fileChosen };

  const replaced: string[] = [];
  const saved = await db.transaction(async (tx) => {
    // Locked: two tabs saving at once save one after the other, each onto the other's answers.
    const [current] = await tx
      .select({ status: applications.status, answers: applications.answers })
      .from(applications)
      .where(eq(applications.id, input.id))
      .for("update");
    if (current?.status !== "draft") return null;
    const answers: Answers = { ...(current.answers as Answers) };
    for (const [id, value] of changes) {
      if (value === undefined) delete answers[id];
      else answers[id] = value;
    }
    for (const upload of uploads) {
      const previous = answers[upload.questionId];
      answers[upload.questionId] = await keepDocument(tx, store, {
        applicationId: input.id,
        questionId: upload.questionId,
        fileName: upload.file.name,
        check: upload.check,
      });
      // The file it replaces goes (its bytes once the change is committed).
      if (previous && typeof previous === "object" && "documentId" in previous) {
        await tx.delete(applicationDocuments).where(eq(applicationDocuments.id, previous.documentId));
        replaced.push(previous.documentId);
      }
    }
    await tx
      .update(applications)
      .set({ answers, updatedAt: sql`now()` })
      .where(eq(applications.id, input.id));
    return answers;
  });
  if (!saved) return refuse("notDraft");
  for (const id of replaced) await store.remove(id);
  return { ok: true, next: nextPageAfter(own.form, page.id, saved) };
}

/** The page after this one that is shown (conditions read the answers so far), or "check". */
export function nextPageAfter(form: FormDefinition, pageId: string, answers: Answers): string {
  const index = form.pages.findIndex((p) => p.id === pageId);
  const next = form.pages.slice(index + 1).find((page) => shownPages(form, answers).includes(page));
  return next?.id ?? "check";
}

/** The page before this one that is shown, or null on the first. */
export function previousPageBefore(form: FormDefinition, pageId: string, answers: Answers): FormPage | null {
  const index = form.pages.findIndex((p) => p.id === pageId);
  const shown = shownPages(form, answers);
  return (
    form.pages
      .slice(0, Math.max(index, 0))
      .reverse()
      .find((page) => shown.includes(page)) ?? null
  );
}

/**
 * The listing's fee that sending this application bills through the portal (GePG), by its
 * position, or null: the form bills none, or the institution bills it itself.
 */
export function billedFeePosition(service: CatalogueService, form: FormDefinition, answers: Answers): number | null {
  if (form.payment.when === "none") return null;
  const position = feePositionFor(form.payment, answers);
  return payableFees(service).some((fee) => fee.position === position) ? position : null;
}

export type SubmitProblem = "notFound" | "notDraft" | "incomplete" | "formWithdrawn" | "rateLimited" | "billFailed";

/**
 * Submits a complete draft: its reference at once, the SMS, and (as the form says) the bill, the
 * hand-off, or both, all in one transaction with the application's new state.
 */
export async function submitApplication(
  db: Database,
  input: { citizenId: string; id: string; service: CatalogueService; locale: Locale },
  queue?: PgBoss,
): Promise<
  { ok: true; reference: string; status: ApplicationStatus; billId: string | null } | { ok: false; problem: SubmitProblem; page?: string }
> {
  const boss = queue ?? (await queueFor(db));
  const own = await applicationOfCitizen(db, input.citizenId, input.id);
  if (!own) return { ok: false, problem: "notFound" };
  if (own.application.status !== "draft") return { ok: false, problem: "notDraft" };
  const [version] = await db
    .select({ state: formVersions.state })
    .from(formVersions)
    .where(eq(formVersions.id, own.application.formVersionId));
  // A version superseded while the citizen was answering still takes applications; one withdrawn does not.
  if (version?.state !== "published" && version?.state !== "superseded") return { ok: false, problem: "formWithdrawn" };
  const payment = own.form.payment;

  for (let attempt = 0; ; attempt++) {
    const reference = newApplicationReference();
    try {
      return await db.transaction(async (tx) => {
        // Decided on the answers as they stand under the lock: what is sent is what was checked.
        const [locked] = await tx.select().from(applications).where(eq(applications.id, input.id)).for("update");
        if (locked?.status !== "draft") return { ok: false as const, problem: "notDraft" as const };
        const answers = locked.answers as Answers;
        const identity = identitySchema.safeParse(locked.identity);
        const incomplete = firstIncompletePage(own.form, answers, identity.success ? identity.data : null);
        if (incomplete) return { ok: false as const, problem: "incomplete" as const, page: incomplete.id };
        // A fee is billed here only where the institution bills through the portal; otherwise the
        // institution bills it itself, and the application goes at once.
        const feePosition = billedFeePosition(input.service, own.form, answers);
        let billId: string | null = null;
        if (feePosition !== null) {
          // A bill of its own, never one open for something else (another application, a payment
          // asked for on the service page): one payment pays for one application.
          const bill = await requestBill(tx as unknown as Database, boss, {
            citizenId: input.citizenId,
            service: input.service,
            feePosition,
            payerPhone: locked.phone,
            payAgain: true,
            fresh: true,
            locale: input.locale,
          });
          if (!bill.ok)
            return { ok: false as const, problem: bill.problem === "tooMany" ? ("rateLimited" as const) : ("billFailed" as const) };
          billId = bill.bill;
        }
        const waitsForPayment = billId !== null && payment.when === "before";
        const status: ApplicationStatus = waitsForPayment ? "awaiting_payment" : "submitted";
        await tx
          .update(applications)
          .set({ reference, status, billId, locale: input.locale, submittedAt: sql`now()`, updatedAt: sql`now()` })
          .where(eq(applications.id, input.id));
        await tx.insert(applicationEvents).values({ applicationId: input.id, kind: "submitted", status });
        // The job's id is the application's: it is handed over once, whatever happens.
        if (!waitsForPayment)
          await boss.send(QUEUES.applicationPush, traced({ applicationId: input.id }), { id: input.id, ...inTransaction(tx) });
        if (locked.phone)
          await queueSms(tx, boss, {
            to: locked.phone,
            message: applicationSms(
              input.locale,
              waitsForPayment ? "applicationAwaitingPayment" : "applicationSubmitted",
              reference,
              serviceName(input.service, input.locale),
            ),
          });
        return { ok: true as const, reference, status, billId };
      });
    } catch (error) {
      // A reference drawn twice (1 in 10^12) is drawn again; anything else is a real failure.
      const cause = (error as { cause?: { code?: string; constraint?: string } }).cause;
      if (attempt < 2 && cause?.code === "23505" && cause.constraint === "applications_reference_unique") continue;
      throw error;
    }
  }
}

const serviceName = (service: Pick<CatalogueService, "name">, locale: Locale) => service.name[locale];

type SmsKey =
  | "applicationSubmitted"
  | "applicationAwaitingPayment"
  | "applicationReceived"
  | "applicationInReview"
  | "applicationInformationNeeded"
  | "applicationApproved"
  | "applicationRejected"
  | "applicationReadyForCollection"
  | "applicationCompleted";

/** An application's SMS: its reference, the service (shortened to fit one SMS) and the short link. */
function applicationSms(locale: Locale, key: SmsKey, reference: string, service: string): string {
  const link = shortLink(locale, "a", reference);
  return fitOneSms((shown) => smsText(locale, key, { reference, service: shown, link }), service);
}

export const applicationJob = z.object({ applicationId: z.uuid() });
export const replyJob = z.object({ eventId: z.uuid() });

/**
 * A bill paid: an application waiting for it is handed over now. Run by the bill-paid job. The
 * bill may be a renewal of the one the application was given (that one expired or was refused):
 * the application follows the chain of renewals back, and takes the bill that was paid.
 */
export async function releasePaidApplications(db: Database, billId: string, queue?: PgBoss): Promise<number> {
  const boss = queue ?? (await queueFor(db));
  const chain: string[] = [];
  for (let id: string | null = billId; id && chain.length < 20 && !chain.includes(id);) {
    chain.push(id);
    const [bill] = await db.select({ renews: bills.renewsBillId }).from(bills).where(eq(bills.id, id));
    id = bill?.renews ?? null;
  }
  return db.transaction(async (tx) => {
    const waiting = await tx
      .select({ id: applications.id, status: applications.status })
      .from(applications)
      .where(inArray(applications.billId, chain))
      .for("update");
    let released = 0;
    for (const application of waiting) {
      await tx
        .update(applications)
        .set({ billId, updatedAt: sql`now()` })
        .where(eq(applications.id, application.id));
      const [paidBefore] = await tx
        .select({ id: applicationEvents.id })
        .from(applicationEvents)
        .where(and(eq(applicationEvents.applicationId, application.id), eq(applicationEvents.kind, "paid")));
      if (!paidBefore) await tx.insert(applicationEvents).values({ applicationId: application.id, kind: "paid", status: null });
      if (application.status !== "awaiting_payment") continue;
      await tx
        .update(applications)
        .set({ status: "submitted", updatedAt: sql`now()` })
        .where(eq(applications.id, application.id));
      await boss.send(QUEUES.applicationPush, traced({ applicationId: application.id }), { id: application.id, ...inTransaction(tx) });
      released++;
    }
    return released;
  });
}

async function documentPushes(db: Database, rows: (typeof applicationDocuments.$inferSelect)[]): Promise<DocumentPush[]> {
  const pushes: DocumentPush[] = [];
  for (const row of rows) {
    const bytes = await storeFor(row.store).get(db, row.id);
    // A document whose bytes are gone cannot be handed over whole: the delivery waits for an operator.
    if (!bytes) throw new DeliveryError(`document ${row.id} has no content in the ${row.store} store`, true);
    pushes.push({
      DocumentId: row.id,
      Question: row.questionId,
      FileName: row.fileName,
      MimeType: row.mimeType,
      Size: row.size,
      Sha256: row.sha256,
      Base64: bytes.toString("base64"),
    });
  }
  return pushes;
}

function asPlace(value: AnswerValue): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    if ("region" in value) return { Region: value.region, District: value.district };
    if ("documentId" in value) return { DocumentId: value.documentId };
  }
  return value;
}

/** One delivery of an application to its institution's system, run by the queue's worker. */
export async function deliverApplication(db: Database, config: ApplicationsConfig, applicationId: string): Promise<string> {
  const [row] = await db
    .select({ application: applications, version: formVersions, institution: institutions, service: services })
    .from(applications)
    .innerJoin(formVersions, eq(formVersions.id, applications.formVersionId))
    .innerJoin(institutions, eq(institutions.id, applications.institutionId))
    .innerJoin(services, eq(services.id, applications.serviceId))
    .where(eq(applications.id, applicationId));
  if (!row) throw new DeliveryError("application no longer exists", true);
  const item = row.application;
  if (!item.reference || item.status === "draft" || item.status === "awaiting_payment")
    throw new DeliveryError("application not submitted", true);
  const identity = identitySchema.safeParse(item.identity);
  if (!identity.success) throw new DeliveryError("application has no NIDA identity to hand over", true);
  const form = formOf(row.version);
  const answers = item.answers as Answers;
  const asked = askedAnswers(form, answers, identity.data);
  const documentIds = asked.flatMap(({ value }) =>
    typeof value === "object" && value !== null && "documentId" in value ? [(value as { documentId: string }).documentId] : [],
  );
  const documentRows = documentIds.length
    ? await db.select().from(applicationDocuments).where(inArray(applicationDocuments.id, documentIds))
    : [];
  let payment = null;
  if (item.billId) {
    const [bill] = await db.select().from(bills).where(eq(bills.id, item.billId));
    if (bill && form.payment.when !== "none")
      payment = {
        When: form.payment.when,
        BillId: bill.billId,
        ControlNumber: bill.controlNumber,
        Amount: formatMinor(bill.amountMinor).replace(/,/g, ""),
        Currency: bill.currency,
        Paid: bill.state === "paid",
      };
  }
  const who = identity.data;
  let accepted: { reference: string | null };
  try {
    accepted = await pushApplication(config, row.institution.slug, {
      PortalReference: item.reference,
      Institution: { Code: row.institution.slug, Name: row.institution.nameEn },
      Service: { Id: row.service.id, Name: row.service.nameEn },
      Form: { Id: row.version.id, Version: row.version.number },
      Language: item.locale === "en" ? "en" : "sw",
      Applicant: {
        Nin: who.nin,
        FirstName: who.firstName,
        MiddleName: who.middleName,
        Surname: who.surname,
        DateOfBirth: who.dateOfBirth,
        // M or F as the protocol has it, whatever spelling NIDA used; null when its record does not say.
        Sex: ({ m: "M", f: "F" } as const)[who.sex.trim().toLowerCase().slice(0, 1) as "m" | "f"] ?? null,
        Phone: who.phone,
        PlaceOfBirth: who.placeOfBirth ? { Region: who.placeOfBirth.region, District: who.placeOfBirth.district } : null,
        Residence: who.residence
          ? { Region: who.residence.region, District: who.residence.district, Ward: who.residence.ward, Village: who.residence.village }
          : null,
      },
      Answers: asked.map(({ question, value, fromNida }) => ({
        Id: question.id,
        Kind: question.kind,
        Label: question.label,
        Value: asPlace(value),
        ...(fromNida ? { FromNida: true as const } : {}),
      })),
      Documents: await documentPushes(db, documentRows),
      Payment: payment,
      SubmittedAt: (item.submittedAt ?? item.createdAt).toISOString(),
    });
  } catch (error) {
    // Only the institution's own refusal is final; the bus down, slow or unsigned is retried.
    if (error instanceof GovesbError) throw new DeliveryError(error.message, error.kind === "rejected");
    throw error;
  }
  await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(applications)
      .set({
        status: "sent",
        sentAt: sql`now()`,
        institutionReference: sql`coalesce(${applications.institutionReference}, ${accepted.reference})`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(applications.id, applicationId), eq(applications.status, "submitted")))
      .returning({ id: applications.id });
    // Delivered twice (a worker stopped before recording it): recorded once.
    if (!moved) return;
    await tx.insert(applicationEvents).values({ applicationId, kind: "sent", status: "sent" });
    // No SMS: the citizen was told at submission that the next one comes when the institution has it.
  });
  return "delivered";
}

const localeOf = (value: string): Locale => (isLocale(value) ? value : defaultLocale);

export type ReplyProblem = "notFound" | "noQuestion" | "invalid";

/**
 * The citizen's answer to "more information needed": kept in the timeline with its files and
 * handed to the institution by a job committed with it. Once per question.
 */
export async function replyToQuestion(
  db: Database,
  store: DocumentStore,
  input: { citizenId: string; id: string; text: string; file: UploadedFile | null },
  queue?: PgBoss,
): Promise<{ ok: true } | { ok: false; problem: ReplyProblem; error?: AnswerError }> {
  const boss = queue ?? (await queueFor(db));
  const own = await applicationOfCitizen(db, input.citizenId, input.id);
  if (!own) return { ok: false, problem: "notFound" };
  const question = openQuestion(own.events);
  if (own.application.status !== "information_needed" || !question) return { ok: false, problem: "noQuestion" };
  const text = input.text
    .replace(/\r\n/g, "\n")
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "")
    .trim();
  if (text === "") return { ok: false, problem: "invalid", error: { name: "required" } };
  if (text.length > 2000) return { ok: false, problem: "invalid", error: { name: "tooLong", params: { max: 2000 } } };
  let check: Extract<ReturnType<typeof checkDocument>, { ok: true }> | null = null;
  if (input.file && input.file.bytes.length > 0) {
    const checked = checkDocument(input.file.bytes, ["pdf", "jpeg", "png"], 5 * 1024 * 1024);
    if (!checked.ok) return { ok: false, problem: "invalid", error: checked.error };
    check = checked;
  }
  const done = await db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: applications.status }).from(applications).where(eq(applications.id, input.id)).for("update");
    if (locked?.status !== "information_needed") return false;
    const [already] = await tx
      .select({ id: applicationEvents.id })
      .from(applicationEvents)
      .where(
        and(
          eq(applicationEvents.applicationId, input.id),
          eq(applicationEvents.kind, "reply"),
          eq(applicationEvents.answersUpdateId, question.updateId!),
        ),
      );
    if (already) return false;
    const [event] = await tx
      .insert(applicationEvents)
      .values({ applicationId: input.id, kind: "reply", answersUpdateId: question.updateId, text })
      .returning({ id: applicationEvents.id });
    if (check && input.file)
      await keepDocument(tx, store, { applicationId: input.id, questionId: "reply", eventId: event!.id, fileName: input.file.name, check });
    await tx
      .update(applications)
      .set({ updatedAt: sql`now()` })
      .where(eq(applications.id, input.id));
    await boss.send(QUEUES.applicationReply, traced({ eventId: event!.id }), { id: event!.id, ...inTransaction(tx) });
    return true;
  });
  return done ? { ok: true } : { ok: false, problem: "noQuestion" };
}

/** The institution's latest question that the citizen has not answered yet, if any. */
export function openQuestion(events: readonly ApplicationEvent[]): ApplicationEvent | null {
  const questions = events.filter((e) => e.kind === "update" && e.status === "information_needed" && e.moved && e.updateId);
  const latest = questions.at(-1);
  if (!latest) return null;
  const answered = events.some((e) => e.kind === "reply" && e.answersUpdateId === latest.updateId);
  return answered ? null : latest;
}

/** One delivery of a citizen's reply to the institution's system. */
export async function deliverReply(db: Database, config: ApplicationsConfig, eventId: string): Promise<string> {
  const [row] = await db
    .select({ event: applicationEvents, reference: applications.reference, institution: institutions.slug })
    .from(applicationEvents)
    .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
    .innerJoin(institutions, eq(institutions.id, applications.institutionId))
    .where(eq(applicationEvents.id, eventId));
  if (!row || row.event.kind !== "reply" || !row.reference) throw new DeliveryError("reply no longer exists", true);
  const documents = await db.select().from(applicationDocuments).where(eq(applicationDocuments.eventId, eventId));
  try {
    await pushInformationReply(config, row.institution, {
      PortalReference: row.reference,
      RequestUpdateId: row.event.answersUpdateId ?? "",
      Text: row.event.text ?? "",
      Documents: await documentPushes(db, documents),
      RepliedAt: row.event.createdAt.toISOString(),
    });
  } catch (error) {
    if (error instanceof GovesbError) throw new DeliveryError(error.message, error.kind === "rejected");
    throw error;
  }
  return "delivered";
}

const statusOf: Record<ApplicationUpdate["Status"], ApplicationStatus> = {
  RECEIVED: "received",
  IN_REVIEW: "in_review",
  INFORMATION_NEEDED: "information_needed",
  APPROVED: "approved",
  REJECTED: "rejected",
  READY_FOR_COLLECTION: "ready_for_collection",
  COMPLETED: "completed",
};

const smsOfStatus: Partial<Record<ApplicationStatus, SmsKey>> = {
  received: "applicationReceived",
  in_review: "applicationInReview",
  information_needed: "applicationInformationNeeded",
  approved: "applicationApproved",
  rejected: "applicationRejected",
  ready_for_collection: "applicationReadyForCollection",
  completed: "applicationCompleted",
};

/**
 * A status update from the institution, applied once: a repeated update id changes nothing; an
 * update that would move the application backwards (it arrived after a later one) is kept in
 * the timeline and moves nothing. One that moves it sends one SMS. Once finished (completed or
 * rejected) the application no longer needs the NIDA facts and phone it kept: they are wiped.
 */
export async function applyApplicationUpdate(
  db: Database,
  update: ApplicationUpdate,
  queue?: PgBoss,
): Promise<"applied" | "repeated" | "unknown" | "mismatch"> {
  const boss = queue ?? (await queueFor(db));
  return db.transaction(async (tx) => {
    const [item] = await tx.select().from(applications).where(eq(applications.reference, update.PortalReference)).for("update");
    if (!item) return "unknown";
    // All institutions share the bus's updates code: an update naming another institution's
    // reference for this application is another system's mistake, never applied.
    if (item.institutionReference && item.institutionReference !== update.Reference) return "mismatch";
    const status = statusOf[update.Status];
    const at = new Date(update.At);
    const moved = movesForward(item.status, status, at, item.lastUpdateAt);
    const [fresh] = await tx
      .insert(applicationEvents)
      .values({
        applicationId: item.id,
        kind: "update",
        updateId: update.UpdateId,
        status,
        moved,
        note: update.Note ?? null,
        question: update.Question ?? null,
        reasons: update.Reasons ?? null,
        collection: update.Collection
          ? { place: update.Collection.Place, from: update.Collection.From, until: update.Collection.Until ?? null }
          : null,
        at,
      })
      .onConflictDoNothing({ target: [applicationEvents.applicationId, applicationEvents.updateId] })
      .returning({ id: applicationEvents.id });
    if (!fresh) return "repeated";
    const finished = moved && FINISHED.includes(status);
    await tx
      .update(applications)
      .set({
        institutionReference: item.institutionReference ?? update.Reference,
        ...(moved ? { status, lastUpdateAt: at } : {}),
        ...(finished ? { finishedAt: sql`now()`, identity: null, phone: null } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(applications.id, item.id));
    const key = smsOfStatus[status];
    if (moved && key && item.phone) {
      const [service] = await tx.select({ sw: services.nameSw, en: services.nameEn }).from(services).where(eq(services.id, item.serviceId));
      const locale = localeOf(item.locale);
      await queueSms(tx, boss, {
        to: item.phone,
        message: applicationSms(locale, key, item.reference!, service ? service[locale] : item.reference!),
        dedupeKey: `application-update:${update.UpdateId}`,
      });
    }
    return "applied";
  });
}

/** Deletes one draft with its documents (their bytes once that is committed). */
async function deleteDraft(db: Database, id: string): Promise<void> {
  const documents = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: applicationDocuments.id, store: applicationDocuments.store })
      .from(applicationDocuments)
      .where(eq(applicationDocuments.applicationId, id));
    await tx.delete(applications).where(and(eq(applications.id, id), eq(applications.status, "draft")));
    return rows;
  });
  for (const document of documents) await storeFor(document.store).remove(document.id);
}

/** Drafts left DRAFT_DAYS after their last save are deleted whole, with their documents (maintenance). */
export async function pruneDrafts(db: Database): Promise<number> {
  // One statement decides: a draft saved or sent meanwhile is not among them.
  const gone = await db.transaction(async (tx) => {
    const stale = and(eq(applications.status, "draft"), sql`${applications.updatedAt} < now() - make_interval(days => ${DRAFT_DAYS})`);
    const documents = await tx
      .select({ id: applicationDocuments.id, store: applicationDocuments.store })
      .from(applicationDocuments)
      .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
      .where(stale);
    const deleted = await tx.delete(applications).where(stale).returning({ id: applications.id });
    return { deleted: deleted.length, documents };
  });
  // The rows went with their applications; the bytes a folder keeps go once that is committed.
  for (const document of gone.documents) await storeFor(document.store).remove(document.id);
  return gone.deleted;
}

/** A document of the citizen's own application, for them to look at again. */
export async function documentOfCitizen(
  db: Database,
  citizenId: string,
  documentId: string,
): Promise<{ fileName: string; mimeType: string; bytes: Buffer } | null> {
  if (!isRecordId(documentId)) return null;
  const [row] = await db
    .select({ document: applicationDocuments })
    .from(applicationDocuments)
    .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
    .where(and(eq(applicationDocuments.id, documentId), eq(applications.citizenId, citizenId)));
  if (!row) return null;
  const bytes = await storeFor(row.document.store).get(db, documentId);
  return bytes ? { fileName: row.document.fileName, mimeType: row.document.mimeType, bytes } : null;
}
