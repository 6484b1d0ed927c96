import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { ServiceList } from "@/components/ServiceList";
import type { CatalogueService, CatalogueTopic } from "@/lib/catalogue/model";
import { pageNumber, TOPIC_PAGE_SIZE } from "@/lib/catalogue/a-to-z";
import { findTopic, servicesOfLifeEvent } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import type { Locale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sharePage } from "@/lib/http/request-context.mjs";

/** A category or a life event: what it is, and its services, thirty to a page in their order. */
export function TopicPage({
  locale,
  topic,
  services,
  parent,
  href,
  number,
}: {
  locale: Locale;
  topic: CatalogueTopic;
  services: CatalogueService[];
  parent: { href: string; label: string };
  /** The topic's address; its later pages add ?page=. */
  href: string;
  number: number;
}) {
  const t = getT(locale, "catalogue");
  const pages = Math.max(1, Math.ceil(services.length / TOPIC_PAGE_SIZE));
  const shown = services.slice((number - 1) * TOPIC_PAGE_SIZE, number * TOPIC_PAGE_SIZE);
  const pageHref = (n: number) => `${href}${n > 1 ? `?page=${n}` : ""}`;
  return (
    <>
      <Breadcrumbs locale={locale} trail={[parent]} />
      <h1 className="text-3xl font-bold leading-tight">{topic.name[locale]}</h1>
      <p className="mt-2 text-lg">{topic.description[locale]}</p>
      <p className="mt-4 text-muted">
        {t("servicesCount", { count: services.length })}
        {pages > 1 ? ` · ${t("topicPages.pageOf", { page: number, pages })}` : ""}
      </p>
      {shown.length > 0 ? <ServiceList locale={locale} services={shown} /> : <p className="mt-2">{t("noServices")}</p>}
      {pages > 1 ? (
        <nav aria-label={t("topicPages.label")} className="mt-6 flex justify-between gap-4">
          {number > 1 ? (
            <a href={pageHref(number - 1)} rel="prev">
              <span aria-hidden="true">← </span>
              {t("topicPages.previous")}
            </a>
          ) : (
            <span />
          )}
          {number < pages ? (
            <a href={pageHref(number + 1)} rel="next">
              {t("topicPages.next")}
              <span aria-hidden="true"> →</span>
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

type TopicRouteProps = { params: Promise<{ locale: string; slug: string }>; searchParams: Promise<{ page?: string | string[] }> };

/** The page and metadata of /categories/[slug] and /life-events/[slug], which differ only in their list. */
export function topicRoute(section: "categories" | "life-events") {
  async function load(props: TopicRouteProps) {
    const { locale: segment, slug } = await props.params;
    const locale = localeFrom(segment);
    const catalogue = await currentCatalogue();
    const bySlug = section === "categories" ? catalogue.categoryBySlug : catalogue.lifeEventBySlug;
    const topic = findTopic(bySlug, locale, decodeURIComponent(slug))?.topic;
    // A life event lists its services in the order a person needs them.
    const services = !topic
      ? []
      : section === "categories"
        ? (catalogue.servicesOfCategory.get(topic.id) ?? [])
        : servicesOfLifeEvent(catalogue, topic, locale);
    return { locale, topic, services };
  }

  async function generateMetadata(props: TopicRouteProps): Promise<Metadata> {
    const { locale, topic } = await load(props);
    if (!topic) return {};
    return {
      title: topic.name[locale],
      description: topic.description[locale],
      alternates: {
        canonical: `/${locale}/${section}/${topic.slug[locale]}`,
        languages: { sw: `/sw/${section}/${topic.slug.sw}`, en: `/en/${section}/${topic.slug.en}` },
      },
    };
  }

  async function Page(props: TopicRouteProps) {
    // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
    sharePage();
    const { locale, topic, services } = await load(props);
    if (!topic) notFound(); // the proxy answers 404 first; see docs/decisions/0002
    const title = getT(locale, "catalogue")(section === "categories" ? "categories.title" : "lifeEvents.title");
    const number = pageNumber((await props.searchParams).page, Math.ceil(services.length / TOPIC_PAGE_SIZE));
    return (
      <TopicPage
        locale={locale}
        topic={topic}
        services={services}
        parent={{ href: `/${locale}/${section}`, label: title }}
        href={`/${locale}/${section}/${topic.slug[locale]}`}
        number={number}
      />
    );
  }

  return { generateMetadata, Page };
}
