import type { Metadata } from "next";
import { ApplicationReplyForm } from "@/components/ApplicationReplyForm";
import { askedAnswers, firstIncompletePage } from "@/lib/applications/answers";
import { DRAFT_DAYS, openQuestion, type ApplicationEvent } from "@/lib/applications/applications";
import { answerInWords } from "@/lib/applications/display";
import { problemNotice } from "@/lib/applications/notices";
import { ownApplicationPage } from "@/lib/applications/pages";
import { currentCatalogue } from "@/lib/catalogue/current";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, formatDateTime, getT } from "@/lib/i18n/server";
import { replyToQuestion } from "../actions";

type Props = {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<{ sent?: string; replied?: string; problem?: string }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "applications")("title"), robots: { index: false } };
}

/**
 * One application: where it stands and what happens next, the institution's question to answer
 * when there is one, its whole history, and what was sent.
 */
export default async function ApplicationPage({ params, searchParams }: Props) {
  const { locale: segment, id } = await params;
  const locale = localeFrom(segment);
  const query = await searchParams;
  const { own } = await ownApplicationPage(locale, id, `/${locale}/applications/${id}`);
  const t = getT(locale, "applications");
  const a = own.application;
  const service = (await currentCatalogue()).serviceById.get(a.serviceId);
  const question = openQuestion(own.events);
  const answered = a.status === "information_needed" && !question;
  const words = {
    yes: t("page.yes"),
    no: t("page.no"),
    formatDate: (iso: string) => formatDate(locale, new Date(`${iso}T12:00:00+03:00`)),
  };
  const problem = problemNotice(t, query.problem);
  const draftUntil = new Date(a.updatedAt.getTime() + DRAFT_DAYS * 86400_000);
  const resume = a.status === "draft" ? (firstIncompletePage(own.form, own.answers, own.identity)?.id ?? "check") : null;
  const rejected = own.events.findLast((e) => e.kind === "update" && e.status === "rejected" && e.moved);
  const collection = own.events.findLast((e) => e.kind === "update" && e.status === "ready_for_collection" && e.moved)?.collection;

  // An update that moved nothing because a later one had already arrived (not one that only repeated where it stood).
  const late = (event: ApplicationEvent) =>
    event.kind === "update" &&
    !event.moved &&
    own.events.some((e) => e.kind === "update" && e.moved && e.at.getTime() > event.at.getTime());
  const eventTitle = (event: ApplicationEvent) => {
    if (event.kind === "update" && event.status) return t(`statuses.${event.status}`);
    if (event.kind === "submitted") return event.status === "awaiting_payment" ? t("detail.events.awaiting") : t("detail.events.submitted");
    return t(`detail.events.${event.kind as "paid" | "sent" | "reply"}`);
  };
  return (
    <>
      <p>
        <a href={`/${locale}/applications`}>← {t("title")}</a>
      </p>
      <h1 className="mt-4 text-3xl font-bold leading-tight">{t("detail.title", { service: service?.name[locale] ?? "" })}</h1>
      {problem ? (
        <p role="alert" className="mt-4 border-l-4 border-red-700 pl-3 font-bold">
          {problem}
        </p>
      ) : null}
      {query.sent && a.reference ? (
        <div className="mt-6 border-4 border-green-700 p-4" role="status" data-testid="application-sent">
          <h2 className="text-2xl font-bold">{t("received.title")}</h2>
          <p className="mt-2 text-lg">
            {t("received.reference")} <strong className="font-mono text-2xl">{a.reference}</strong>
          </p>
          {a.phone ? <p className="mt-1">{t("received.sms")}</p> : null}
          <p className="mt-1">{a.status === "awaiting_payment" ? t("received.awaiting") : t("received.next")}</p>
        </div>
      ) : null}
      {query.replied ? (
        <p className="mt-6 border-l-4 border-green-700 pl-3" role="status">
          {t("reply.sent")}
        </p>
      ) : null}

      <dl className="mt-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">{t("detail.status")}</dt>
        <dd data-testid="application-status">{t(`statuses.${a.status}`)}</dd>
        <dt className="font-semibold">{t("reference")}</dt>
        <dd className="font-mono">{a.reference ?? t("noReference")}</dd>
        {a.institutionReference ? (
          <>
            <dt className="font-semibold">{t("institutionReference")}</dt>
            <dd className="font-mono">{a.institutionReference}</dd>
          </>
        ) : null}
        {a.submittedAt ? (
          <>
            <dt className="font-semibold">{t("submittedOn")}</dt>
            <dd>{formatDateTime(locale, a.submittedAt)}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="next" className="mt-6 border-l-4 border-brand pl-4">
        <h2 id="next" className="text-2xl font-bold">
          {t("detail.whatNext")}
        </h2>
        <p className="mt-1 text-lg">
          {answered ? t("next.information_answered") : t(`next.${a.status}`, { date: formatDate(locale, draftUntil) })}
        </p>
        {resume ? (
          <p className="mt-3">
            <a
              href={`/${locale}/applications/${id}/${resume}`}
              className="inline-block bg-brand px-5 py-3 text-lg font-bold text-white no-underline visited:text-white"
            >
              {t("continue")}
            </a>
          </p>
        ) : null}
        {a.billId && (a.status === "awaiting_payment" || own.form.payment.when === "after") ? (
          <p className="mt-3">
            <a href={`/${locale}/payments/${a.billId}`} className="font-bold">
              {t("detail.payLink")}
            </a>
          </p>
        ) : null}
        {rejected?.reasons ? (
          <p className="mt-3">
            <span className="font-semibold">{t("detail.reasons")}:</span> {rejected.reasons}
          </p>
        ) : null}
        {collection && a.status === "ready_for_collection" ? (
          <p className="mt-3">
            {t("detail.collection", { place: collection.place, from: formatDateTime(locale, new Date(collection.from)) })}
            {collection.until ? ` – ${formatDateTime(locale, new Date(collection.until))}` : ""}
          </p>
        ) : null}
      </section>

      {question ? (
        <section aria-labelledby="reply" className="mt-8 border-4 border-yellow-600 p-4">
          <h2 id="reply" className="text-2xl font-bold">
            {t("reply.title")}
          </h2>
          <p className="mt-2">
            <span className="font-semibold">{t("detail.question")}:</span>{" "}
            <span data-testid="institution-question">{question.question}</span>
          </p>
          <ApplicationReplyForm
            action={replyToQuestion}
            locale={locale}
            applicationId={id}
            strings={{
              title: t("reply.title"),
              text: t("reply.text"),
              textHint: t("reply.textHint"),
              file: t("reply.file"),
              fileHint: t("reply.fileHint"),
              send: t("reply.send"),
              errorSummary: t("page.errorSummary"),
            }}
          />
        </section>
      ) : null}

      {own.events.length > 0 ? (
        <section aria-labelledby="timeline" className="mt-8">
          <h2 id="timeline" className="text-2xl font-bold">
            {t("detail.timeline")}
          </h2>
          <ol className="mt-2 space-y-3" data-testid="timeline">
            {[...own.events].reverse().map((event) => (
              <li key={event.id} className="border-l-4 border-gray-300 pl-3">
                <p className="font-semibold">{eventTitle(event)}</p>
                <p className="text-sm text-muted">{formatDateTime(locale, event.kind === "update" ? event.at : event.createdAt)}</p>
                {event.note ? (
                  <p>
                    {t("detail.note")}: {event.note}
                  </p>
                ) : null}
                {event.question ? (
                  <p>
                    {t("detail.question")}: {event.question}
                  </p>
                ) : null}
                {event.reasons ? (
                  <p>
                    {t("detail.reasons")}: {event.reasons}
                  </p>
                ) : null}
                {event.collection ? (
                  <p>
                    {t("detail.collection", {
                      place: event.collection.place,
                      from: formatDateTime(locale, new Date(event.collection.from)),
                    })}
                  </p>
                ) : null}
                {event.text ? (
                  <p>
                    {t("detail.yourReply")}: {event.text}
                  </p>
                ) : null}
                {late(event) ? <p className="text-sm text-muted">{t("detail.late")}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {a.status !== "draft" ? (
        <section aria-labelledby="answers" className="mt-8">
          <h2 id="answers" className="text-2xl font-bold">
            {t("detail.answers")}
          </h2>
          <dl className="mt-2 divide-y divide-gray-300 border-y border-gray-300">
            {askedAnswers(own.form, own.answers, own.identity).map(({ question: q, value }) => (
              <div key={q.id} className="grid gap-1 py-2 sm:grid-cols-[2fr_3fr]">
                <dt className="font-semibold">{q.kind === "declaration" ? t("check.declaration") : q.label[locale]}</dt>
                <dd>
                  {typeof value === "object" && value !== null && "documentId" in value ? (
                    <a href={`/${locale}/applications/${id}/documents/${value.documentId}`}>
                      {t("detail.download", { name: value.fileName })}
                    </a>
                  ) : (
                    answerInWords(q, value, locale, words)
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  );
}
