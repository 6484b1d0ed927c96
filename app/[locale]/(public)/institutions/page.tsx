import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { currentCatalogue } from "@/lib/catalogue/current";
import { intlLocale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { acronymSuffix } from "@/lib/catalogue/format";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "catalogue")("institutions.title") };
}

export default async function InstitutionsPage({ params }: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "catalogue");
  const catalogue = await currentCatalogue();
  const listed = catalogue.institutions
    .map((institution) => ({ institution, count: catalogue.servicesOfInstitution.get(institution.id)?.length ?? 0 }))
    .filter(({ count }) => count > 0)
    .sort((a, b) => a.institution.name[locale].localeCompare(b.institution.name[locale], intlLocale[locale]));
  return (
    <>
      <Breadcrumbs locale={locale} trail={[]} />
      <h1 className="text-3xl font-bold leading-tight">{t("institutions.title")}</h1>
      <p className="mt-2">{t("institutions.intro")}</p>
      <ul className="mt-4 divide-y divide-gray-300 border-y border-gray-300">
        {listed.map(({ institution, count }) => (
          <li key={institution.id} className="py-2">
            <a href={`/${locale}/institutions/${institution.slug}`} className="font-semibold">
              {institution.name[locale]}
            </a>
            {acronymSuffix(institution, locale)}
            <span className="block text-sm text-muted">{t("servicesCount", { count })}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
