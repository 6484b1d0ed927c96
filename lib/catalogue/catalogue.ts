import type { Locale } from "@/lib/i18n/config";
import { buildSearchIndex, search, textAnswers, type SearchDocument, type SearchIndex } from "@/lib/search/index";
import { intentsOf } from "@/lib/search/intents";
import { buildNameMatcher, namedIn, type NameMatcher } from "@/lib/search/names";
import { situationsIn } from "@/lib/search/situations";
import type { CatalogueRows } from "./load";
import type { CatalogueInstitution, CatalogueService, CatalogueTopic } from "./model";
import { byName, inOrderOfNeed } from "./order";

/**
 * The published catalogue held in memory by each portal process: what every public page, the
 * search and the open-data API read. Rebuilt when the catalogue's version changes.
 */
export type Catalogue = CatalogueRows & {
  serviceById: Map<string, CatalogueService>;
  serviceBySlug: Map<string, { service: CatalogueService; locale: Locale }>;
  institutionBySlug: Map<string, CatalogueInstitution>;
  categoryBySlug: Map<string, { topic: CatalogueTopic; locale: Locale }>;
  lifeEventBySlug: Map<string, { topic: CatalogueTopic; locale: Locale }>;
  servicesOfInstitution: Map<string, CatalogueService[]>;
  servicesOfCategory: Map<string, CatalogueService[]>;
  /** A life event's services in the order a person needs them, the rest by Swahili name (see servicesOfLifeEvent()). */
  servicesOfLifeEvent: Map<string, CatalogueService[]>;
  serviceIndex: SearchIndex;
  institutionIndex: SearchIndex;
  /** Which institutions a query names (by acronym or name): see namedInstitutions(). */
  institutionNames: NameMatcher;
};

function serviceDocument(service: CatalogueService): SearchDocument {
  const { institution } = service;
  const both = (text: { sw: string; en: string }) => `${text.sw} ${text.en}`;
  return {
    key: service.id,
    fields: [
      { text: both(service.name), weight: 10 },
      { text: [...service.keywords.sw, ...service.keywords.en].join(" "), weight: 8 },
      { text: institution.acronym ?? "", weight: 7 },
      { text: both(institution.name), weight: 4 },
      { text: both(service.summary), weight: 3 },
      { text: [...service.categories, ...service.lifeEvents].map((t) => both(t.name)).join(" "), weight: 2 },
      { text: [both(service.description), ...service.outputs.map(both)].join(" "), weight: 1 },
    ],
    exact: [service.name.sw, service.name.en, ...service.keywords.sw, ...service.keywords.en],
    // Featured listings first among equals; a Zanzibar-only one after the Union's or mainland's
    // equal (a query naming Zanzibar finds it by that word).
    boost: service.featured ? 1 : /\bzanzibar\b/i.test(service.name.en) ? -1 : 0,
    intents: intentsOf(both(service.name)),
  };
}

function institutionDocument(institution: CatalogueInstitution): SearchDocument {
  return {
    key: institution.id,
    fields: [
      { text: `${institution.name.sw} ${institution.name.en}`, weight: 10 },
      { text: institution.acronym ?? "", weight: 10 },
      { text: `${institution.description.sw} ${institution.description.en}`, weight: 1 },
    ],
    exact: [institution.name.sw, institution.name.en, ...(institution.acronym ? [institution.acronym] : [])],
  };
}

export function buildCatalogue(rows: CatalogueRows): Catalogue {
  const services = [...rows.services].sort(byName("sw"));
  const index = <K>(list: CatalogueService[], keys: (s: CatalogueService) => K[]) => {
    const map = new Map<K, CatalogueService[]>();
    for (const service of list) for (const key of keys(service)) map.set(key, [...(map.get(key) ?? []), service]);
    return map;
  };
  const bySlug = <T extends { slug: { sw: string; en: string } }>(list: T[]) => {
    const map = new Map<string, { topic: T; locale: Locale }>();
    for (const topic of list) {
      map.set(`sw:${topic.slug.sw}`, { topic, locale: "sw" });
      map.set(`en:${topic.slug.en}`, { topic, locale: "en" });
    }
    return map;
  };
  const serviceBySlug = new Map<string, { service: CatalogueService; locale: Locale }>();
  for (const service of services) {
    serviceBySlug.set(`sw:${service.slug.sw}`, { service, locale: "sw" });
    serviceBySlug.set(`en:${service.slug.en}`, { service, locale: "en" });
  }
  return {
    ...rows,
    services,
    serviceById: new Map(services.map((s) => [s.id, s])),
    serviceBySlug,
    institutionBySlug: new Map(rows.institutions.map((i) => [i.slug, i])),
    categoryBySlug: bySlug(rows.categories),
    lifeEventBySlug: bySlug(rows.lifeEvents),
    servicesOfInstitution: index(services, (s) => [
      s.institution.id,
      ...(s.competentAuthority && s.competentAuthority.id !== s.institution.id ? [s.competentAuthority.id] : []),
    ]),
    servicesOfCategory: index(services, (s) => s.categories.map((c) => c.id)),
    servicesOfLifeEvent: new Map(
      [...index(services, (s) => s.lifeEvents.map((e) => e.id))].map(([id, list]) => [
        id,
        inOrderOfNeed(list, rows.lifeEvents.find((e) => e.id === id)?.serviceOrder ?? [], "sw"),
      ]),
    ),
    serviceIndex: buildSearchIndex(services.map(serviceDocument)),
    institutionIndex: buildSearchIndex(rows.institutions.map(institutionDocument)),
    institutionNames: buildNameMatcher(rows.institutions.map((i) => ({ key: i.id, acronym: i.acronym, names: [i.name.sw, i.name.en] }))),
  };
}

