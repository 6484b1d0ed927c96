import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { services } from "./catalogue";

export const problemKind = pgEnum("problem_kind", ["wrong_information", "out_of_date", "broken_link", "hard_to_understand", "other"]);
export const problemStatus = pgEnum("problem_status", ["new", "seen", "resolved"]);

/**
 * "Report a problem with this page" from a public service page, for the institution that keeps
 * the listing. Contact details are optional and are never logged.
 */
export const problemReports = pgTable(
  "problem_reports",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    kind: problemKind("kind").notNull(),
    details: text("details").notNull(),
    contact: text("contact"),
    locale: text("locale").notNull(),
    status: problemStatus("status").notNull().default("new"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
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
