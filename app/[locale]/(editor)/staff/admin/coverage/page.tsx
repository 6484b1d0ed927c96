import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { catalogueCoverage } from "@/lib/editorial/coverage";
import { currentCatalogue } from "@/lib/catalogue/current";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";
import { requireStaff } from "@/lib/staff/auth";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("coverage.title"), robots: { index: false } };
}

/** For administrators: how complete and how confirmed each institution's listings are. */
export default async function CoveragePage({ params }: Props) {
  const locale = localeFrom((await params).locale);
  const actor = await requireStaff(locale, `/${locale}/staff/admin/coverage`);
  const t = getT(locale, "staff");
  if (!can.viewCoverage(actor)) {
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("coverage.title")}</h1>
        <ProblemNotice title={t("errorSummary")} message={t("problems.forbidden")} />
      </>
    );
  }
  const rows = catalogueCoverage(await currentCatalogue());
  const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const cell = "py-2 pr-3";
  const columns = ["institution", "services", "withFee", "withLink", "withTime", "marked", "confirmed", "website", "contacts"] as const;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("coverage.title")}</h1>
      <p className="mt-2 max-w-3xl">{t("coverage.intro")}</p>
      <p className="mt-2 font-semibold" data-testid="coverage-totals">
        {t("coverage.totals", {
          services: sum((r) => r.services),
          institutions: rows.filter((r) => r.services > 0).length,
          marked: sum((r) => r.marked),
          confirmed: sum((r) => r.confirmed),
        })}
      </p>
      <div className="mt-4 overflow-x-auto">
        <table className="w-full border-collapse text-left" data-testid="coverage">
          <thead>
            <tr className="border-b-2 border-ink">
              {columns.map((column) => (
                <th key={column} scope="col" className={cell}>
                  {t(`coverage.columns.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.institution.id} className="border-b border-gray-300 align-top">
                <th scope="row" className={`${cell} font-normal`}>
                  <a href={`/${locale}/staff/review?institution=${row.institution.slug}`}>
                    {row.institution.name[locale]}
                    {row.institution.acronym ? ` (${row.institution.acronym})` : ""}
                  </a>
                </th>
                <td className={cell}>{row.services}</td>
                <td className={cell}>{row.withFee}</td>
                <td className={cell}>{row.withLink}</td>
                <td className={cell}>{row.withTime}</td>
                <td className={cell}>{row.marked}</td>
                <td className={cell}>{row.confirmed}</td>
                <td className={cell}>{row.institution.website ? t("coverage.yes") : t("coverage.no")}</td>
                <td className={cell}>{row.hasContacts ? t("coverage.yes") : t("coverage.no")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
