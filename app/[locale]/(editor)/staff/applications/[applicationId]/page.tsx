import type { Metadata } from "next";
import { StaffNotFound } from "@/components/StaffPieces";
import { applicationForStaff } from "@/lib/applications/staff-service";
import { currentCatalogue } from "@/lib/catalogue/current";
import { localeFrom } from "@/lib/i18n/request";
import { formatDateTime, getT } from "@/lib/i18n/server";
import { requireStaff } from "@/lib/staff/auth";

type Props = { params: Promise<{ locale: string; applicationId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("applications.title"), robots: { index: false } };
}

/**
 * One application as the institution's publishers see it: where it stands and its timeline
 * (read-only). An unknown id and another institution's get the same "not found".
 */
export default async function StaffApplicationPage({ params }: Props) {
  const { locale: segment, applicationId } = await params;
  const locale = localeFrom(segment);
  const actor = await requireStaff(locale, `/${locale}/staff/applications/${applicationId}`);
  const t = getT(locale, "staff");
  const application = await applicationForStaff(actor, applicationId);
  if (!application) return <StaffNotFound locale={locale} />;
  const slug = (await currentCatalogue()).institutions.find((i) => i.id === application.institution.id)?.slug;
  const moment = (value: string) => {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : formatDateTime(locale, date);
  };

  return (
    <>
      <p>
        <a href={`/${locale}/staff/applications${slug ? `?institution=${encodeURIComponent(slug)}` : ""}`}>← {t("applications.back")}</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold leading-tight">{t("applications.detailTitle", { reference: application.reference })}</h1>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">{t("applications.columns.service")}</dt>
        <dd>{application.service[locale]}</dd>
        <dt className="font-semibold">{t("applications.institution")}</dt>
        <dd>{application.institution[locale]}</dd>
        <dt className="font-semibold">{t("applications.columns.status")}</dt>
        <dd data-testid="application-status">{t(`applications.statuses.${application.status}`)}</dd>
        <dt className="font-semibold">{t("applications.columns.institutionReference")}</dt>
        <dd className="font-mono">{application.institutionReference ?? "—"}</dd>
        <dt className="font-semibold">{t("applications.columns.submitted")}</dt>
        <dd>{application.submittedAt ? formatDateTime(locale, application.submittedAt) : "—"}</dd>
        <dt className="font-semibold">{t("applications.columns.updated")}</dt>
        <dd>{formatDateTime(locale, application.updatedAt)}</dd>
      </dl>

      <section aria-labelledby="timeline" className="mt-8">
        <h2 id="timeline" className="text-2xl font-bold">
          {t("applications.timeline")}
        </h2>
        {application.timeline.length ? (
          <ol className="mt-3 space-y-4">
            {application.timeline.map((event) => (
              <li key={event.id} className="border-l-4 border-ink pl-4" data-testid="application-event">
                <p className="font-bold">
                  {event.kind === "update"
                    ? t("applications.events.update", {
                        status: event.status ? t(`applications.statuses.${event.status}`) : "—",
                      })
                    : t(`applications.events.${event.kind}`)}
                </p>
                <p className="text-sm">
                  <time dateTime={event.at.toISOString()}>{formatDateTime(locale, event.at)}</time>
                </p>
                {event.kind === "update" ? (
                  <p className={event.moved ? "mt-1 text-sm" : "mt-1 bg-yellow-100 px-2 text-sm font-semibold"}>
                    {event.moved ? t("applications.moved") : t("applications.late")}
                  </p>
                ) : null}
                <dl className="mt-1 space-y-1">
                  {event.note ? (
                    <div>
                      <dt className="font-semibold">{t("applications.note")}</dt>
                      <dd className="whitespace-pre-line">{event.note}</dd>
                    </div>
                  ) : null}
                  {event.question ? (
                    <div>
                      <dt className="font-semibold">{t("applications.question")}</dt>
                      <dd className="whitespace-pre-line">{event.question}</dd>
                    </div>
                  ) : null}
                  {event.reasons ? (
                    <div>
                      <dt className="font-semibold">{t("applications.reasons")}</dt>
                      <dd className="whitespace-pre-line">{event.reasons}</dd>
                    </div>
                  ) : null}
                  {event.collection ? (
                    <div>
                      <dt className="font-semibold">{t("applications.collection")}</dt>
                      <dd>
                        {event.collection.place}
                        {" · "}
                        {t("applications.collectionFrom")} {moment(event.collection.from)}
                        {event.collection.until ? ` · ${t("applications.collectionUntil")} ${moment(event.collection.until)}` : ""}
                      </dd>
                    </div>
                  ) : null}
                  {event.text ? (
                    <div>
                      <dt className="font-semibold">{t("applications.reply")}</dt>
                      <dd className="whitespace-pre-line">{event.text}</dd>
                    </div>
                  ) : null}
                </dl>
              </li>
            ))}
          </ol>
        ) : (
          <p className="mt-2">{t("applications.timelineEmpty")}</p>
        )}
      </section>
    </>
  );
}
