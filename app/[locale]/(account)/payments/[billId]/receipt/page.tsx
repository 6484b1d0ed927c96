import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { formatDate, getT } from "@/lib/i18n/server";
import { localeFrom } from "@/lib/i18n/request";
import { currentCatalogue } from "@/lib/catalogue/current";
import { formatMinor } from "@/lib/payments/money";
import { billOfCitizen, paymentsOfBill } from "@/lib/payments/service";
import { currentActor } from "@/lib/identity/auth";
import { can } from "@/lib/security/permissions";

type Props = { params: Promise<{ locale: string; billId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "payments")("receipt.title"), robots: { index: false } };
}

/** A printable receipt for a paid bill: what was paid, when, through whom, with every reference. */
export default async function ReceiptPage({ params, searchParams }: Props) {
  const { locale: segment, billId } = await params;
  const locale = localeFrom(segment);
  const actor = await currentActor();
  if (!can.viewOwnPayments(actor) || actor.kind !== "citizen")
    redirect(`/${locale}/sign-in?return=${encodeURIComponent(`/${locale}/payments/${billId}/receipt`)}`);
  const t = getT(locale, "payments");
  const bill = await billOfCitizen(actor.citizenId, billId);
  const all = bill ? await paymentsOfBill(bill.id) : [];
  const [payment] = all;
  if (!bill || !payment) redirect(`/${locale}/payments/${billId}`);
  const left = bill.amountMinor - all.reduce((sum, p) => sum + p.paidMinor, 0n);
  const service = (await currentCatalogue()).serviceById.get(bill.serviceId);
  const institution = service ? (service.competentAuthority ?? service.institution) : undefined;
  const printing = (await searchParams).print === "1";
  const here = `/${locale}/payments/${bill.id}/receipt`;
  const time = new Intl.DateTimeFormat(locale === "sw" ? "sw-TZ" : "en-GB", {
    timeStyle: "short",
    timeZone: "Africa/Dar_es_Salaam",
  }).format(payment.paidAt);
  const rows: [string, string][] = [
    [t("receipt.number"), payment.receiptNumber],
    ...(institution ? ([[t("receipt.institution"), institution.name[locale]]] as [string, string][]) : []),
    [t("receipt.paysFor"), locale === "sw" ? bill.descriptionSw : bill.descriptionEn],
    [t("bill.amount"), `${payment.currency} ${formatMinor(payment.paidMinor)}`],
    [t("receipt.payer"), bill.payerName],
    [t("receipt.paidAt"), `${formatDate(locale, payment.paidAt)}, ${time}`],
    [t("receipt.channel"), payment.pspName ?? payment.pspCode],
    [t("bill.controlNumber"), payment.controlNumber],
    [t("receipt.payRef"), payment.payRefId],
    ...(payment.pspReceipt ? ([[t("receipt.pspReceipt"), payment.pspReceipt]] as [string, string][]) : []),
    [t("bill.reference"), bill.billId],
    ...(left > 0n ? ([[t("receipt.left"), `${bill.currency} ${formatMinor(left)}`]] as [string, string][]) : []),
  ];
  return (
    <>
      <p className="no-print">
        <a href={`/${locale}/payments/${bill.id}`}>← {t("bill.title")}</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold leading-tight">{t("receipt.title")}</h1>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 border-2 border-ink p-4" data-testid="receipt">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-semibold">{label}</dt>
            <dd className="font-mono">{value}</dd>
          </div>
        ))}
      </dl>
      {left > 0n ? <p className="mt-4 font-semibold">{t("receipt.part")}</p> : null}
      <section aria-labelledby="next" className="mt-4 border-l-4 border-brand p-3">
        <h2 id="next" className="text-xl font-bold">
          {t("receipt.nextTitle")}
        </h2>
        <p className="mt-1">{t("receipt.next", { institution: institution?.name[locale] ?? t("receipt.theInstitution") })}</p>
        {service ? (
          <p className="no-print mt-1">
            <a href={`/${locale}/services/${service.slug[locale]}`}>{t("receipt.serviceLink", { service: service.name[locale] })}</a>
          </p>
        ) : null}
      </section>
      <p className="mt-4 text-sm">{t("receipt.issuedBy")}</p>
      {printing ? (
        <>
          <p className="no-print mt-4 border-4 border-brand p-3 font-bold" role="status">
            {t("receipt.printNow")}
          </p>
          {/* With scripts, the print dialog opens by itself; without, the line above says how. */}
          <script dangerouslySetInnerHTML={{ __html: "window.print()" }} />
        </>
      ) : (
        <p className="no-print mt-4">
          <a
            href={`${here}?print=1`}
            className="inline-block bg-brand px-5 py-3 font-bold text-white no-underline visited:text-white hover:bg-brand-dark"
          >
            {t("receipt.printButton")}
          </a>
        </p>
      )}
    </>
  );
}
