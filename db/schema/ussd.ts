import { boolean, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * USSD sessions, kept in the database so that any portal process may answer any step of a
 * session. The phone number is never kept: a keyed hash stands for it. `answered` is the
 * aggregator's `text` as last seen, so that a step repeated by the network is recognised and the
 * new answer told apart from those already handled.
 */
export const ussdSessions = pgTable(
  "ussd_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    phoneHash: text("phone_hash").notNull(),
    state: jsonb("state").$type<unknown>().notNull(),
    answered: text("answered").notNull().default(""),
    // The screen last sent, sent again unchanged when the network repeats a step.
    screen: text("screen").notNull().default(""),
    ended: boolean("ended").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    index("ussd_sessions_phone_idx").on(table.phoneHash, table.updatedAt),
    index("ussd_sessions_expires_idx").on(table.expiresAt),
  ],
);

/** Per phone (by keyed hash): the language chosen, remembered for the next call. */
export const ussdPhones = pgTable("ussd_phones", {
  phoneHash: text("phone_hash").primaryKey(),
  locale: text("locale").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
