import "server-only";
import { desc, eq, or, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Database } from "@/db";
import { bills, reconciliations, unmatchedPayments } from "@/db/schema";
import { QUEUES, queueFor } from "@/lib/jobs/queue";
import { can, type Actor } from "@/lib/security/permissions";
import { recordAudit } from "@/lib/staff/audit";
import { paidSoFar, recordPaymentOnBill } from "./bills";
import { isRecordId } from "@/lib/security/record-id";

/** What operators watch: bills that need a look, jobs that gave up, and reconciliations. */
export async function paymentOperations(db: Database, boss: PgBoss, actor: Actor) {
  if (!can.operatePayments(actor)) return null;
  const counts = await db
    .select({ state: bills.state, n: sql<number>`count(*)::int` })
    .from(bills)
    .groupBy(bills.state);
  const attention = await db
    .select()
    .from(bills)
    .where(sql`${bills.state} = 'failed' or (${bills.state} = 'pending' and ${bills.createdAt} < now() - interval '10 minutes')`)
    .orderBy(desc(bills.createdAt))
    .limit(100);
  const dead = await boss.findJobs<{ bill: string }>(QUEUES.billSubmitDead, { limit: 100 });
  const runs = await db.select().from(reconciliations).orderBy(desc(reconciliations.requestedAt)).limit(30);
  const unmatched = await unmatchedPaymentsForOperators(db, actor);
  return { counts, attention, dead, runs, unmatched: unmatched ?? [] };
}

export type SettleProblem = "forbidden" | "notFound" | "notOpen" | "billNotFound" | "currency" | "billClosed" | "billPaid" | "reason";

/** Unmatched payments, those still open first, newest first within each. */
export async function unmatchedPaymentsForOperators(db: Database, actor: Actor) {
  if (!can.operatePayments(actor)) return null;
  return db
    .select({
      unmatched: unmatchedPayments,
      bill: {
        billId: bills.billId,
        state: bills.state,
        amountMinor: bills.amountMinor,
        currency: bills.currency,
        payOption: bills.payOption,
        controlNumber: bills.controlNumber,
      },
    })
    .from(unmatchedPayments)
    .leftJoin(bills, eq(bills.id, unmatchedPayments.billId))
    .orderBy(sql`${unmatchedPayments.state} <> 'open'`, desc(unmatchedPayments.receivedAt))
    .limit(200);
}

function summary(row: typeof unmatchedPayments.$inferSelect) {
  return {
    trxId: row.trxId,
    gepgBillId: row.gepgBillId,
    paid: `${row.currency} ${row.paidMinor}`,
    mismatches: row.mismatches,
    source: row.source,
    state: row.state,
  };
}

/**
 * Applies an unmatched payment to a bill an operator has checked (named by its BillId or control
 * number): the payment gets its receipt and the bill is settled as part or wholly paid. Refused
 * for a bill in another currency, a cancelled or refused bill, or one already paid in full (mark
 * a refund due instead). Audited with the payment before and after.
 */
export async function applyUnmatchedPayment(
  db: Database,
  actor: Actor,
  input: { id: string; bill: string; note: string },
): Promise<{ ok: true; receipt: string } | { ok: false; problem: SettleProblem }> {
  if (!can.operatePayments(actor) || actor.kind !== "staff") return { ok: false, problem: "forbidden" };
  if (!isRecordId(input.id)) return { ok: false, problem: "notFound" };
  const reference = input.bill.trim();
  if (!/^[A-Za-z0-9]{1,40}$/.test(reference)) return { ok: false, problem: "billNotFound" };
  const boss = await queueFor(db);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(unmatchedPayments).where(eq(unmatchedPayments.id, input.id)).for("update");
    if (!row) return { ok: false as const, problem: "notFound" as const };
    if (row.state !== "open") return { ok: false as const, problem: "notOpen" as const };
    const [bill] = await tx
      .select()
      .from(bills)
      .where(or(eq(bills.billId, reference), eq(bills.controlNumber, reference)))
      .orderBy(desc(bills.createdAt))
      .limit(1)
      .for("update");
    if (!bill) return { ok: false as const, problem: "billNotFound" as const };
    if (bill.currency !== row.currency) return { ok: false as const, problem: "currency" as const };
    if (bill.state === "cancelled" || bill.state === "failed") return { ok: false as const, problem: "billClosed" as const };
    if (bill.state === "paid" || (await paidSoFar(tx, bill.id)) >= bill.amountMinor)
      return { ok: false as const, problem: "billPaid" as const };
    const recorded = await recordPaymentOnBill(tx, boss, bill, {
      trxId: row.trxId,
      gepgBillId: row.gepgBillId,
      controlNumber: row.controlNumber,
      spCode: row.spCode,
      spGroupCode: row.spGroupCode,
      paidMinor: row.paidMinor,
      billMinor: row.billMinor,
      currency: row.currency,
      payOption: row.payOption,
      pspCode: row.pspCode,
      pspName: row.pspName,
      payRefId: row.payRefId,
      pspReceipt: row.pspReceipt,
      paidAt: row.paidAt,
    });
    if (!recorded) return { ok: false as const, problem: "notOpen" as const };
    const note = input.note.trim().slice(0, 500);
    const [after] = await tx
      .update(unmatchedPayments)
      .set({
        state: "applied",
        billId: bill.id,
        paymentId: recorded.payment.id,
        resolvedBy: actor.staffId,
        resolvedAt: new Date(),
        resolution: note || null,
      })
      .where(eq(unmatchedPayments.id, row.id))
      .returning();
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "payment.apply_unmatched",
      entity: "unmatched_payment",
      entityId: row.id,
      before: summary(row),
      after: {
        ...summary(after!),
        bill: bill.billId,
        billState: recorded.bill.state,
        receipt: recorded.payment.receiptNumber,
        note: note || null,
      },
    });
    return { ok: true as const, receipt: recorded.payment.receiptNumber };
  });
}

/** Marks an unmatched payment as money to give back, with the reason; audited. */
export async function markRefundDue(
  db: Database,
  actor: Actor,
  input: { id: string; reason: string },
): Promise<{ ok: true } | { ok: false; problem: SettleProblem }> {
  if (!can.operatePayments(actor) || actor.kind !== "staff") return { ok: false, problem: "forbidden" };
  const reason = input.reason.trim();
  if (reason.length < 5 || reason.length > 500) return { ok: false, problem: "reason" };
  if (!isRecordId(input.id)) return { ok: false, problem: "notFound" };
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(unmatchedPayments).where(eq(unmatchedPayments.id, input.id)).for("update");
    if (!row) return { ok: false as const, problem: "notFound" as const };
    if (row.state !== "open") return { ok: false as const, problem: "notOpen" as const };
    const [after] = await tx
      .update(unmatchedPayments)
      .set({ state: "refund_due", resolvedBy: actor.staffId, resolvedAt: new Date(), resolution: reason })
      .where(eq(unmatchedPayments.id, row.id))
      .returning();
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "payment.refund_due",
      entity: "unmatched_payment",
      entityId: row.id,
      before: summary(row),
      after: { ...summary(after!), reason },
    });
    return { ok: true as const };
  });
}
