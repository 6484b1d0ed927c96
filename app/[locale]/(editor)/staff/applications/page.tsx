import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { InstitutionSelect } from "@/components/StaffPieces";
import { applicationsOfInstitution } from "@/lib/applications/staff-service";
import { APPLICATION_STATUSES } from "@/lib/applications/status";
import { actorInstitutions } from "@/lib/editorial/service";
import { localeFrom } from "@/lib/i18n/request";
import { formatDateTime, getT } from "@/lib/i18n/server";
import { requireStaff } from "@/lib/staff/auth";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("applications.title"), robots: { index: false } };
}

const PAGE_SIZE = 50;
// Drafts have no reference yet and are never listed.
const LISTED = APPLICATION_STATUSES.filter((s) => s !== "draft");
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

/** An institution's online applications (its publishers, and administrators, who choose the institution): read-only. */
export default async function StaffApplicationsPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/applications`);
  const t = getT(locale, "staff");
  const mine = await actorInstitutions(actor);
  const chosen = mine.find((i) => i.slug === query.institution) ?? mine.find((i) => i.id === actor.institutionId) ?? mine[0];
  const status = LISTED.find((s) => s === one(query.status));
  const page = Math.max(1, Math.min(100_000, Math.floor(Number(one(query.page))) || 1));
  const result = chosen ? await applicationsOfInstitution(actor, chosen.id, { status, page }) : null;
  const heading = (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("applications.title")}</h1>
      <p className="mt-2 max-w-3xl">{t("applications.intro")}</p>
    </>
  );
  if (!chosen) {
    return (
      <>
        {heading}
        <p className="mt-4">{t("dashboard.noInstitution")}</p>
      </>
    );
  }
  if (!result) {
    return (
      <>
        {heading}
        <ProblemNotice title={t("errorSummary")} message={t("problems.forbidden")} />
      </>
    );
  }
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const pageLink = (n: number) => `?${new URLSearchParams({ institution: chosen.slug, status: status ?? "", page: String(n) })}`;

  return (
    <>
      {heading}
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
        {mine.length > 1 ? (
          <InstitutionSelect locale={locale} options={mine} chosen={chosen.slug} />
        ) : (
          <input type="hidden" name="institution" value={chosen.slug} />
        )}
        <div>
          <label htmlFor="status" className="block font-bold">
            {t("applications.status")}
          </label>
          <select id="status" name="status" defaultValue={status ?? ""} className="mt-1 border-2 border-ink p-2">
            <option value="">{t("applications.allStatuses")}</option>
            {LISTED.map((s) => (
              <option key={s} value={s}>
                {t(`applications.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="border-2 border-ink px-4 py-2 font-bold">
          {t("dashboard.show")}
        </button>
      </form>
      <h2 className="mt-6 text-2xl font-bold">{chosen.name[locale]}</h2>
      {result.rows.length ? (
        <div className="overflow-x-auto">
          <table className="mt-3 w-full border-collapse text-left">
            <caption className="sr-only">{t("applications.caption", { count: result.total })}</caption>
            <thead>
              <tr className="border-b-2 border-ink">
                <th scope="col" className="py-2 pr-3">
                  {t("applications.columns.reference")}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t("applications.columns.service")}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t("applications.columns.status")}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t("applications.columns.institutionReference")}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t("applications.columns.submitted")}
                </th>
                <th scope="col" className="py-2">
                  {t("applications.columns.updated")}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.id} className="border-b border-gray-400 align-top" data-testid="application">
                  <td className="py-2 pr-3 font-mono">
                    <a href={`/${locale}/staff/applications/${row.id}`}>{row.reference}</a>
                  </td>
                  <td className="py-2 pr-3">{row.service[locale]}</td>
                  <td className="py-2 pr-3">{t(`applications.statuses.${row.status}`)}</td>
                  <td className="py-2 pr-3 font-mono">{row.institutionReference ?? "—"}</td>
                  <td className="py-2 pr-3">{row.submittedAt ? formatDateTime(locale, row.submittedAt) : "—"}</td>
                  <td className="py-2">{formatDateTime(locale, row.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-4">{t("applications.empty")}</p>
      )}
      {pages > 1 ? (
        <nav aria-label={t("applications.pages")} className="mt-6 flex flex-wrap items-center gap-4">
          {page > 1 ? <a href={pageLink(page - 1)}>← {t("applications.previous")}</a> : null}
          <span>{t("applications.pageOf", { page: Math.min(page, pages), pages })}</span>
          {page < pages ? <a href={pageLink(page + 1)}>{t("applications.next")} →</a> : null}
        </nav>
      ) : null}
    </>
  );
}
