import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { TopicList } from "@/components/TopicList";
import { currentCatalogue } from "@/lib/catalogue/current";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "catalogue")("categories.title") };
}

export default async function CategoriesPage({ params }: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "catalogue");
  const catalogue = await currentCatalogue();
  return (
    <>
      <Breadcrumbs locale={locale} trail={[]} />
      <h1 className="text-3xl font-bold leading-tight">{t("categories.title")}</h1>
      <p className="mt-2">{t("categories.intro")}</p>
      <TopicList locale={locale} topics={catalogue.categories} section="categories" />
    </>
  );
}
