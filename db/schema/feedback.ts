import { sql } from "drizzle-orm";
import { customType, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { institutions, services } from "./catalogue";
import { citizens } from "./identity";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

export const problemKind = pgEnum("problem_kind", ["wrong_information", "out_of_date", "broken_link", "hard_to_understand", "other"]);
export const problemStatus = pgEnum("problem_status", ["new", "seen", "resolved"]);

/**
 * "Report a problem with this page" from a public service page, for the institution that keeps
 * the listing. Contact details are optional and are never logged.
 */
export const problemReports = pgTable(
  "problem_reports",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    kind: problemKind("kind").notNull(),
    details: text("details").notNull(),
    contact: text("contact"),
    locale: text("locale").notNull(),
    status: problemStatus("status").notNull().default("new"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // Who in the institution dealt with it, and what they did.
    handledBy: uuid("handled_by"),
    handledAt: timestamp("handled_at", { withTimezone: true }),
    resolution: text("resolution"),
  },
  (table) => [index("problem_reports_service_idx").on(table.serviceId)],
);

/**
 * Counters for rate limits, shared by every portal process through the database. The key is a
 * hash (of an IP address, a phone number…), never the value itself.
 */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    bucket: text("bucket").notNull(),
    keyHash: text("key_hash").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.bucket, table.keyHash, table.windowStart] })],
);

export const feedbackKind = pgEnum("feedback_kind", ["complaint", "suggestion", "inquiry", "compliment"]);
// Only forward: received (kept here) → delivered (the bus took it) → acknowledged (e-Mrejesho's
// reference) → answered → closed.
export const feedbackStatus = pgEnum("feedback_status", ["received", "delivered", "acknowledged", "answered", "closed"]);

/**
 * Feedback to a public institution, handed to e-Mrejesho through GovESB. The reference is the
 * citizen's from the moment of submission, before any delivery.
 */
export const feedback = pgTable(
  "feedback",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    reference: text("reference").notNull().unique(),
    kind: feedbackKind("kind").notNull(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "set null" }),
    subject: text("subject").notNull(),
    message: text("message").notNull(),
    senderName: text("sender_name"),
    senderPhone: text("sender_phone"),
    citizenId: uuid("citizen_id").references(() => citizens.id, { onDelete: "set null" }),
    locale: text("locale").notNull(),
    status: feedbackStatus("status").notNull().default("received"),
    emrejeshoReference: text("emrejesho_reference"),
    replyText: text("reply_text"),
    replyBy: text("reply_by"),
    repliedAt: timestamp("replied_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("feedback_citizen_idx").on(table.citizenId)],
);

export const feedbackAttachments = pgTable("feedback_attachments", {
  feedbackId: uuid("feedback_id")
    .primaryKey()
    .references(() => feedback.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  mimeType: text("mime_type").notNull(),
  content: bytea("content").notNull(),
});

/** Updates from e-Mrejesho already applied, so that a repeated one changes nothing. */
export const feedbackUpdates = pgTable("feedback_updates", {
  updateId: text("update_id").primaryKey(),
  feedbackId: uuid("feedback_id")
    .notNull()
    .references(() => feedback.id, { onDelete: "cascade" }),
  status: feedbackStatus("status").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});
