import type { Metadata } from "next";
import { SearchForm } from "@/components/SearchForm";
import { ServiceList } from "@/components/ServiceList";
import { namedInstitutions, providersOf, searchServices } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import { acronymSuffix } from "@/lib/catalogue/format";
import type { CatalogueInstitution } from "@/lib/catalogue/model";
import type { Locale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ q?: string | string[]; page?: string | string[] }>;
};

const MAX_QUERY = 200;
// Twenty results a page keeps the page within the first 14 KB a phone receives.
const PER_PAGE = 20;
const MAX_RESULTS = 200;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

async function readQuery(props: Props) {
  return first((await props.searchParams).q)?.trim() ?? "";
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const locale = localeFrom((await props.params).locale);
  const query = await readQuery(props);
  const t = getT(locale, "search");
  // Result pages are for people, not for search engines' indexes.
  return { title: query ? t("titleFor", { query: query.slice(0, 60) }) : t("title"), robots: { index: false } };
}

export default async function SearchPage(props: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const locale = localeFrom((await props.params).locale);
  const t = getT(locale, "search");
  const query = await readQuery(props);
  const tooLong = query.length > MAX_QUERY;
  const catalogue = await currentCatalogue();
  const all = query && !tooLong ? searchServices(catalogue, query, MAX_RESULTS, { locale }) : [];
  const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
  const requested = Number.parseInt(first((await props.searchParams).page) ?? "1", 10);
  const page = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pages) : 1;
  const services = all.slice((page - 1) * PER_PAGE, page * PER_PAGE);
  const pageHref = (n: number) => `/${locale}/search?q=${encodeURIComponent(query)}${n > 1 ? `&page=${n}` : ""}`;
  // Institutions first only when the query names them ("TRA", "Mamlaka ya Mapato"); otherwise,
  // after the first page of listings, those that provide its first results.
  const named = query && !tooLong ? namedInstitutions(catalogue, query, 3) : [];
  const providers = named.length === 0 && page === 1 ? providersOf(services, 3) : [];

  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{query ? t("titleFor", { query }) : t("title")}</h1>
      <SearchForm locale={locale} query={query} />
      <div className="mt-6" aria-live="polite">
        {!query ? <p>{t("empty")}</p> : null}
        {tooLong ? <p role="alert">{t("tooLong")}</p> : null}
        {query && !tooLong ? (
          services.length > 0 ? (
            <p className="font-semibold">
              {t("count", { count: all.length })}
              {pages > 1 ? ` · ${t("pageOf", { page, pages })}` : ""}
            </p>
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
      {named.length > 0 ? (
        <InstitutionList id="institution-results" title={t("institutions")} institutions={named} locale={locale} />
      ) : null}
      {services.length > 0 ? <ServiceList locale={locale} services={services} label={t("results")} /> : null}
      {providers.length > 0 ? (
        <InstitutionList id="institution-providers" title={t("providers")} institutions={providers} locale={locale} />
      ) : null}
      {pages > 1 ? (
        <nav aria-label={t("pagination")} className="mt-6 flex justify-between gap-4">
          {page > 1 ? (
            <a href={pageHref(page - 1)} rel="prev">
              ← {t("previous")}
            </a>
          ) : (
            <span />
          )}
          {page < pages ? (
            <a href={pageHref(page + 1)} rel="next">
              {t("next")} →
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function InstitutionList({
  id,
  title,
  institutions,
  locale,
}: {
  id: string;
  title: string;
  institutions: CatalogueInstitution[];
  locale: Locale;
}) {
  return (
    <section aria-labelledby={id} className="mt-4">
      <h2 id={id} className="text-xl font-bold">
        {title}
      </h2>
      <ul className="mt-2 space-y-1">
        {institutions.map((institution) => (
          <li key={institution.id}>
            <a href={`/${locale}/institutions/${institution.slug}`}>
              {institution.name[locale]}
              {acronymSuffix(institution, locale)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
