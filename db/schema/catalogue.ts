import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

/**
 * The service catalogue, aligned with CPSV-AP 3 and schema.org GovernmentService (see
 * shared/specs/catalogue.md). Texts are stored in both languages side by side; lists of
 * bilingual items (steps, documents, channels…) are JSONB checked by db/seed/catalogue-schema.ts.
 */

export type Bilingual = { sw: string; en: string };
/** A listing's source; `kind` is missing only in rows written before migration 0013's data were loaded. */
export type Source = { url: string; title?: string; date?: string; kind?: string; confidence: string; note: string };
/** `confirmedOn`: the day a person of the institution confirmed it (absent or null: not confirmed). */
type Confirmed = { confirmedOn?: string | null };
export type Channel = Confirmed &
  (
    | { kind: "online"; url: string; label: Bilingual; source: string }
    | { kind: "ussd"; code: string; label: Bilingual; source: string }
    | { kind: "sms"; number: string; label: Bilingual; source: string }
    | { kind: "app"; label: Bilingual; source: string | null }
    | { kind: "office"; label: Bilingual; address: Bilingual | null; hours: Bilingual | null; source: string | null }
    | { kind: "phone"; number: string; label: Bilingual; source: string }
    | { kind: "email"; address: string; label: Bilingual; source: string }
  );
export type LegalResource = { title: string; url: string | null };

export const institutionKind = pgEnum("institution_kind", [
  "ministry",
  "agency",
  "regulator",
  "fund",
  "public_corporation",
  "regional_secretariat",
  "local_government_authority",
  "zanzibar_institution",
]);

