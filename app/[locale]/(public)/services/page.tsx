import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { ServiceList } from "@/components/ServiceList";
import { aToZOf, letterLabel, pageLetters, pageNumber, type LetterKey } from "@/lib/catalogue/a-to-z";
import { currentCatalogue } from "@/lib/catalogue/current";
import type { Locale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ page?: string | string[] }> };

/*
 * Every service A–Z, a page at a time (?page=2; an unknown page is the first), with an index of
 * first letters on every page. Pages hold about twenty services, so that each arrives in the
 * first 14 KB (see lib/catalogue/a-to-z.ts).
 */

async function load(props: Props) {
  const locale = localeFrom((await props.params).locale);
  const catalogue = await currentCatalogue();
  const az = aToZOf(catalogue.services, locale);
  const number = pageNumber((await props.searchParams).page, az.pages.length);
  return { locale, az, number, page: az.pages[number - 1] };
}

const anchor = (locale: Locale, letter: LetterKey) => `${locale === "sw" ? "herufi" : "letter"}-${letter}`;
const pageHref = (locale: Locale, number: number) => `/${locale}/services${number > 1 ? `?page=${number}` : ""}`;

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { locale, az, number, page } = await load(props);
  const t = getT(locale, "catalogue");
  if (!page) return { title: t("allServices") };
  const title = t("az.title", { letters: pageLetters(page), page: number, pages: az.pages.length });
  // The first page has its other-language version (from the layout); a later page is its own,
  // since its letters differ from the same page in the other language.
  return number === 1 ? { title } : { title, alternates: { canonical: pageHref(locale, number) } };
}

export default async function AllServicesPage(props: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const { locale, az, number, page } = await load(props);
  const t = getT(locale, "catalogue");
  const previous = az.pages[number - 2];
  const next = az.pages[number];
  return (
    <>
      <Breadcrumbs locale={locale} trail={[]} />
      <h1 className="text-3xl font-bold leading-tight">{t("allServices")}</h1>
      <p className="mt-2">{t("allServicesIntro")}</p>
      <p className="mt-1 text-muted">{t("servicesCount", { count: az.total })}</p>
      {page ? (
        <>
          <nav aria-label={t("az.index")} className="mt-4">
            <ul className="flex flex-wrap">
              {az.index.map(({ letter, page: start }) => (
                <li key={letter}>
                  {start === null ? (
                    <span className="inline-block px-3 py-2 text-lg text-muted">
                      {letterLabel(letter)}
                      <span className="sr-only"> ({t("az.none")})</span>
                    </span>
                  ) : (
                    <a
                      href={`${start === number ? "" : pageHref(locale, start)}#${anchor(locale, letter)}`}
                      className="inline-block px-3 py-2 text-lg font-bold"
                    >
                      {letterLabel(letter)}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </nav>
          <p className="mt-4 font-semibold">{t("az.pageOf", { page: number, pages: az.pages.length, letters: pageLetters(page) })}</p>
          {page.sections.map((section) => (
            <div key={section.letter} className="mt-6">
              <h2 id={anchor(locale, section.letter)} className="text-2xl font-bold">
                {letterLabel(section.letter)}
                {section.continued ? ` (${t("az.continued")})` : ""}
              </h2>
              <ServiceList locale={locale} services={section.services} brief />
            </div>
          ))}
          {previous || next ? (
            <nav aria-label={t("az.pages")} className="mt-6 flex justify-between gap-4">
              {previous ? (
                <a href={pageHref(locale, previous.number)} rel="prev">
                  <span aria-hidden="true">← </span>
                  {t("az.previous", { letters: pageLetters(previous) })}
                </a>
              ) : (
                <span />
              )}
              {next ? (
                <a href={pageHref(locale, next.number)} rel="next">
                  {t("az.next", { letters: pageLetters(next) })}
                  <span aria-hidden="true"> →</span>
                </a>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : (
        <p className="mt-2">{t("noServices")}</p>
      )}
    </>
  );
}
