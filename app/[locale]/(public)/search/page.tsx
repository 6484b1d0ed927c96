import type { Metadata } from "next";
import { SearchForm } from "@/components/SearchForm";
import { ServiceList } from "@/components/ServiceList";
import { searchInstitutions, searchServices } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ q?: string | string[] }> };

const MAX_QUERY = 200;

async function readQuery(props: Props) {
  const raw = (await props.searchParams).q;
  return (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const locale = localeFrom((await props.params).locale);
  const query = await readQuery(props);
  const t = getT(locale, "search");
  // Result pages are for people, not for search engines' indexes.
  return { title: query ? t("titleFor", { query: query.slice(0, 60) }) : t("title"), robots: { index: false } };
}

export default async function SearchPage(props: Props) {
  const locale = localeFrom((await props.params).locale);
  const t = getT(locale, "search");
  const query = await readQuery(props);
  const tooLong = query.length > MAX_QUERY;
  const catalogue = await currentCatalogue();
  const services = query && !tooLong ? searchServices(catalogue, query, 30) : [];
  const institutions = query && !tooLong ? searchInstitutions(catalogue, query, 3) : [];

  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{query ? t("titleFor", { query }) : t("title")}</h1>
      <SearchForm locale={locale} query={query} />
      <div className="mt-6" aria-live="polite">
        {!query ? <p>{t("empty")}</p> : null}
        {tooLong ? <p role="alert">{t("tooLong")}</p> : null}
        {query && !tooLong ? (
          services.length > 0 ? (
            <p className="font-semibold">{t("count", { count: services.length })}</p>
          ) : (
            <>
              <p className="font-semibold">{t("none", { query })}</p>
              <p className="mt-2">
                {t("tips")} <a href={`/${locale}/categories`}>{getT(locale, "catalogue")("categories.title")}</a>
              </p>
            </>
          )
        ) : null}
      </div>
      {institutions.length > 0 ? (
        <section aria-labelledby="institution-results" className="mt-4">
          <h2 id="institution-results" className="text-xl font-bold">
            {t("institutions")}
          </h2>
          <ul className="mt-2 space-y-1">
            {institutions.map((institution) => (
              <li key={institution.id}>
                <a href={`/${locale}/institutions/${institution.slug}`}>
                  {institution.name[locale]}
                  {institution.acronym ? ` (${institution.acronym})` : ""}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {services.length > 0 ? <ServiceList locale={locale} services={services} label={t("results")} /> : null}
    </>
  );
}
