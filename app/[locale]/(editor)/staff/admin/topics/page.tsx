import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { ServiceOrderForm } from "@/components/ServiceOrderForm";
import { TopicForm } from "@/components/TopicForm";
import { collator } from "@/lib/catalogue/order";
import { listLifeEventServices, listTopics } from "@/lib/editorial/service";
import type { EventService, TopicValues } from "@/lib/editorial/taxonomy";
import type { Locale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";
import { requireStaff } from "@/lib/staff/auth";
import { saveServiceOrder, saveTopic } from "./actions";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("topics.title"), robots: { index: false } };
}

type Row = {
  id: string;
  key: string;
  kind?: string;
  serviceOrder?: string[];
  slugSw: string;
  slugEn: string;
  nameSw: string;
  nameEn: string;
  descriptionSw: string;
  descriptionEn: string;
};
const valuesOf = (row: Row | null): TopicValues => ({
  key: row?.key ?? "",
  kind: row?.kind ?? "life",
  "slug.sw": row?.slugSw ?? "",
  "slug.en": row?.slugEn ?? "",
  "name.sw": row?.nameSw ?? "",
  "name.en": row?.nameEn ?? "",
  "description.sw": row?.descriptionSw ?? "",
  "description.en": row?.descriptionEn ?? "",
});

/** A life event's services as its public page lists them: numbered in its order, then the rest by name. */
function orderRows(locale: Locale, services: EventService[], order: string[]) {
  const rank = new Map(order.map((id, i) => [id, i]));
  const compare = collator(locale).compare;
  return [...services]
    .sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || compare(a.name[locale], b.name[locale]))
    .map((s, i) => ({ id: s.id, name: s.name[locale], slug: s.slugEn, position: rank.has(s.id) ? String(i + 1) : "" }));
}

/** Sectors and life events, for administrators: change one in place, or add one; order a life event's services. */
export default async function TopicsPage({ params }: Props) {
  const locale = localeFrom((await params).locale);
  const actor = await requireStaff(locale, `/${locale}/staff/admin/topics`);
  const t = getT(locale, "staff");
  if (!can.manageTopics(actor)) {
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("topics.title")}</h1>
        <ProblemNotice title={t("errorSummary")} message={t("problems.forbidden")} />
      </>
    );
  }
  const topics = await listTopics();
  const eventServices = await listLifeEventServices();
  const orderStrings = {
    summary: t("topics.order"),
    hint: t("topics.orderHint"),
    position: t("topics.position"),
    save: t("topics.orderSave"),
  };
  const strings = {
    key: t("topics.key"),
    kind: t("topics.kind"),
    life: t("topics.life"),
    business: t("topics.business"),
    nameSw: `${t("fields.name")} (${t("langs.sw")})`,
    nameEn: `${t("fields.name")} (${t("langs.en")})`,
    slugSw: `${t("fields.slug")} (${t("langs.sw")})`,
    slugEn: `${t("fields.slug")} (${t("langs.en")})`,
    descriptionSw: `${t("fields.description")} (${t("langs.sw")})`,
    descriptionEn: `${t("fields.description")} (${t("langs.en")})`,
    save: t("topics.save"),
    add: t("topics.add"),
  };
  const sections = [
    { topic: "category" as const, title: t("topics.categories"), rows: topics.categories as Row[] },
    { topic: "lifeEvent" as const, title: t("topics.lifeEvents"), rows: topics.lifeEvents as Row[] },
  ];
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("topics.title")}</h1>
      <p className="mt-2">{t("topics.intro")}</p>
      {sections.map((section) => (
        <section key={section.topic} aria-labelledby={`section-${section.topic}`} className="mt-8">
          <h2 id={`section-${section.topic}`} className="text-2xl font-bold">
            {section.title}
          </h2>
          <ul className="mt-3 space-y-2">
            {section.rows.map((row) => (
              <li key={row.key}>
                <TopicForm
                  action={saveTopic}
                  locale={locale}
                  topic={section.topic}
                  existing={row.key}
                  values={valuesOf(row)}
                  strings={strings}
                  summary={locale === "sw" ? row.nameSw : row.nameEn}
                  summaryDetail={row.key}
                  boxClass="border-2 border-gray-400 p-3"
                />
                {section.topic === "lifeEvent" && (eventServices.get(row.id)?.length ?? 0) > 0 ? (
                  <ServiceOrderForm
                    action={saveServiceOrder}
                    locale={locale}
                    event={row.key}
                    services={orderRows(locale, eventServices.get(row.id)!, row.serviceOrder ?? [])}
                    strings={orderStrings}
                  />
                ) : null}
              </li>
            ))}
          </ul>
          <TopicForm
            action={saveTopic}
            locale={locale}
            topic={section.topic}
            existing={null}
            values={valuesOf(null)}
            strings={strings}
            summary={t("topics.addTitle")}
            boxClass="mt-3 border-2 border-ink p-3"
          />
        </section>
      ))}
    </>
  );
}
