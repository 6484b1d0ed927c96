import { sql } from "drizzle-orm";
import { boolean, customType, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions, services } from "./catalogue";
import { citizens } from "./identity";
import { bills } from "./payments";
import { versionState } from "./staff";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Application forms, one version per row, kept by the institution's staff like the listings
 * (lib/applications/forms.ts): a draft, sent for review, published (the one citizens fill in),
 * then superseded by the next; withdrawn when the form is taken off. The definition is the form
 * as data (lib/applications/form-schema.ts).
 */
export const formVersions = pgTable(
  "form_versions",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    number: integer("number").notNull(),
    state: versionState("state").notNull(),
    definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
    comment: text("comment"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedBy: uuid("submitted_by"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    publishedBy: uuid("published_by"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("form_versions_number_idx").on(table.serviceId, table.number),
    // One open draft per listing's form, and one published form.
    uniqueIndex("form_versions_one_open_idx")
      .on(table.serviceId)
      .where(sql`${table.state} in ('draft', 'in_review')`),
    uniqueIndex("form_versions_one_published_idx")
      .on(table.serviceId)
      .where(sql`${table.state} = 'published'`),
  ],
);

/**
 * Where an application stands. Only forward (lib/applications/status.ts): draft → (awaiting
 * payment →) submitted (kept here, its hand-off queued) → sent (the bus took it) → received →
 * in review ⇄ information needed → approved → ready for collection → completed, or rejected.
 */
export const applicationStatus = pgEnum("application_status", [
  "draft",
  "awaiting_payment",
  "submitted",
  "sent",
  "received",
  "in_review",
  "information_needed",
  "approved",
  "rejected",
  "ready_for_collection",
  "completed",
]);

/**
 * A citizen's application, from its first page to its end. The answers are keyed by question id
 * and checked against the form version it was started on, which it keeps. The NIDA facts
 * (`identity`) and the phone are kept only while the application needs them: wiped when it is
 * finished (lib/applications/retention.ts), and a draft left 30 days is deleted whole.
 */
export const applications = pgTable(
  "applications",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    // Given at submission: APP-XXXX-XXXX.
    reference: text("reference").unique(),
    citizenId: uuid("citizen_id")
      .notNull()
      .references(() => citizens.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "restrict" }),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    formVersionId: uuid("form_version_id")
      .notNull()
      .references(() => formVersions.id, { onDelete: "restrict" }),
    status: applicationStatus("status").notNull().default("draft"),
    answers: jsonb("answers").$type<Record<string, unknown>>().notNull().default({}),
    identity: jsonb("identity").$type<Record<string, unknown>>(),
    // For the SMS at each step (international form); never logged.
    phone: text("phone"),
    locale: text("locale").$type<"sw" | "en">().notNull(),
    billId: uuid("bill_id").references(() => bills.id, { onDelete: "set null" }),
    institutionReference: text("institution_reference"),
    // The institution's time of the last update that moved it (in review ⇄ information needed).
    lastUpdateAt: timestamp("last_update_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [
    index("applications_citizen_idx").on(table.citizenId, table.updatedAt),
    index("applications_institution_idx").on(table.institutionId, table.updatedAt),
    index("applications_bill_idx").on(table.billId),
  ],
);

export const applicationEventKind = pgEnum("application_event_kind", ["submitted", "paid", "sent", "update", "reply"]);

/**
 * An application's timeline: its submission, payment and hand-off, each update from the
 * institution (once per UpdateId, whether or not it moved the application) and each reply of the
 * citizen to a question.
 */
export const applicationEvents = pgTable(
  "application_events",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    kind: applicationEventKind("kind").notNull(),
    // The institution's UpdateId (kind "update"): an update is applied once. Unique per
    // application: each institution's system makes its own ids.
    updateId: text("update_id"),
    status: applicationStatus("status"),
    // Whether the update moved the application (a late or older one is kept and moves nothing).
    moved: boolean("moved").notNull().default(true),
    note: text("note"),
    question: text("question"),
    reasons: text("reasons"),
    collection: jsonb("collection").$type<{ place: string; from: string; until: string | null }>(),
    // Kind "reply": the update id of the question answered, and the citizen's text.
    answersUpdateId: text("answers_update_id"),
    text: text("text"),
    // When it happened, as the institution says (updates), or here.
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("application_events_application_idx").on(table.applicationId, table.createdAt),
    uniqueIndex("application_events_update_idx").on(table.applicationId, table.updateId),
  ],
);

/**
 * Files a citizen attached: what was sniffed from the bytes, the size and the SHA-256. The bytes
 * are kept by the document store (lib/applications/documents.ts): in `application_document_bytes`
 * (the default) or in a folder.
 */
export const applicationDocuments = pgTable(
  "application_documents",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    // A document sent with a reply to "more information needed".
    eventId: uuid("event_id").references(() => applicationEvents.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    store: text("store").$type<"database" | "directory">().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("application_documents_application_idx").on(table.applicationId)],
);

/** The bytes of documents kept in the database (the default store). */
export const applicationDocumentBytes = pgTable("application_document_bytes", {
  documentId: uuid("document_id")
    .primaryKey()
    .references(() => applicationDocuments.id, { onDelete: "cascade" }),
  content: bytea("content").notNull(),
});
