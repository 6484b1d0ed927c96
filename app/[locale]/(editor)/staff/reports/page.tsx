import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { InstitutionSelect } from "@/components/StaffPieces";
import type { QueueStatus } from "@/lib/editorial/problem-reports";
import { actorInstitutions, problemReportQueue } from "@/lib/editorial/service";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, getT } from "@/lib/i18n/server";
import { requireStaff } from "@/lib/staff/auth";
import { handleReport } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("reports.title"), robots: { index: false } };
}

const statuses: QueueStatus[] = ["new", "seen", "resolved"];

export default async function ProblemReportsPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/reports`);
  const t = getT(locale, "staff");
  const report = getT(locale, "report");
  const mine = await actorInstitutions(actor);
  const chosen = mine.find((i) => i.slug === query.institution) ?? mine.find((i) => i.id === actor.institutionId) ?? mine[0];
  const status = statuses.find((s) => s === query.status) ?? "new";
  const rows = chosen ? ((await problemReportQueue(actor, chosen.id, status)) ?? []) : [];
  const problem =
    typeof query.problem === "string" && ["forbidden", "notFound", "controlCharacters", "failed"].includes(query.problem)
      ? t(`problems.${query.problem as "forbidden"}`)
      : null;
  const done = query.done === "seen" || query.done === "resolved" ? t(`reports.done.${query.done}`) : null;

  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("reports.title")}</h1>
      <p className="mt-2">{t("reports.intro")}</p>
      <ProblemNotice title={t("errorSummary")} message={problem} />
      {done ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {done}
        </p>
      ) : null}
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
        {mine.length > 1 ? (
          <InstitutionSelect locale={locale} options={mine} chosen={chosen?.slug ?? ""} />
        ) : (
          <input type="hidden" name="institution" value={chosen?.slug ?? ""} />
        )}
        <div>
          <label htmlFor="status" className="block font-bold">
            {t("reports.status")}
          </label>
          <select id="status" name="status" defaultValue={status} className="mt-1 border-2 border-ink p-2">
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`reports.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="border-2 border-ink px-4 py-2 font-bold">
          {t("dashboard.show")}
        </button>
      </form>
      {rows.length === 0 ? <p className="mt-6">{t("reports.empty")}</p> : null}
      <ul className="mt-6 space-y-6">
        {rows.map((row) => (
          <li key={row.id} className="border-2 border-ink p-4">
            <h2 className="text-xl font-bold">
              <a href={`/${locale}/staff/listings/${row.serviceId}`}>{locale === "sw" ? row.nameSw : row.nameEn}</a>
            </h2>
            <p className="text-sm">
              {formatDate(locale, row.createdAt)} · {report(`kinds.${row.kind}`)} · {t(`langs.${row.locale === "en" ? "en" : "sw"}`)}
            </p>
            <p className="mt-2 whitespace-pre-line">{row.details}</p>
            {row.contact ? (
              <p className="mt-2">
                <span className="font-semibold">{t("reports.contact")}:</span> {row.contact}
              </p>
            ) : null}
            {row.resolution ? (
              <p className="mt-2">
                <span className="font-semibold">{t("reports.resolution")}:</span> {row.resolution}
              </p>
            ) : null}
            {row.status !== "resolved" ? (
              <form action={handleReport} className="mt-3 space-y-2">
                <input type="hidden" name="locale" value={locale} />
                <input type="hidden" name="reportId" value={row.id} />
                <input type="hidden" name="institution" value={chosen?.slug ?? ""} />
                <input type="hidden" name="from" value={status} />
                <label htmlFor={`resolution-${row.id}`} className="block font-bold">
                  {t("reports.whatDone")}
                </label>
                <textarea
                  id={`resolution-${row.id}`}
                  name="resolution"
                  rows={2}
                  maxLength={2000}
                  className="w-full border-2 border-ink p-2"
                />
                <div className="flex flex-wrap gap-3">
                  {row.status === "new" ? (
                    <button type="submit" name="status" value="seen" className="border-2 border-ink px-4 py-2 font-bold">
                      {t("reports.markSeen")}
                    </button>
                  ) : null}
                  <button
                    type="submit"
                    name="status"
                    value="resolved"
                    className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark"
                  >
                    {t("reports.markResolved")}
                  </button>
                </div>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