// A listing's life: only published listings are shown to the public.
export const listingStatus = pgEnum("listing_status", ["draft", "in_review", "published", "withdrawn"]);
export const eventKind = pgEnum("event_kind", ["life", "business"]);

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const institutions = pgTable("institutions", {
  id: uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  slug: text("slug").notNull().unique(),
  acronym: text("acronym"),
  nameSw: text("name_sw").notNull(),
  nameEn: text("name_en").notNull(),
  kind: institutionKind("kind").notNull(),
  parentId: uuid("parent_id").references((): AnyPgColumn => institutions.id, { onDelete: "set null" }),
  descriptionSw: text("description_sw").notNull(),
  descriptionEn: text("description_en").notNull(),
  website: text("website"),
  phones: text("phones")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  emails: text("emails")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  address: jsonb("address").$type<Bilingual | null>(),
  gepgSpCode: text("gepg_sp_code"),
  sources: jsonb("sources")
    .$type<Source[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  ...timestamps,
});

/** Sectors and topics [isGroupedBy]. */
export const categories = pgTable("categories", {
  id: uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  key: text("key").notNull().unique(),
  slugSw: text("slug_sw").notNull().unique(),
  slugEn: text("slug_en").notNull().unique(),
  nameSw: text("name_sw").notNull(),
  nameEn: text("name_en").notNull(),
  descriptionSw: text("description_sw").notNull(),
  descriptionEn: text("description_en").notNull(),
  position: integer("position").notNull().default(0),
  ...timestamps,
});

/** Life events and business events [isGroupedBy]. */
export const lifeEvents = pgTable("life_events", {
  id: uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  key: text("key").notNull().unique(),
  kind: eventKind("kind").notNull(),
  slugSw: text("slug_sw").notNull().unique(),
  slugEn: text("slug_en").notNull().unique(),
  nameSw: text("name_sw").notNull(),
  nameEn: text("name_en").notNull(),
  descriptionSw: text("description_sw").notNull(),
  descriptionEn: text("description_en").notNull(),
  position: integer("position").notNull().default(0),
  // The event's services in the order a person needs them (service ids, first steps first);
  // services it does not name follow in alphabetical order. Kept here rather than on the links,
  // which publishing a listing rewrites.
  serviceOrder: uuid("service_order")
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  ...timestamps,
});

export const services = pgTable(
  "services",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    slugSw: text("slug_sw").notNull().unique(),
    slugEn: text("slug_en").notNull().unique(),
    // The institution that keeps the listing, and the one that provides the service where it differs.
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    competentAuthorityId: uuid("competent_authority_id").references(() => institutions.id, { onDelete: "restrict" }),
    status: listingStatus("status").notNull().default("draft"),
    audience: text("audience")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    nameSw: text("name_sw").notNull(),
    nameEn: text("name_en").notNull(),
    summarySw: text("summary_sw").notNull(),
    summaryEn: text("summary_en").notNull(),
    descriptionSw: text("description_sw").notNull(),
    descriptionEn: text("description_en").notNull(),
    requirements: jsonb("requirements")
      .$type<Bilingual[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    documents: jsonb("documents")
      .$type<Bilingual[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    steps: jsonb("steps")
      .$type<Bilingual[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    outputs: jsonb("outputs")
      .$type<Bilingual[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    feeNote: jsonb("fee_note").$type<Bilingual | null>(),
    // ISO 8601 duration [processingTime] and the words a person reads.
    processingTimeIso: text("processing_time_iso"),
    processingTime: jsonb("processing_time").$type<Bilingual | null>(),
    processingTimeSource: text("processing_time_source"),
    processingTimeConfirmedOn: date("processing_time_confirmed_on", { mode: "string" }),
    channels: jsonb("channels")
      .$type<Channel[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    legalBasis: jsonb("legal_basis")
      .$type<LegalResource[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    keywordsSw: text("keywords_sw")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    keywordsEn: text("keywords_en")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    featured: boolean("featured").notNull().default(false),
    // Set when a fact could not be confirmed from a public source; reviewNote says which.
    needsReview: boolean("needs_review").notNull().default(false),
    reviewNote: text("review_note"),
    // The day a person of the institution last confirmed the listing (publishing it or "still
    // correct"); null when nobody has.
    lastReviewedOn: date("last_reviewed_on", { mode: "string" }),
    // Shown at the top of the public page at once (service down, moved, closed).
    maintenanceNotice: jsonb("maintenance_notice").$type<Bilingual | null>(),
    sources: jsonb("sources")
      .$type<Source[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    ...timestamps,
  },
  (table) => [index("services_institution_idx").on(table.institutionId), index("services_status_idx").on(table.status)],
);

export const serviceCategories = pgTable(
  "service_categories",
  {
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.serviceId, table.categoryId] }), index("service_categories_category_idx").on(table.categoryId)],
);

export const serviceLifeEvents = pgTable(
  "service_life_events",
  {
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    lifeEventId: uuid("life_event_id")
      .notNull()
      .references(() => lifeEvents.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.serviceId, table.lifeEventId] }), index("service_life_events_event_idx").on(table.lifeEventId)],
);

/** Fees [hasCost]: amounts in the currency's major unit as exact decimals, never floats. */
export const serviceFees = pgTable(
  "service_fees",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    amount: numeric("amount", { precision: 14, scale: 2 }).notNull(),
    currency: text("currency").notNull(),
    labelSw: text("label_sw").notNull(),
    labelEn: text("label_en").notNull(),
    // Paid with a GePG control number.
    gepg: boolean("gepg").notNull(),
    gfsCode: text("gfs_code"),
    // When the source stated the amount (YYYY, YYYY-MM or YYYY-MM-DD); null when undated.
    asOf: text("as_of"),
    // The institution's own system that issues the control number (then never the portal).
    issuerSystem: text("issuer_system"),
    issuerHowSw: text("issuer_how_sw"),
    issuerHowEn: text("issuer_how_en"),
    issuerUrl: text("issuer_url"),
    // Paid abroad (at an embassy or mission).
    abroad: boolean("abroad").notNull().default(false),
    source: text("source").notNull(),
    // The day a person of the institution confirmed the amount in the editorial area.
    confirmedOn: date("confirmed_on", { mode: "string" }),
  },
  (table) => [index("service_fees_service_idx").on(table.serviceId)],
);

/**
 * Visitors per service and day (Tanzanian days): what "most used" is counted from. `views` is the
 * number of different visitors who opened the service's page that day, robots and prefetches
 * left out (lib/catalogue/usage.ts), never the raw number of page loads.
 */
export const serviceViews = pgTable(
  "service_views",
  {
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    views: integer("views").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.serviceId, table.day] })],
);

/**
 * Who has been counted today, so that each visitor counts once per service and day: a keyed hash
 * of the address, the browser and the service, with the day in its key (never the address or
 * browser themselves). Only today's rows are needed; maintenance deletes older ones, so nothing
 * links a visitor's days together.
 */
export const serviceVisitors = pgTable(
  "service_visitors",
  {
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    visitorHash: text("visitor_hash").notNull(),
  },
  (table) => [primaryKey({ columns: [table.serviceId, table.day, table.visitorHash] }), index("service_visitors_day_idx").on(table.day)],
);

/**
 * The editors' word on "most used": services pinned into the list (in `position` order, ahead of
 * the counted ones) and services kept out of it. One row per service; administrators only.
 */
export const mostUsedOverrides = pgTable(
  "most_used_overrides",
  {
    serviceId: uuid("service_id")
      .primaryKey()
      .references(() => services.id, { onDelete: "cascade" }),
    mode: text("mode").$type<"pin" | "hide">().notNull(),
    position: integer("position").notNull().default(0),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check("most_used_overrides_mode_check", sql`${table.mode} in ('pin', 'hide')`)],
);

/**
 * One row whose version goes up with every change to the catalogue, so that each portal
 * process knows when its in-memory copy (pages, search, open data) is out of date.
 */
export const catalogueVersion = pgTable("catalogue_version", {
  id: integer("id").primaryKey().default(1),
  version: bigint("version", { mode: "number" }).notNull().default(0),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
});
