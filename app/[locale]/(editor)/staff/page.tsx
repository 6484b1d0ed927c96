import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { InstitutionSelect } from "@/components/StaffPieces";
import { actorInstitutions, institutionListings, newProblemReportCount } from "@/lib/editorial/service";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";
import { requireStaff } from "@/lib/staff/auth";
import { problemMessage } from "@/lib/staff/pages";
import { createListing } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("dashboard.title"), robots: { index: false } };
}

const filters = ["all", "open", "review", "stale", "needsReview", "notice", "withdrawn"] as const;

export default async function StaffDashboard({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff`);
  const t = getT(locale, "staff");
  const mine = await actorInstitutions(actor);
  const chosen = mine.find((i) => i.slug === query.institution) ?? mine.find((i) => i.id === actor.institutionId) ?? mine[0];
  const rows = chosen ? ((await institutionListings(actor, chosen.id)) ?? []) : [];
  const filter = filters.find((f) => f === query.show) ?? "all";
  const shown = rows.filter((row) => {
    switch (filter) {
      case "open":
        return row.openState !== null;
      case "review":
        return row.openState === "in_review";
      case "stale":
        return row.stale;
      case "needsReview":
        return row.needsReview;
      case "notice":
        return row.maintenance;
      case "withdrawn":
        return row.status === "withdrawn";
      default:
        return true;
    }
  });
  const count = (test: (row: (typeof rows)[number]) => boolean) => rows.filter(test).length;
  const reports = chosen ? await newProblemReportCount(chosen.id) : 0;
  const problem = problemMessage(t, query.problem);

  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("dashboard.title")}</h1>
      <ProblemNotice title={t("errorSummary")} message={problem} />
      {mine.length > 1 ? (
        <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
          <InstitutionSelect locale={locale} options={mine} chosen={chosen?.slug ?? ""} />
          <button type="submit" className="border-2 border-ink px-4 py-2 font-bold">
            {t("dashboard.show")}
          </button>
        </form>
      ) : null}
      {chosen ? (
        <>
          <h2 className="mt-6 text-2xl font-bold">{chosen.name[locale]}</h2>
          <ul className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
            {[
              { key: "review", n: count((r) => r.openState === "in_review") },
              { key: "open", n: count((r) => r.openState !== null) },
              { key: "stale", n: count((r) => r.stale) },
            ].map((tile) => (
              <li key={tile.key} className="border-2 border-ink p-3">
                <a href={`?institution=${chosen.slug}&show=${tile.key}`} className="block">
                  <span className="block text-3xl font-bold">{tile.n}</span>
                  {t(`dashboard.tiles.${tile.key as "review"}`)}
                </a>
              </li>
            ))}
            <li className="border-2 border-ink p-3">
              <a href={`/${locale}/staff/reports?institution=${chosen.slug}`} className="block">
                <span className="block text-3xl font-bold">{reports}</span>
                {t("dashboard.tiles.reports")}
              </a>
            </li>
          </ul>

          <div className="mt-6 flex flex-wrap items-end justify-between gap-4">
            <form method="get" className="flex flex-wrap items-end gap-3">
              <input type="hidden" name="institution" value={chosen.slug} />
              <div>
                <label htmlFor="show" className="block font-bold">
                  {t("dashboard.filter")}
                </label>
                <select id="show" name="show" defaultValue={filter} className="mt-1 border-2 border-ink p-2">
                  {filters.map((f) => (
                    <option key={f} value={f}>
                      {t(`dashboard.filters.${f}`)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="border-2 border-ink px-4 py-2 font-bold">
                {t("dashboard.show")}
              </button>
            </form>
            {can.editDraft(actor, chosen.id) ? (
              <form action={createListing}>
                <input type="hidden" name="locale" value={locale} />
                <input type="hidden" name="institutionId" value={chosen.id} />
                <button type="submit" className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
                  {t("dashboard.newListing")}
                </button>
              </form>
            ) : null}
          </div>

          <table className="mt-4 w-full border-collapse text-left">
            <caption className="sr-only">{t("dashboard.tableCaption", { count: shown.length })}</caption>
            <thead>
              <tr className="border-b-2 border-ink">
                <th scope="col" className="py-2 pr-3">
                  {t("dashboard.columns.listing")}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t("dashboard.columns.status")}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t("dashboard.columns.reviewed")}
                </th>
                <th scope="col" className="py-2">
                  {t("dashboard.columns.flags")}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.serviceId ?? row.versionId} className="border-b border-gray-400 align-top">
                  <td className="py-2 pr-3">
                    <a href={row.serviceId ? `/${locale}/staff/listings/${row.serviceId}` : `/${locale}/staff/versions/${row.versionId}`}>
                      {row.name[locale] || row.name.sw || row.name.en || t("dashboard.untitled")}
                    </a>
                  </td>
                  <td className="py-2 pr-3">
                    {t(`status.${row.status}`)}
                    {row.openState ? (
                      <>
                        {" · "}
                        <a href={`/${locale}/staff/versions/${row.versionId}`}>{t(`state.${row.openState}`)}</a>
                      </>
                    ) : null}
                  </td>
                  <td className="py-2 pr-3">{row.lastReviewedOn ?? "—"}</td>
                  <td className="py-2">
                    <ul className="flex flex-wrap gap-2">
                      {row.stale ? <li className="bg-yellow-200 px-2 font-semibold">{t("flags.stale")}</li> : null}
                      {row.needsReview ? <li className="bg-orange-100 px-2">{t("flags.needsReview")}</li> : null}
                      {row.maintenance ? <li className="bg-red-100 px-2">{t("flags.notice")}</li> : null}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 ? <p className="mt-4">{t("dashboard.empty")}</p> : null}
        </>
      ) : (
        <p className="mt-4">{t("dashboard.noInstitution")}</p>
      )}
    </>
  );
}
