import type { Metadata } from "next";
import { InstitutionSelect } from "@/components/StaffPieces";
import { currentCatalogue } from "@/lib/catalogue/current";
import { actorInstitutions, reviewOrder } from "@/lib/editorial/service";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { requireStaff } from "@/lib/staff/auth";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("review.title"), robots: { index: false } };
}

/** An institution's listings, those whose facts most need a person's check first. */
export default async function ReviewPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/review`);
  const t = getT(locale, "staff");
  const mine = await actorInstitutions(actor);
  const chosen = mine.find((i) => i.slug === query.institution) ?? mine.find((i) => i.id === actor.institutionId) ?? mine[0];
  const rows = chosen ? ((await reviewOrder(actor, await currentCatalogue(), chosen.id)) ?? []) : [];
  const cell = "py-2 pr-3";
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("review.title")}</h1>
      <p className="mt-2 max-w-3xl">{t("review.intro")}</p>
      {mine.length > 1 ? (
        <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
          <InstitutionSelect locale={locale} options={mine} chosen={chosen?.slug ?? ""} />
          <button type="submit" className="border-2 border-ink px-4 py-2 font-bold">
            {t("dashboard.show")}
          </button>
        </form>
      ) : null}
      {chosen ? <h2 className="mt-6 text-2xl font-bold">{chosen.name[locale]}</h2> : null}
      {rows.length === 0 ? <p className="mt-4">{t("review.none")}</p> : null}
      {rows.length > 0 && rows.every((row) => row.unconfirmed === 0) ? <p className="mt-4">{t("review.allConfirmed")}</p> : null}
      {rows.length > 0 ? (
        <table className="mt-4 w-full border-collapse text-left" data-testid="review-order">
          <thead>
            <tr className="border-b-2 border-ink">
              {(["service", "marked", "unconfirmed", "oldest", "visitors"] as const).map((column) => (
                <th key={column} scope="col" className={cell}>
                  {t(`review.columns.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.service.id} className="border-b border-gray-300 align-top" data-testid="review-row">
                <td className={cell}>
                  <a href={`/${locale}/staff/listings/${row.service.id}/facts`}>{row.service.name[locale]}</a>
                </td>
                <td className={cell}>{row.marked}</td>
                <td className={cell}>{row.unconfirmed}</td>
                <td className={cell}>{row.oldestSource ?? "—"}</td>
                <td className={cell}>{row.visitors}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
