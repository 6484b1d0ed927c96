"use server";

import { redirect } from "next/navigation";
import { databaseHandle, getDb } from "@/db";
import { currentCatalogue } from "@/lib/catalogue/current";
import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/config";
import { jobQueue } from "@/lib/jobs/queue";
import { describeError, log } from "@/lib/log";
import { toInternationalMobile } from "@/lib/notifications/phone";
import { billOfCitizen, cancelBill, renewBill, requestBill } from "@/lib/payments/bills";
import { can, currentActor } from "@/lib/security/permissions";

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");
const localeOf = (form: FormData): Locale => (isLocale(form.get("locale")) ? (form.get("locale") as Locale) : defaultLocale);

/**
 * "Get a control number" on a service page: a bill for one fee, stored with its delivery job.
 * Problems go back to the service page's payment box (?pay=problem#pay), never with the phone.
 */
export async function payFeeAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const catalogue = await currentCatalogue();
  const service = catalogue.serviceById.get(text(form.get("serviceId")).slice(0, 40));
  if (!service) redirect(`/${locale}`);
  const servicePage = `/${locale}/services/${service.slug[locale]}`;
  const actor = await currentActor();
  if (!can.payFee(actor) || actor.kind !== "citizen") redirect(`/${locale}/sign-in?return=${encodeURIComponent(servicePage)}`);
  const typedPhone = text(form.get("phone")).trim().slice(0, 40);
  const phone = typedPhone ? toInternationalMobile(typedPhone) : null;
  if (typedPhone && !phone) redirect(`${servicePage}?pay=phone&fee=${Number(text(form.get("fee"))) || 0}#pay`);
  const handle = await databaseHandle();
  let result;
  try {
    result = await requestBill(handle.db, await jobQueue(handle), {
      citizenId: actor.citizenId,
      service,
      feePosition: Number(text(form.get("fee"))),
      payerPhone: phone ?? null,
      payAgain: text(form.get("again")) === "yes",
      locale,
    });
  } catch (error) {
    log.error("bill not created", { error: describeError(error) });
    redirect(`${servicePage}?pay=failed#pay`);
  }
  if (!result.ok) redirect(`${servicePage}?pay=${result.problem}&fee=${Number(text(form.get("fee"))) || 0}#pay`);
  // Asked again for a fee with a bill still open: that bill, never a second one, and saying so.
  redirect(`/${locale}/payments/${result.bill}${result.existing ? "?existing=1" : ""}`);
}

/** A new control number for an expired (or refused) bill's fee. */
export async function renewBillAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const billId = text(form.get("bill")).slice(0, 40);
  const actor = await currentActor();
  if (!can.payFee(actor) || actor.kind !== "citizen") redirect(`/${locale}/sign-in`);
  const db = await getDb();
  const bill = await billOfCitizen(db, actor.citizenId, billId);
  if (!bill) redirect(`/${locale}/account`);
  const service = (await currentCatalogue()).serviceById.get(bill.serviceId);
  const handle = await databaseHandle();
  const result = await renewBill(db, await jobQueue(handle), actor.citizenId, bill.id, service);
  if (!result.ok) redirect(`/${locale}/payments/${bill.id}`);
  redirect(`/${locale}/payments/${result.bill}`);
}

/** Cancels an unpaid bill at GePG, for its owner. */
export async function cancelBillAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const billId = text(form.get("bill")).slice(0, 40);
  const actor = await currentActor();
  if (!can.payFee(actor) || actor.kind !== "citizen") redirect(`/${locale}/sign-in`);
  const result = await cancelBill(await getDb(), actor.citizenId, billId);
  redirect(`/${locale}/payments/${billId}${result.ok ? "?done=cancelled" : `?problem=${result.problem}`}`);
}
