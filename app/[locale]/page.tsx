import { SearchForm } from "@/components/SearchForm";
import { TopicList } from "@/components/TopicList";
import { currentCatalogue } from "@/lib/catalogue/current";
import { mostUsedServices } from "@/lib/catalogue/usage";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string }> };

export default async function HomePage({ params }: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "home");
  const catalogue = await currentCatalogue();
  const popular = await mostUsedServices(catalogue, locale);
  const lifeEvents = catalogue.lifeEvents.filter((e) => e.kind === "life");
  const businessEvents = catalogue.lifeEvents.filter((e) => e.kind === "business");
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("title")}</h1>
      <p className="mt-2 text-lg">{t("intro")}</p>
      <SearchForm locale={locale} large />

      {popular.length > 0 ? (
        <section aria-labelledby="popular" className="mt-8">
          <h2 id="popular" className="text-2xl font-bold">
            {t("mostUsed")}
          </h2>
          <ul className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-2">
            {popular.map((service) => (
              <li key={service.id}>
                <a href={`/${locale}/services/${service.slug[locale]}`} className="font-semibold">
                  {service.name[locale]}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="mt-8">{t("empty")}</p>
      )}

      <section aria-labelledby="events" className="mt-8">
        <h2 id="events" className="text-2xl font-bold">
          {t("lifeEvents")}
        </h2>
        <TopicList locale={locale} topics={lifeEvents} section="life-events" compact />
        <TopicList locale={locale} topics={businessEvents} section="life-events" compact />
        <p className="mt-3">
          <a href={`/${locale}/life-events`}>{t("allLifeEvents")}</a>
        </p>
      </section>

      <section aria-labelledby="sectors" className="mt-8">
        <h2 id="sectors" className="text-2xl font-bold">
          {t("categories")}
        </h2>
        <TopicList locale={locale} topics={catalogue.categories} section="categories" compact />
        <ul className="mt-4 space-y-1">
          <li>
            <a href={`/${locale}/institutions`}>{t("institutions")}</a>
          </li>
          <li>
            <a href={`/${locale}/services`}>{t("allServices")}</a>
          </li>
        </ul>
      </section>
    </>
  );
}
