import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const institutionKind = pgEnum("institution_kind", [
  "ministry",
  "agency",
  "regional_secretariat",
  "local_government_authority",
  "public_corporation",
]);

// A listing's life: only published listings are shown to the public.
export const listingStatus = pgEnum("listing_status", ["draft", "in_review", "published", "withdrawn"]);

export const institutions = pgTable("institutions", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  slug: text("slug").notNull().unique(),
  acronym: text("acronym"),
  nameSw: text("name_sw").notNull(),
  nameEn: text("name_en").notNull(),
  kind: institutionKind("kind").notNull(),
  website: text("website"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    slug: text("slug").notNull().unique(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    nameSw: text("name_sw").notNull(),
    nameEn: text("name_en").notNull(),
    summarySw: text("summary_sw").notNull(),
    summaryEn: text("summary_en").notNull(),
    // The institution's own system, where the service is done online. Empty when no source confirms one.
    onlineUrl: text("online_url"),
    status: listingStatus("status").notNull().default("draft"),
    // Set when a fact could not be confirmed from a public source.
    needsReview: boolean("needs_review").notNull().default(false),
    sources: text("sources").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("services_institution_idx").on(table.institutionId), index("services_status_idx").on(table.status)],
);
