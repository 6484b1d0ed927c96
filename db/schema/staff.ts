import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions, services } from "./catalogue";

/**
 * The editorial area's people and the listings' history. Staff accounts are separate from
 * citizens: an administrator invites them, they choose a password and enrol an authenticator app.
 */

export const staffRole = pgEnum("staff_role", ["admin", "publisher", "editor"]);

export const staff = pgTable("staff", {
  id: uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: staffRole("role").notNull(),
  // Publishers and editors belong to one institution; administrators to none (they see all).
  institutionId: uuid("institution_id").references(() => institutions.id, { onDelete: "restrict" }),
  // Both empty until the invitation is accepted, and again after an administrator resets the account.
  passwordHash: text("password_hash"),
  // The TOTP secret, encrypted with a key derived from AUTH_SECRET (AES-256-GCM).
  totpSecret: text("totp_secret"),
  // The last 30-second step a code was accepted for: a code is never accepted twice.
  totpLastStep: integer("totp_last_step"),
  failedSignIns: integer("failed_sign_ins").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
});

/** One-time links to set up (or, after a reset, set up again) an account. Only a hash of the token is kept. */
export const staffInvitations = pgTable(
  "staff_invitations",
  {
    tokenHash: text("token_hash").primaryKey(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(), // "invite" | "reset"
    // Set when the password is chosen; both move to the account when the authenticator is confirmed.
    pendingPasswordHash: text("pending_password_hash"),
    pendingTotpSecret: text("pending_totp_secret"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [index("staff_invitations_staff_idx").on(table.staffId)],
);

/** The step between the password and the session: a password that passed, waiting for its code. */
export const staffSignInSteps = pgTable("staff_sign_in_steps", {
  tokenHash: text("token_hash").primaryKey(),
  staffId: uuid("staff_id")
    .notNull()
    .references(() => staff.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  // A single-use proof for the session provider once the code is right.
  proofHash: text("proof_hash"),
  proofExpiresAt: timestamp("proof_expires_at", { withTimezone: true }),
  codeGuesses: integer("code_guesses").notNull().default(0),
});

/** Each staff session, so that signing out, a reset or disabling an account ends it at once. */
export const staffSessions = pgTable("staff_sessions", {
  id: text("id").primaryKey(),
  staffId: uuid("staff_id")
    .notNull()
    .references(() => staff.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

/**
 * A listing's versions. Draft → in review → published → withdrawn; a newer publication makes
 * the older one "superseded". The content is the listing document (db/seed/catalogue-schema.ts,
 * the same shape as import and export), complete or not while it is a draft.
 */
export const versionState = pgEnum("version_state", ["draft", "in_review", "published", "withdrawn", "superseded", "discarded"]);

export const serviceVersions = pgTable(
  "service_versions",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    // Null for a new listing until it is first published.
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "cascade" }),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    number: integer("number").notNull(),
    state: versionState("state").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    // What the reviewer said when sending it back, or the editor's note to the reviewer.
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
    index("service_versions_service_idx").on(table.serviceId),
    index("service_versions_institution_idx").on(table.institutionId, table.state),
    // One open draft per listing: editing a published listing makes one, and everyone works on it.
    uniqueIndex("service_versions_one_open_idx")
      .on(table.serviceId)
      .where(sql`${table.state} in ('draft', 'in_review') and ${table.serviceId} is not null`),
  ],
);

/** Every editorial change: who, when, what, and the record before and after. */
export const editorialAudit = pgTable(
  "editorial_audit",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    staffId: uuid("staff_id"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    institutionId: uuid("institution_id"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (table) => [index("editorial_audit_at_idx").on(table.at), index("editorial_audit_entity_idx").on(table.entity, table.entityId)],
);