/** A life event's services for a page in this language: in the order a person needs them, the rest by name. */
export function servicesOfLifeEvent(catalogue: Catalogue, event: CatalogueTopic, locale: Locale): CatalogueService[] {
  return inOrderOfNeed(catalogue.servicesOfLifeEvent.get(event.id) ?? [], event.serviceOrder ?? [], locale);
}

/**
 * A service by its address in either language. `canonical` is false when the slug is the
 * other language's, so that the page can send the visitor to this language's address.
 */
export function findService(
  catalogue: Catalogue,
  locale: Locale,
  slug: string,
): { service: CatalogueService; canonical: boolean } | undefined {
  const own = catalogue.serviceBySlug.get(`${locale}:${slug}`);
  if (own) return { service: own.service, canonical: true };
  const other = catalogue.serviceBySlug.get(`${locale === "sw" ? "en" : "sw"}:${slug}`);
  return other ? { service: other.service, canonical: false } : undefined;
}

export function findTopic(
  map: Map<string, { topic: CatalogueTopic; locale: Locale }>,
  locale: Locale,
  slug: string,
): { topic: CatalogueTopic; canonical: boolean } | undefined {
  const own = map.get(`${locale}:${slug}`);
  if (own) return { topic: own.topic, canonical: true };
  const other = map.get(`${locale === "sw" ? "en" : "sw"}:${slug}`);
  return other ? { topic: other.topic, canonical: false } : undefined;
}

// Results end where relevance falls off: below this share of the best score (exact matches stay).
const RELEVANCE_CUTOFF = 0.25;

/**
 * The listings a query asks for, best first. A life situation it speaks of ("mtoto amezaliwa",
 * lib/search/situations.ts) brings its listings in, those it names first, then its life event's
 * in the order a person needs them. `typing`: the last word is still being typed (suggestions).
 */
export function searchServices(
  catalogue: Catalogue,
  query: string,
  limit = 30,
  options: { locale?: Locale; typing?: boolean } = {},
): CatalogueService[] {
  const { rest, found } = situationsIn(query);
  const extra = new Map<string, number>();
  const ordered = new Set<string>();
  const offer = (service: CatalogueService | undefined, strength: number, inOrder = false) => {
    if (!service) return;
    if (inOrder) ordered.add(service.id);
    if (strength > (extra.get(service.id) ?? 0)) extra.set(service.id, strength);
  };
  // An institution the query names brings its listings in.
  for (const institution of namedInstitutions(catalogue, query)) {
    for (const service of catalogue.servicesOfInstitution.get(institution.id) ?? []) offer(service, 0.7);
  }
  for (const situation of found) {
    (situation.services ?? []).forEach((slug, rank) => offer(catalogue.serviceBySlug.get(`en:${slug}`)?.service, 1 - 0.05 * rank, true));
    const event = situation.lifeEvent ? catalogue.lifeEventBySlug.get(`en:${situation.lifeEvent}`)?.topic : undefined;
    if (event) {
      servicesOfLifeEvent(catalogue, event, options.locale ?? "sw").forEach((service, rank) =>
        offer(service, Math.max(0.5, 0.9 - 0.04 * rank), true),
      );
    }
  }
  const hits = search(catalogue.serviceIndex, query, limit, {
    typing: options.typing,
    cutoff: RELEVANCE_CUTOFF,
    extra,
    ordered,
    ...(found.length > 0 ? { matchText: rest } : {}),
  });
  return hits.map((hit) => catalogue.serviceById.get(hit.key)!);
}

export function searchInstitutions(catalogue: Catalogue, query: string, limit = 5): CatalogueInstitution[] {
  const byId = new Map(catalogue.institutions.map((i) => [i.id, i]));
  // Every word must match: an institution is offered only when the query is plainly about it.
  return search(catalogue.institutionIndex, query, limit, { requireAll: true }).map((hit) => byId.get(hit.key)!);
}

/**
 * Names to offer while a query is typed: the listings it finds (in either language, the last word
 * taken as the start of a word), those whose name in the page's language answers it first.
 */
export function suggestServices(catalogue: Catalogue, query: string, locale: Locale, limit = 6): CatalogueService[] {
  const found = searchServices(catalogue, query, 30, { locale, typing: true });
  const own = found.filter((service) => textAnswers(catalogue.serviceIndex, query, service.name[locale]));
  return [...own, ...found.filter((service) => !own.includes(service))].slice(0, limit);
}

/**
 * The institutions a query names, by acronym ("TRA", "brela") or by name ("Mamlaka ya Mapato"),
 * at most `limit`: the results page shows them before the listings. A query about a thing ("TIN")
 * names none.
 */
export function namedInstitutions(catalogue: Catalogue, query: string, limit = 3): CatalogueInstitution[] {
  const byId = new Map(catalogue.institutions.map((i) => [i.id, i]));
  return namedIn(catalogue.institutionNames, query, limit).map((id) => byId.get(id)!);
}

/** The institutions that provide the first of these listings, each once, at most `limit`. */
export function providersOf(services: CatalogueService[], limit = 3): CatalogueInstitution[] {
  const out: CatalogueInstitution[] = [];
  for (const service of services.slice(0, 5)) {
    if (out.length < limit && !out.some((i) => i.id === service.institution.id)) out.push(service.institution);
  }
  return out;
}
