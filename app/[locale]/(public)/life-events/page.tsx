import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { TopicList } from "@/components/TopicList";
import { currentCatalogue } from "@/lib/catalogue/current";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "catalogue")("lifeEvents.title") };
}

export default async function LifeEventsPage({ params }: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "catalogue");
  const catalogue = await currentCatalogue();
  return (
    <>
      <Breadcrumbs locale={locale} trail={[]} />
      <h1 className="text-3xl font-bold leading-tight">{t("lifeEvents.title")}</h1>
      <p className="mt-2">{t("lifeEvents.intro")}</p>
      <h2 className="mt-8 text-2xl font-bold">{t("lifeEvents.life")}</h2>
      <TopicList locale={locale} topics={catalogue.lifeEvents.filter((e) => e.kind === "life")} section="life-events" />
      <h2 className="mt-8 text-2xl font-bold">{t("lifeEvents.business")}</h2>
      <TopicList locale={locale} topics={catalogue.lifeEvents.filter((e) => e.kind === "business")} section="life-events" />
    </>
  );
}
