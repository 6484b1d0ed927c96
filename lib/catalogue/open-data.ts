import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Catalogue } from "./catalogue";
import { factTrust, listingFacts, type FactTrust } from "./trust";
import { tanzaniaDay } from "./usage";
import type { CatalogueInstitution, CatalogueService, CatalogueTopic } from "./model";
import { sharePage } from "@/lib/http/request-context.mjs";

/**
 * The open-data API's JSON: stable field names in English, texts in both languages, paginated,
 * with ETags that change when the catalogue changes.
 */

/** A fact's standing in the open data: who confirmed it, or its source's kind and date, and its marks. */
function trustJson(trust: FactTrust, source: string | null) {
  return trust.state === "confirmed"
    ? { confirmedOn: trust.on, source, sourceKind: null, sourceDate: null, confidence: null, unconfirmed: false, old: false }
    : {
        confirmedOn: null,
        source,
        sourceKind: trust.kind,
        sourceDate: trust.date,
        confidence: trust.confidence,
        unconfirmed: trust.unconfirmed,
        old: trust.old,
      };
}

export function serviceJson(base: string, service: CatalogueService, today = tanzaniaDay(new Date())) {
  const facts = new Map(listingFacts(service).map((fact) => [fact.key, trustJson(factTrust(fact, service.sources, today), fact.source)]));
  return {
    id: service.id,
    slug: service.slug,
    url: { sw: `${base}/sw/services/${service.slug.sw}`, en: `${base}/en/services/${service.slug.en}` },
    name: service.name,
    summary: service.summary,
    description: service.description,
    institution: service.institution.slug,
    competentAuthority: (service.competentAuthority ?? service.institution).slug,
    categories: service.categories.map((c) => c.key),
    lifeEvents: service.lifeEvents.map((e) => e.key),
    audience: service.audience,
    requirements: service.requirements,
    documents: service.documents,
    steps: service.steps,
    outputs: service.outputs,
    fees: service.fees.map((fee, i) => ({ ...fee, trust: facts.get(`fee:${i}`) })),
    feeNote: service.feeNote,
    processingTime: service.processingTime ? { ...service.processingTime, trust: facts.get("time") } : null,
    channels: service.channels.map((channel, i) => ({ ...channel, trust: facts.get(`channel:${i}`) })),
    legalBasis: service.legalBasis,
    keywords: service.keywords,
    needsReview: service.needsReview,
    reviewNote: service.reviewNote,
    lastReviewedOn: service.lastReviewedOn,
    maintenanceNotice: service.maintenanceNotice,
    sources: service.sources,
    updatedAt: service.updatedAt.toISOString(),
  };
}

export function institutionJson(base: string, institution: CatalogueInstitution, catalogue: Catalogue) {
  const parent = institution.parentId ? catalogue.institutions.find((i) => i.id === institution.parentId) : undefined;
  return {
    slug: institution.slug,
    acronym: institution.acronym,
    name: institution.name,
    kind: institution.kind,
    parent: parent?.slug ?? null,
    description: institution.description,
    website: institution.website,
    phones: institution.phones,
    emails: institution.emails,
    address: institution.address,
    url: { sw: `${base}/sw/institutions/${institution.slug}`, en: `${base}/en/institutions/${institution.slug}` },
    services: (catalogue.servicesOfInstitution.get(institution.id) ?? []).map((s) => s.id),
  };
}

export function topicJson(base: string, section: "categories" | "life-events", topic: CatalogueTopic, services: CatalogueService[]) {
  return {
    key: topic.key,
    ...(topic.kind ? { kind: topic.kind } : {}),
    slug: topic.slug,
    name: topic.name,
    description: topic.description,
    url: { sw: `${base}/sw/${section}/${topic.slug.sw}`, en: `${base}/en/${section}/${topic.slug.en}` },
    services: services.map((s) => s.id),
  };
}

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
});

export function paginate<T>(items: T[], url: URL, page: number, perPage: number) {
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const link = (n: number) => {
    const next = new URL(url);
    next.searchParams.set("page", String(n));
    next.searchParams.set("per_page", String(perPage));
    return `${next.pathname}${next.search}`;
  };
  return {
    data: items.slice((page - 1) * perPage, page * perPage),
    meta: { page, perPage, total, totalPages },
    links: {
      self: link(page),
      first: link(1),
      last: link(totalPages),
      next: page < totalPages ? link(page + 1) : null,
      prev: page > 1 ? link(page - 1) : null,
    },
  };
}

/**
 * A JSON answer with a strong ETag and caching: 304 when the client already has it. Public,
 * five minutes fresh, then served stale for an hour while revalidating.
 */
export function jsonWithEtag(request: Request, body: unknown, contentType = "application/json; charset=utf-8"): Response {
  // Open data is the published catalogue as JSON: the same for everyone until the catalogue or the day changes.
  sharePage();
  const text = JSON.stringify(body);
  const etag = `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`;
  const headers = {
    "Content-Type": contentType,
    ETag: etag,
    "Cache-Control": "public, max-age=300, stale-while-revalidate=3600",
    "Access-Control-Allow-Origin": "*",
    Vary: "Accept-Encoding",
  };
  const presented = request.headers.get("if-none-match");
  if (
    presented &&
    presented
      .split(",")
      .map((v) => v.trim().replace(/^W\//, ""))
      .includes(etag)
  ) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(text, { status: 200, headers });
}

export function badRequest(message: string): Response {
  return Response.json({ error: message }, { status: 400, headers: { "Cache-Control": "no-store" } });
}

/** A paginated list answer: bad paging is a 400, the page is sent with its ETag. */
export function pagedList<T>(request: Request, items: T[], toJson: (item: T) => unknown): Response {
  const url = new URL(request.url);
  const paging = pageQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!paging.success) return badRequest("page must be 1 or more; per_page from 1 to 200");
  const page = paginate(items, url, paging.data.page, paging.data.per_page);
  return jsonWithEtag(request, { ...page, data: page.data.map(toJson) });
}
