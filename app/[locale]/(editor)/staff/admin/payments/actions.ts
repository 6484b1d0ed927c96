"use server";

import { redirect } from "next/navigation";
import { databaseHandle } from "@/db";
import { jobQueue } from "@/lib/jobs/queue";
import { describeError, log } from "@/lib/log";
import { redriveBills } from "@/lib/payments/operations";
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
