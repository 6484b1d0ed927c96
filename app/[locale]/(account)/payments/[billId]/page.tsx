import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { formatDate, getT } from "@/lib/i18n/server";
import { localeFrom } from "@/lib/i18n/request";
import { currentCatalogue } from "@/lib/catalogue/current";
import { billStatus } from "@/lib/payments/bills";
import { formatMinor } from "@/lib/payments/money";
import { billOfCitizen, paymentsOfBill } from "@/lib/payments/service";
import { currentActor } from "@/lib/identity/auth";
import { can } from "@/lib/security/permissions";
import { cancelBill, renewBill } from "../actions";

type Props = { params: Promise<{ locale: string; billId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "payments")("bill.title"), robots: { index: false } };
}

const channels = ["mpesa", "mixx", "airtel", "halopesa", "bank"] as const;

/**
 * One bill, in whatever state it is: on its way (the page checks again by itself, without
 * JavaScript), ready to pay with the control number and how to pay, expired (renew), paid.
 */
const cancelProblems = ["notCancellable", "unavailable", "refused", "failed"] as const;

export default async function BillPage({ params, searchParams }: Props) {
  const { locale: segment, billId } = await params;
  const locale = localeFrom(segment);
  const here = `/${locale}/payments/${billId}`;
  const actor = await currentActor();
  if (!can.viewOwnPayments(actor) || actor.kind !== "citizen") redirect(`/${locale}/sign-in?return=${encodeURIComponent(here)}`);
  const t = getT(locale, "payments");
  const bill = await billOfCitizen(actor.citizenId, billId);
  if (!bill) {
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("bill.title")}</h1>
        <p className="mt-2">{t("bill.notFound")}</p>
        <p className="mt-4">
          <a href={`/${locale}/account#payments`}>{t("bill.back")}</a>
        </p>
      </>
    );
  }
  const status = billStatus(bill);
  const query = await searchParams;
  const cancelProblem = cancelProblems.find((p) => p === query.problem);
  const amount = `${bill.currency} ${formatMinor(bill.amountMinor)}`;
  const waiting = status === "pending" || status === "submitted";
  const service = (await currentCatalogue()).serviceById.get(bill.serviceId);
  const institution = service ? (service.competentAuthority ?? service.institution) : undefined;
  const paid = status === "part_paid" ? (await paymentsOfBill(bill.id)).reduce((sum, p) => sum + p.paidMinor, 0n) : 0n;
  const renew = (
    <form action={renewBill} className="mt-4">
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="bill" value={bill.id} />
      <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
        {t("bill.renew")}
      </button>
    </form>
  );
  return (
    <>
      {/* Without JavaScript, the browser itself asks again while the control number is on its way. */}
      {waiting ? <meta httpEquiv="refresh" content="10" /> : null}
      <p className="no-print">
        <a href={`/${locale}/account#payments`}>← {t("bill.back")}</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold leading-tight">{t("bill.title")}</h1>
      {query.existing === "1" ? (
        <p role="status" className="mt-3 border-l-4 border-brand bg-gray-100 p-3" data-testid="existing-bill">
          {t("bill.existing")}
        </p>
      ) : null}
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        {institution ? (
          <>
            <dt className="font-semibold">{t("receipt.institution")}</dt>
            <dd>{institution.name[locale]}</dd>
          </>
        ) : null}
        <dt className="font-semibold">{t("bill.service")}</dt>
        <dd>{locale === "sw" ? bill.descriptionSw : bill.descriptionEn}</dd>
        <dt className="font-semibold">{t("bill.amount")}</dt>
        <dd className="font-bold">{amount}</dd>
        <dt className="font-semibold">{t("bill.reference")}</dt>
        <dd className="font-mono">{bill.billId}</dd>
        <dt className="font-semibold">{t("bill.title")}</dt>
        <dd>
          <strong data-testid="bill-state">{t(`bill.states.${status}`)}</strong>
        </dd>
      </dl>

      {waiting ? (
        <section aria-labelledby="waiting" role="status" className="mt-6 border-l-4 border-brand bg-gray-100 p-4">
          <h2 id="waiting" className="text-2xl font-bold">
            {t("bill.waitingTitle")}
          </h2>
          <p className="mt-2">{t("bill.waiting")}</p>
          {bill.lastError ? <p className="mt-2 font-semibold">{t("bill.waitingSlow")}</p> : null}
          <p className="mt-3">
            <a href={here}>{t("bill.refresh")}</a>
          </p>
        </section>
      ) : null}

      {status === "part_paid" ? (
        <p role="status" className="mt-6 border-l-4 border-brand bg-green-50 p-4" data-testid="part-paid">
          {t("bill.partPaid", {
            paid: `${bill.currency} ${formatMinor(paid)}`,
            left: `${bill.currency} ${formatMinor(bill.amountMinor - paid)}`,
          })}{" "}
          <a href={`${here}/receipt`}>{t("bill.receipt")}</a>
        </p>
      ) : null}

      {(status === "issued" || status === "part_paid") && bill.controlNumber ? (
        <section aria-labelledby="pay" className="mt-6 border-4 border-brand p-4">
          <h2 id="pay" className="text-2xl font-bold">
            {t("bill.issuedTitle")}
          </h2>
          <p className="mt-3 text-sm font-semibold">{t("bill.controlNumber")}</p>
          <p className="font-mono text-4xl font-bold tracking-wider" data-testid="control-number">
            {bill.controlNumber}
          </p>
          <p className="mt-3">
            <span className="font-semibold">{t("bill.amount")}:</span> <span className="text-xl font-bold">{amount}</span>
          </p>
          <p>
            <span className="font-semibold">{t("bill.expires")}:</span> {formatDate(locale, bill.expiresAt)}
          </p>
          <p className="mt-2">{t("bill.exact")}</p>
          <h3 className="mt-4 text-xl font-bold">{t("bill.howTitle")}</h3>
          <ul className="mt-2 list-disc space-y-2 pl-6">
            {channels.map((channel) => (
              <li key={channel}>{t(`bill.how.${channel}`)}</li>
            ))}
          </ul>
          {status === "issued" ? (
            <form action={cancelBill} className="no-print mt-6 border-t border-gray-400 pt-3">
              <input type="hidden" name="locale" value={locale} />
              <input type="hidden" name="bill" value={bill.id} />
              <p>{t("bill.cancelIntro")}</p>
              <button type="submit" className="mt-2 border-2 border-ink px-4 py-2 font-bold">
                {t("bill.cancel")}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}

      {cancelProblem ? (
        <p role="alert" className="mt-4 border-4 border-red-700 p-3">
          {t(`bill.cancelProblems.${cancelProblem}`)}
        </p>
      ) : null}
      {status === "cancelled" ? (
        <section aria-labelledby="cancelled" className="mt-6 border-l-4 border-ink p-4">
          <h2 id="cancelled" className="text-2xl font-bold">
            {t("bill.cancelledTitle")}
          </h2>
          <p className="mt-2">{t("bill.cancelled")}</p>
          {renew}
        </section>
      ) : null}

      {status === "expired" || status === "failed" ? (
        <section aria-labelledby="again" className="mt-6 border-l-4 border-red-700 p-4">
          <h2 id="again" className="text-2xl font-bold">
            {status === "expired" ? t("bill.expiredTitle") : t("bill.failedTitle")}
          </h2>
          <p className="mt-2">{status === "expired" ? t("bill.expired") : t("bill.failed", { code: bill.statusCode ?? "" })}</p>
          {renew}
        </section>
      ) : null}

      {status === "paid" ? (
        <section aria-labelledby="paid" className="mt-6 border-l-4 border-brand bg-green-50 p-4">
          <h2 id="paid" className="text-2xl font-bold">
            {t("bill.paidTitle")}
          </h2>
          <p className="mt-2">
            <a href={`${here}/receipt`} className="font-bold">
              {t("bill.receipt")}
            </a>
          </p>
        </section>
      ) : null}
    </>
  );
}
