"use server";

import { redirect } from "next/navigation";
import { databaseHandle } from "@/db";
import { jobQueue } from "@/lib/jobs/queue";
import { describeError, log } from "@/lib/log";
import { applyUnmatchedPayment, markRefundDue, redriveBills } from "@/lib/payments/operations";
import { requestReconciliation } from "@/lib/payments/reconciliation";
import { can, currentStaffActor } from "@/lib/security/permissions";
import { localeOf, text } from "@/lib/staff/pages";

/** Asks GePG for one day's payments now (the daily run asks for yesterday's at 03:00). */
export async function reconcileAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const here = `/${locale}/staff/admin/payments`;
  const actor = await currentStaffActor();
  if (!can.operatePayments(actor)) redirect(`${here}?problem=forbidden`);
  const day = text(form.get("day"));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)) || Date.parse(day) > Date.now()) redirect(`${here}?problem=day`);
  let outcome = "requested";
  try {
    const result = await requestReconciliation((await databaseHandle()).db, day);
    if (!result.ok) outcome = "refused";
  } catch (error) {
    log.warn("reconciliation request failed", { error: describeError(error) });
    outcome = "unavailable";
  }
  redirect(`${here}?done=${outcome}`);
}

/** Sends dead-lettered bills back for delivery. */
export async function redriveAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const handle = await databaseHandle();
  const moved = await redriveBills(await jobQueue(handle), await currentStaffActor());
  redirect(`/${locale}/staff/admin/payments?${moved === null ? "problem=forbidden" : `done=redriven&n=${moved}`}`);
}

/** Applies an unmatched payment to the bill the operator names, after checking it. */
export async function applyUnmatchedAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const id = text(form.get("id"));
  const result = await applyUnmatchedPayment((await databaseHandle()).db, await currentStaffActor(), {
    id,
    bill: text(form.get("bill")),
    note: text(form.get("note")),
  });
  const here = `/${locale}/staff/admin/payments`;
  redirect(result.ok ? `${here}?done=applied&receipt=${encodeURIComponent(result.receipt)}#unmatched` : `${here}?unmatched=${encodeURIComponent(id)}&problem=${result.problem}&bill=${encodeURIComponent(text(form.get("bill")).slice(0, 40))}#u-${id}`);
}

/** Records that an unmatched payment is to be refunded, with the reason. */
export async function refundDueAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const id = text(form.get("id"));
  const result = await markRefundDue((await databaseHandle()).db, await currentStaffActor(), { id, reason: text(form.get("reason")) });
  const here = `/${locale}/staff/admin/payments`;
  redirect(result.ok ? `${here}?done=refund_due#unmatched` : `${here}?unmatched=${encodeURIComponent(id)}&problem=${result.problem}#u-${id}`);
}
