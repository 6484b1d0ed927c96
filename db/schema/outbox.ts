import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const outboxStatus = pgEnum("outbox_status", ["pending", "delivered", "failed"]);

/**
 * Hand-offs to other systems (an SMS to mGov, later a bill to GePG, feedback to e-Mrejesho),
 * written in the same transaction as the change that causes them and delivered by the worker,
 * with retries, so that nothing is lost while the other system is down.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    topic: text("topic").notNull(),
    payload: jsonb("payload").notNull(),
    // Enqueueing twice with the same key keeps one entry.
    dedupeKey: text("dedupe_key").unique(),
    status: outboxStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    // A worker's claim; a claim that outlives its worker (a crash) expires and the entry is retried.
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    // Past this moment the entry is no longer worth delivering (a sign-in code that has expired).
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (table) => [index("outbox_due_idx").on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`)],
);
