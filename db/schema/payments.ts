import { sql } from "drizzle-orm";
import { bigint, date, index, integer, jsonb, pgEnum, pgSequence, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { services } from "./catalogue";
import { citizens } from "./identity";

/**
 * Bills paid through GePG. Amounts are integers of the currency's minor unit (cents), never
 * floats. A bill's BillId is ours and is sent again unchanged on every retry, so that GePG can
 * recognise a repeat (7226) and a worker killed mid-delivery never makes a second bill.
 */
export const billState = pgEnum("bill_state", [
  // Stored, waiting for (or between) deliveries to GePG.
  "pending",
  // GePG acknowledged it (7101 or 7226); the control number is on its way.
  "submitted",
  // The control number arrived: the citizen can pay.
  "issued",
  "paid",
  // GePG refused it for good (a status code other than success or duplicate).
  "failed",
  "cancelled",
  // Part of it paid (a bill whose payment option allows part payments); the rest still owed.
  "part_paid",
]);

/**
 * How GePG lets a bill be paid (its BillPayOpt): exact (3) the amount owed and nothing else;
 * full (1) at least the amount owed; part (2) any amount up to what is left.
 */
export const billPayOption = pgEnum("bill_pay_option", ["exact", "full", "part"]);

export const bills = pgTable(
  "bills",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    // GePG's BillId: ours, unique, 20 characters at most.
    billId: text("bill_id").notNull().unique(),
    citizenId: uuid("citizen_id")
      .notNull()
      .references(() => citizens.id, { onDelete: "restrict" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "restrict" }),
    feePosition: integer("fee_position").notNull(),
    descriptionSw: text("description_sw").notNull(),
    descriptionEn: text("description_en").notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    payOption: billPayOption("pay_option").notNull().default("exact"),
    gfsCode: text("gfs_code").notNull(),
    spCode: text("sp_code").notNull(),
    payerName: text("payer_name").notNull(),
    // For the SMS with the control number and the receipt; never logged.
    payerPhone: text("payer_phone"),
    // The language the citizen asked in: their SMS are written in it.
    locale: text("locale").$type<"sw" | "en">().notNull().default("sw"),
    state: billState("state").notNull().default("pending"),
    controlNumber: text("control_number"),
    statusCode: text("status_code"),
    statusText: text("status_text"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    // The bill this one renews (an expired control number needs a new bill).
    renewsBillId: uuid("renews_bill_id"),
    deliveries: integer("deliveries").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
  },
  (table) => [index("bills_citizen_idx").on(table.citizenId, table.createdAt), index("bills_control_number_idx").on(table.controlNumber)],
);

/** Receipt numbers: one sequence for the whole portal, so that no two receipts share one. */
export const receiptNumbers = pgSequence("receipt_numbers", { startWith: 1 });

/** Payments GePG notified: one row per GePG transaction (TrxId), however often it is notified. */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    trxId: text("trx_id").notNull().unique(),
    billId: uuid("bill_id")
      .notNull()
      .references(() => bills.id, { onDelete: "restrict" }),
    controlNumber: text("control_number").notNull(),
    paidMinor: bigint("paid_minor", { mode: "bigint" }).notNull(),
    billMinor: bigint("bill_minor", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    pspCode: text("psp_code").notNull(),
    pspName: text("psp_name"),
    // GePG's receipt reference and the network's or bank's own receipt.
    payRefId: text("pay_ref_id").notNull(),
    pspReceipt: text("psp_receipt"),
    paidAt: timestamp("paid_at", { withTimezone: true }).notNull(),
    // A receipt number of ours, printed on the receipt: DRS-<year>-<sequence>.
    receiptNumber: text("receipt_number").notNull().unique(),
    // Set when reconciliation found this payment in GePG's list for its day.
    reconciledAt: timestamp("reconciled_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("payments_bill_idx").on(table.billId)],
);

/**
 * What disagrees between a payment GePG reports and the bill it names: an unknown bill, another
 * control number, SP, SP group or currency, an amount the bill's payment option does not allow,
 * or a bill that can no longer take it.
 */
export type PaymentMismatch =
  | "unknown_bill"
  | "control_number"
  | "sp_code"
  | "sp_group"
  | "currency"
  | "bill_amount"
  | "amount_not_exact"
  | "amount_short"
  | "amount_over"
  | "bill_paid"
  | "bill_closed"
  | "missing_notice";

/**
 * Payments GePG reported (by a signed notification, or in its reconciliation list) that could not
 * be applied to a bill as they stand. Kept whole, with the signed message, until an operator
 * applies one to a bill or marks a refund due: nothing GePG reports as paid is ever dropped.
 */
export const unmatchedPayments = pgTable(
  "unmatched_payments",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    trxId: text("trx_id").notNull().unique(),
    source: text("source").$type<"notice" | "reconciliation">().notNull(),
    // What GePG named: its BillId (ours when the bill is known), control number, SP and group.
    gepgBillId: text("gepg_bill_id").notNull(),
    billId: uuid("bill_id").references(() => bills.id, { onDelete: "restrict" }),
    controlNumber: text("control_number").notNull(),
    spCode: text("sp_code").notNull(),
    spGroupCode: text("sp_group_code"),
    paidMinor: bigint("paid_minor", { mode: "bigint" }).notNull(),
    billMinor: bigint("bill_minor", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    payOption: text("pay_option"),
    pspCode: text("psp_code").notNull(),
    pspName: text("psp_name"),
    payRefId: text("pay_ref_id").notNull(),
    pspReceipt: text("psp_receipt"),
    paidAt: timestamp("paid_at", { withTimezone: true }).notNull(),
    mismatches: jsonb("mismatches").$type<PaymentMismatch[]>().notNull(),
    // The signed content element exactly as GePG sent it (verified before it was stored).
    signedXml: text("signed_xml").notNull(),
    state: text("state").$type<"open" | "applied" | "refund_due">().notNull().default("open"),
    resolvedBy: uuid("resolved_by"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolution: text("resolution"),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "restrict" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("unmatched_payments_state_idx").on(table.state, table.receivedAt)],
);

/** A day's reconciliation with GePG: asked, answered, and what did not match. */
export const reconciliations = pgTable("reconciliations", {
  id: uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  reqId: text("req_id").notNull().unique(),
  day: date("day", { mode: "string" }).notNull(),
  state: text("state").notNull().default("requested"), // requested | answered | failed
  requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
  answeredAt: timestamp("answered_at", { withTimezone: true }),
  gepgCount: integer("gepg_count"),
  matched: integer("matched"),
  // Payments GePG lists that we never recorded (recorded from the list), ours GePG does not list,
  // and amounts that differ.
  differences: jsonb("differences").$type<{ kind: "missing_here" | "missing_at_gepg" | "amount"; trxId: string; detail: string }[]>(),
});
