import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentActor } from "@/lib/identity/auth";
import { maskedNinEnding } from "@/lib/identity/nin";
import { localeFrom } from "@/lib/i18n/request";
import { formatDateTime, getT } from "@/lib/i18n/server";
import { personalDataOf } from "@/lib/privacy/service";
import { can } from "@/lib/security/permissions";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "privacy")("data.title"), robots: { index: false } };
}

/** Everything held about the signed-in citizen, readable (the JSON download holds the same). */
export default async function YourDataPage({ params }: Props) {
  const locale = localeFrom((await params).locale);
  const actor = await currentActor();
  if (!can.viewOwnData(actor) || actor.kind !== "citizen") {
    redirect(`/${locale}/sign-in?return=${encodeURIComponent(`/${locale}/account/data`)}`);
  }
  const data = await personalDataOf(actor.citizenId);
  if (!data) redirect(`/${locale}/sign-in?problem=signInFailed`);
  const t = getT(locale, "privacy");
  const apps = getT(locale, "applications");
  const pay = getT(locale, "payments");
  const fb = getT(locale, "feedback");
  const when = (iso: string | null) => (iso ? formatDateTime(locale, new Date(iso)) : "–");
  const none = <p className="mt-2">{t("data.none")}</p>;
  const names = [data.profile.firstName, data.profile.middleName, data.profile.surname].filter(Boolean).join(" ");
  const row = (label: string, value: ReactNode) => (
    <>
      <dt className="font-semibold">{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("data.title")}</h1>
      <p className="mt-2 text-lg">{t("data.intro")}</p>
      <ul className="mt-4 space-y-1">
        <li>
          <a href={`/${locale}/account/data/download`} className="font-semibold" download>
            {t("data.download")}
          </a>
        </li>
        <li>
          <a href={`/${locale}/privacy`}>{t("data.noticeLink")}</a>
        </li>
        <li>
          <a href={`/${locale}/account/erase`}>{t("data.eraseLink")}</a>
        </li>
      </ul>

      <h2 className="mt-8 text-2xl font-bold">{t("data.profile")}</h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        {row(t("data.names"), names || t("data.notShown"))}
        {row(t("data.ninEnding"), <span className="font-mono">{maskedNinEnding(data.profile.ninEnding)}</span>)}
        {row(t("data.phone"), data.profile.phone ?? t("data.notShown"))}
        {row(t("data.firstSignIn"), when(data.profile.firstSignIn))}
        {row(t("data.lastSignIn"), when(data.profile.lastSignIn))}
      </dl>

      <h2 className="mt-8 text-2xl font-bold">{t("data.sessions")}</h2>
      <p className="mt-1">{t("data.sessionsIntro")}</p>
      {data.sessions.length === 0 ? none : null}
      <ul className="mt-2 space-y-2">
        {data.sessions.map((session, i) => (
          <li key={i} className="border-b border-gray-400 pb-2">
            {t("data.started")}: {when(session.started)} · {t("data.signedOut")}:{" "}
            {session.signedOut ? when(session.signedOut) : t("data.stillOpen")} · {t("data.nidaHeld")}:{" "}
            {session.nidaRecord ? t("data.yes") : t("data.no")}
          </li>
        ))}
      </ul>

      <h2 className="mt-8 text-2xl font-bold">{t("data.applications")}</h2>
      {data.applications.length === 0 ? none : null}
      {data.applications.map((application, i) => (
        <section key={application.reference ?? i} className="mt-3 border-b border-gray-400 pb-3">
          <h3 className="text-xl font-bold">
            {application.service[locale]}
            {application.reference ? ` · ${application.reference}` : ""}
          </h3>
          <p>
            {apps(`statuses.${application.status}`)} · {when(application.started)}
          </p>
          <h4 className="mt-2 font-semibold">{t("data.answers")}</h4>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4">
            {Object.entries(application.answers).map(([question, answer]) => (
              <div key={question} className="contents">
                <dt className="font-mono text-sm">{question}</dt>
                <dd className="break-words">{typeof answer === "string" ? answer : JSON.stringify(answer)}</dd>
              </div>
            ))}
          </dl>
          {application.documents.length > 0 ? (
            <>
              <h4 className="mt-2 font-semibold">{t("data.documents")}</h4>
              <ul className="list-disc pl-6">
                {application.documents.map((document) => (
                  <li key={document.sha256 + document.added}>
                    {document.fileName} ({Math.ceil(document.bytes / 1024)} KB)
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {application.timeline.length > 0 ? (
            <>
              <h4 className="mt-2 font-semibold">{t("data.timeline")}</h4>
              <ul className="list-disc pl-6">
                {application.timeline.map((event, j) => (
                  <li key={j}>
                    {when(event.at)}: {event.status ? apps(`statuses.${event.status}`) : event.kind}
                    {event.note ? ` – ${event.note}` : ""}
                    {event.question ? ` – ${event.question}` : ""}
                    {event.text ? ` – ${event.text}` : ""}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}

      <h2 className="mt-8 text-2xl font-bold">{t("data.bills")}</h2>
      {data.bills.length === 0 ? none : null}
      <ul className="mt-2 space-y-2">
        {data.bills.map((bill) => (
          <li key={bill.billId} className="border-b border-gray-400 pb-2">
            <span className="font-semibold">{bill.description[locale]}</span>
            <br />
            {bill.amount} · {pay(`bill.states.${bill.state}`)} · {when(bill.created)}
            {bill.controlNumber ? ` · ${pay("bill.controlNumber")} ${bill.controlNumber}` : ""}
            <br />
            {t("data.payerName")}: {bill.payerName}
            {bill.payerPhone ? ` · ${t("data.phone")}: ${bill.payerPhone}` : ""}
            {bill.payments.map((payment) => (
              <span key={payment.receiptNumber} className="block">
                {t("data.receipt")} {payment.receiptNumber}: {payment.amount} · {when(payment.paid)}
              </span>
            ))}
          </li>
        ))}
      </ul>

      <h2 className="mt-8 text-2xl font-bold">{t("data.feedback")}</h2>
      {data.feedback.length === 0 ? none : null}
      {data.feedback.map((item) => (
        <section key={item.reference} className="mt-3 border-b border-gray-400 pb-3">
          <h3 className="text-xl font-bold">
            {item.subject} · {item.reference}
          </h3>
          <p>
            {item.institution[locale]} · {fb(`status.states.${item.status}`)} · {when(item.sent)}
          </p>
          <p className="mt-1 whitespace-pre-line break-words">{item.message}</p>
          {item.name || item.phone ? <p className="mt-1">{[item.name, item.phone].filter(Boolean).join(" · ")}</p> : null}
          {item.attachment ? <p className="mt-1">{item.attachment}</p> : null}
          {item.reply ? (
            <p className="mt-1">
              <span className="font-semibold">{t("data.reply")}:</span> {item.reply}
            </p>
          ) : null}
        </section>
      ))}

      <h2 className="mt-8 text-2xl font-bold">{t("data.security")}</h2>
      <p className="mt-1">{t("data.securityIntro")}</p>
      {data.securityRecord.length === 0 ? none : null}
      <ul className="mt-2 space-y-1">
        {data.securityRecord.map((event, i) => (
          <li key={i}>
            {when(event.at)}: {t(`data.events.${event.action}`, { defaultValue: event.action })} (
            {t(`data.outcomes.${event.outcome}`, { defaultValue: event.outcome })})
          </li>
        ))}
      </ul>
    </>
  );
}
