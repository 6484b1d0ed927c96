import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, gte, lt } from "drizzle-orm";
import type { Database } from "@/db";
import { bills, payments, reconciliations, type PaymentMismatch } from "@/db/schema";
import { env } from "@/lib/env";
import { postToGepg } from "@/lib/integrations/gepg/client";
import { buildSucSpPmtReq, GEPG_STATUS, parseSucSpPmtReqAck, parseSucSpPmtRes } from "@/lib/integrations/gepg/messages";
import type { OpenedMessage } from "@/lib/integrations/gepg/signature";
import { log } from "@/lib/log";
import { keepUnmatchedPayment, paidSoFar, paymentMismatches, reportedPayment } from "./bills";
import { formatMinor } from "./money";

/**
 * Daily (and on demand) reconciliation: GePG's list of a day's successful payments against ours.
 * A payment GePG lists that we never applied (its notification lost or refused) is kept as an
 * unmatched payment for operators to apply or refund; one we recorded that GePG does not list,
 * and one whose amount differs, are flagged for operators.
 */

/** The day in Tanzania (UTC+3) as YYYY-MM-DD, and its bounds as instants. */
export function eatDay(date: Date): { day: string; from: Date; to: Date } {
  const local = new Date(date.getTime() + 3 * 3600_000);
  const day = local.toISOString().slice(0, 10);
  const from = new Date(`${day}T00:00:00+03:00`);
  return { day, from, to: new Date(from.getTime() + 86400_000) };
}

/** Yesterday and today in Tanzania: the default day to reconcile, and the last one that may be asked for. */
export function reconciliationDays(now = new Date()): { yesterday: string; today: string } {
  return { yesterday: eatDay(new Date(now.getTime() - 86400_000)).day, today: eatDay(now).day };
}

export async function requestReconciliation(db: Database, day: string): Promise<{ ok: boolean; code: string }> {
  const config = env();
  const reqId = randomUUID();
  await db.insert(reconciliations).values({ reqId, day });
  const content = buildSucSpPmtReq({ ReqId: reqId, SpGrpCode: config.GEPG_SP_GROUP_CODE, SysCode: config.GEPG_SYS_CODE, TrxDt: day });
  const ack = parseSucSpPmtReqAck((await postToGepg("/api/reconciliation/20/request", content, "sucSpPmtReqAck")).content);
  if (ack.AckStsCode !== GEPG_STATUS.SUCCESS) {
    await db.update(reconciliations).set({ state: "failed" }).where(eq(reconciliations.reqId, reqId));
  }
  return { ok: ack.AckStsCode === GEPG_STATUS.SUCCESS, code: ack.AckStsCode };
}

/** GePG's list for a day, compared with ours; applied once per response. */
export async function applyReconciliation(db: Database, opened: OpenedMessage): Promise<{ resId: string }> {
  const response = parseSucSpPmtRes(opened.content);
  const config = env();
  await db.transaction(async (tx) => {
    const [run] = await tx.select().from(reconciliations).where(eq(reconciliations.reqId, response.BatchHdr.ReqId)).for("update");
    if (!run) {
      log.warn("reconciliation for a request we did not make", {});
      return;
    }
    if (run.state === "answered") return;
    const { from, to } = eatDay(new Date(`${run.day}T12:00:00+03:00`));
    const ours = await tx
      .select()
      .from(payments)
      .where(and(gte(payments.paidAt, from), lt(payments.paidAt, to)));
    const byTrx = new Map(ours.map((p) => [p.trxId, p]));
    const differences: NonNullable<(typeof reconciliations.$inferSelect)["differences"]> = [];
    let matched = 0;
    for (const record of response.PmtDtls) {
      const mine = byTrx.get(record.TrxId) ?? (await tx.select().from(payments).where(eq(payments.trxId, record.TrxId)))[0];
      byTrx.delete(record.TrxId);
      if (!mine) {
        // Paid at GePG, never applied here (its notice lost, refused or unmatched): kept as an
        // unmatched payment for operators to apply or refund, unless it already is one.
        const payment = reportedPayment(record, null);
        const [bill] = await tx.select().from(bills).where(eq(bills.billId, record.BillId));
        const mismatches: PaymentMismatch[] = [
          "missing_notice",
          ...paymentMismatches(bill, payment, config.GEPG_SP_GROUP_CODE, bill ? await paidSoFar(tx, bill.id) : 0n),
        ];
        const kept = await keepUnmatchedPayment(tx, { payment, bill, mismatches, source: "reconciliation", signedXml: opened.signedXml });
        differences.push({
          kind: "missing_here",
          trxId: record.TrxId,
          detail: `${record.Ccy} ${formatMinor(record.PaidAmt)} for ${record.BillId}${bill ? "" : " (unknown bill)"}${kept ? "" : " (already an unmatched payment)"}`,
        });
        continue;
      }
      if (mine.paidMinor !== record.PaidAmt) {
        differences.push({
          kind: "amount",
          trxId: record.TrxId,
          detail: `ours ${formatMinor(mine.paidMinor)}, GePG ${formatMinor(record.PaidAmt)}`,
        });
        continue;
      }
      matched++;
      await tx.update(payments).set({ reconciledAt: new Date() }).where(eq(payments.id, mine.id));
    }
    for (const left of byTrx.values())
      differences.push({
        kind: "missing_at_gepg",
        trxId: left.trxId,
        detail: `${left.currency} ${left.paidMinor} at ${left.paidAt.toISOString()}`,
      });
    await tx
      .update(reconciliations)
      .set({ state: "answered", answeredAt: new Date(), gepgCount: response.PmtDtls.length, matched, differences })
      .where(eq(reconciliations.id, run.id));
    if (differences.length) log.warn("reconciliation found differences", { day: run.day, differences: differences.length });
  });
  return { resId: response.BatchHdr.ResId };
}
