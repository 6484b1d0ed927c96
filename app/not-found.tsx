import type { Metadata } from "next";
import { SearchForm } from "@/components/SearchForm";
import { currentLocale } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: getT(await currentLocale())("notFound.title") };
}

// Served for every address no page claims, and for listings that do not exist (see proxy.ts):
// the search box and a way home, so that a mistyped or old address is not a dead end.
export default async function NotFound() {
  const locale = await currentLocale();
  const t = getT(locale);
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("notFound.title")}</h1>
      <p className="mt-3 text-lg">{t("notFound.body")}</p>
      <p className="mt-3">{t("notFound.search")}</p>
      <SearchForm locale={locale} />
      <p className="mt-6">
        <a href={`/${locale}`}>{t("notFound.back")}</a>
      </p>
    </>
  );
}
