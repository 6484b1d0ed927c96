import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

/**
 * Citizens who have signed in, as NIDA knows them: only what their account page shows. The NIN
 * itself is not kept: a keyed hash finds the same citizen again, and the last four digits are
 * shown back to them. Nor is the date of birth: application forms take it from the session's
 * NIDA record. A citizen who asked for erasure but still has bills (records of public money) keeps
 * a row with the hash alone, names blank (lib/privacy/erasure.ts); signing in again fills it.
 */
export const citizens = pgTable("citizens", {
  id: uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  ninHash: text("nin_hash").notNull().unique(),
  ninLast4: text("nin_last4").notNull(),
  firstName: text("first_name").notNull(),
  middleName: text("middle_name").notNull().default(""),
  surname: text("surname").notNull(),
  // Shown back masked only ("+255 7•• ••• •78").
  phoneMasked: text("phone_masked"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  // When the citizen's data was erased (on request, or after INACTIVE_DAYS without signing in).
  erasedAt: timestamp("erased_at", { withTimezone: true }),
});

export const signInMethod = pgEnum("sign_in_method", ["sms", "questions"]);

/**
 * A sign-in under way, found by the hash of a random token kept in an HttpOnly cookie (never in a
 * URL). It holds the NIN and phone only as long as the sign-in lasts (15 minutes at most).
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    tokenHash: text("token_hash").primaryKey(),
    nin: text("nin").notNull(),
    ninHash: text("nin_hash").notNull(),
    phone: text("phone"),
    method: signInMethod("method"),
    codeHash: text("code_hash"),
    codeExpiresAt: timestamp("code_expires_at", { withTimezone: true }),
    codesSent: integer("codes_sent").notNull().default(0),
    // Guesses at the current code: counted before each comparison, so parallel guesses cannot slip past.
    codeGuesses: integer("code_guesses").notNull().default(0),
    questionCode: text("question_code"),
    questionSw: text("question_sw"),
    questionEn: text("question_en"),
    locale: text("locale").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("sign_in_attempts_expires_idx").on(table.expiresAt)],
);

/** The short-lived, single-use proof that the session provider accepts, made by a verification. */
export const signInProofs = pgTable("sign_in_proofs", {
  proofHash: text("proof_hash").primaryKey(),
  citizenId: uuid("citizen_id")
    .notNull()
    .references(() => citizens.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  // The NIDA record of the verification (lib/identity/nida-record.ts), handed to the session it opens.
  nidaRecord: jsonb("nida_record").$type<Record<string, unknown>>(),
});

/** Who did what, when: sign-ins and their failures. Subjects and addresses only as keyed hashes. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    action: text("action").notNull(),
    outcome: text("outcome").notNull(),
    subjectHash: text("subject_hash"),
    citizenId: uuid("citizen_id"),
    addressHash: text("address_hash"),
    detail: text("detail"),
  },
  (table) => [index("audit_events_at_idx").on(table.at)],
);

/**
 * Each signed-in session, so that signing out ends it everywhere: the session cookie names its
 * row, and a revoked row refuses the cookie even if someone copied it.
 */
export const citizenSessions = pgTable("citizen_sessions", {
  id: text("id").primaryKey(),
  citizenId: uuid("citizen_id")
    .notNull()
    .references(() => citizens.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  // The citizen's NIDA record as fetched at sign-in, for filling application forms (once-only):
  // kept only while the session lasts, wiped at sign-out and when the session ends.
  nidaRecord: jsonb("nida_record").$type<Record<string, unknown>>(),
});
