import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FeedbackStatus } from "@/components/FeedbackStatus";
import { applicationsOfCitizen } from "@/lib/applications/service";
import { feedbackOfCitizen } from "@/lib/feedback/service";
import { currentActor } from "@/lib/identity/auth";
import { maskedNinEnding } from "@/lib/identity/nin";
import { citizenProfile } from "@/lib/identity/service";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, getT } from "@/lib/i18n/server";
import { billStatus } from "@/lib/payments/bills";
import { formatMinor } from "@/lib/payments/money";
import { billsOfCitizen } from "@/lib/payments/service";
import { can } from "@/lib/security/permissions";
import { signOut } from "./actions";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "auth")("account.title"), robots: { index: false } };
}

export default async function AccountPage({ params }: Props) {
  const locale = localeFrom((await params).locale);
  const actor = await currentActor();
  if (!can.viewOwnAccount(actor) || actor.kind !== "citizen") {
    redirect(`/${locale}/sign-in?return=${encodeURIComponent(`/${locale}/account`)}`);
  }
  const citizen = await citizenProfile(actor.citizenId);
  if (!citizen) redirect(`/${locale}/sign-in?problem=signInFailed`);
  const t = getT(locale, "auth");
  const myFeedback = await feedbackOfCitizen(citizen.id);
  const myBills = await billsOfCitizen(citizen.id);
  const pay = getT(locale, "payments");
  const apps = getT(locale, "applications");
  const privacy = getT(locale, "privacy");
  const myApplications = await applicationsOfCitizen(citizen.id);
  const name = [citizen.firstName, citizen.middleName, citizen.surname].filter(Boolean).join(" ");
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("account.title")}</h1>
      <p className="mt-2 text-lg">{t("account.welcome", { name: citizen.firstName })}</p>

      <h2 className="mt-8 text-2xl font-bold">{t("account.details")}</h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">{t("account.name")}</dt>
        <dd>{name}</dd>
        <dt className="font-semibold">{t("account.nin")}</dt>
        <dd className="font-mono">{maskedNinEnding(citizen.ninLast4)}</dd>
        {citizen.phoneMasked ? (
          <>
            <dt className="font-semibold">{t("account.phone")}</dt>
            <dd>{citizen.phoneMasked}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="applications" className="mt-8">
        <h2 id="applications" className="text-2xl font-bold">
          {apps("account")}
        </h2>
        {myApplications.length === 0 ? <p className="mt-2">{apps("accountEmpty")}</p> : null}
        <ul className="mt-2 space-y-3">
          {myApplications.slice(0, 5).map((item) => (
            <li key={item.id} className="border-b border-gray-400 pb-2">
              <a href={`/${locale}/applications/${item.id}`} className="font-semibold">
                {item.service[locale]}
              </a>
              <br />
              <span>
                {item.answered ? apps("answeredStatus") : apps(`statuses.${item.status}`)}
                {item.reference ? ` · ${item.reference}` : ""}
              </span>
            </li>
          ))}
        </ul>
        {myApplications.length > 0 ? (
          <p className="mt-2">
            <a href={`/${locale}/applications`}>{apps("accountAll")}</a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="payments" className="mt-8">
        <h2 id="payments" className="text-2xl font-bold">
          {t("account.payments")}
        </h2>
        {myBills.length === 0 ? <p className="mt-2">{t("account.paymentsEmpty")}</p> : null}
        <ul className="mt-2 space-y-3">
          {myBills.map((bill) => (
            <li key={bill.id} className="border-b border-gray-400 pb-2">
              <a href={`/${locale}/payments/${bill.id}`} className="font-semibold">
                {locale === "sw" ? bill.descriptionSw : bill.descriptionEn}
              </a>
              <br />
              <span>
                {bill.currency} {formatMinor(bill.amountMinor)} · {pay(`bill.states.${billStatus(bill)}`)}
                {bill.controlNumber ? ` · ${pay("bill.controlNumber")} ${bill.controlNumber}` : ""} · {formatDate(locale, bill.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="feedback" className="mt-8">
        <h2 id="feedback" className="text-2xl font-bold">
          {t("account.feedback")}
        </h2>
        {myFeedback.length === 0 ? <p className="mt-2">{t("account.feedbackEmpty")}</p> : null}
        {myFeedback.map((item) => (
          <FeedbackStatus key={item.reference} locale={locale} item={item} />
        ))}
        <p className="mt-3">
          <a href={`/${locale}/feedback`}>{getT(locale, "feedback")("startLink")}</a>
        </p>
      </section>

      <section aria-labelledby="your-data" className="mt-8">
        <h2 id="your-data" className="text-2xl font-bold">
          {privacy("data.title")}
        </h2>
        <ul className="mt-2 space-y-1">
          <li>
            <a href={`/${locale}/account/data`}>{privacy("data.seeLink")}</a>
          </li>
          <li>
            <a href={`/${locale}/account/erase`}>{privacy("data.eraseLink")}</a>
          </li>
          <li>
            <a href={`/${locale}/privacy`}>{privacy("data.noticeLink")}</a>
          </li>
        </ul>
      </section>

      <form action={signOut} className="mt-10">
        <input type="hidden" name="locale" value={locale} />
        <button type="submit" className="border-2 border-ink px-5 py-2 font-bold hover:bg-gray-100">
          {t("account.signOut")}
        </button>
      </form>
    </>
  );
}
