import type { Catalogue } from "./catalogue";
import type { CatalogueInstitution, CatalogueService } from "./model";
import type { Locale } from "@/lib/i18n/config";

/**
 * Machine-readable forms of the catalogue: schema.org GovernmentService on each service page
 * (for search engines) and a CPSV-AP 3 JSON-LD export of the whole catalogue (for open data).
 */

const langStrings = (text: { sw: string; en: string }) => [
  { "@language": "sw", "@value": text.sw },
  { "@language": "en", "@value": text.en },
];

export function serviceUrl(base: string, locale: Locale, service: CatalogueService): string {
  return `${base}/${locale}/services/${service.slug[locale]}`;
}

export function governmentServiceJsonLd(base: string, locale: Locale, service: CatalogueService) {
  const provider = service.competentAuthority ?? service.institution;
  return {
    "@context": "https://schema.org",
    "@type": "GovernmentService",
    "@id": serviceUrl(base, locale, service),
    url: serviceUrl(base, locale, service),
    name: service.name[locale],
    description: service.summary[locale],
    inLanguage: locale,
    areaServed: { "@type": "Country", name: "Tanzania" },
    serviceType: service.categories.map((c) => c.name[locale]),
    provider: {
      "@type": "GovernmentOrganization",
      name: provider.name[locale],
      ...(provider.acronym ? { alternateName: provider.acronym } : {}),
      ...(provider.website ? { url: provider.website } : {}),
    },
    audience: service.audience.map((a) => ({ "@type": "Audience", audienceType: a })),
    ...(service.fees.length
      ? {
          offers: service.fees.map((fee) => ({
            "@type": "Offer",
            price: fee.amount,
            priceCurrency: fee.currency,
            description: fee.label[locale],
          })),
        }
      : {}),
    availableChannel: service.channels.flatMap((channel) => {
      switch (channel.kind) {
        case "online":
          return [{ "@type": "ServiceChannel", name: channel.label[locale], serviceUrl: channel.url }];
        case "phone":
          return [{ "@type": "ServiceChannel", name: channel.label[locale], servicePhone: channel.number }];
        case "office":
          return [{ "@type": "ServiceChannel", name: channel.label[locale] }];
        default:
          return [];
      }
    }),
    dateModified: service.updatedAt.toISOString(),
  };
}

function organisation(base: string, institution: CatalogueInstitution) {
  return {
    "@id": `${base}/en/institutions/${institution.slug}`,
    "@type": "m8g:PublicOrganisation",
    "skos:prefLabel": langStrings(institution.name),
    ...(institution.acronym ? { "skos:altLabel": institution.acronym } : {}),
    ...(institution.website ? { "foaf:homepage": institution.website } : {}),
  };
}

const channelTypes: Record<string, string> = {
  online: "Website",
  ussd: "Mobile",
  sms: "Mobile",
  app: "Mobile app",
  office: "Office",
  phone: "Telephone",
  email: "E-mail",
};

/** The whole published catalogue as CPSV-AP 3 JSON-LD. */
export function cpsvApExport(base: string, catalogue: Catalogue) {
  const used = new Map<string, CatalogueInstitution>();
  for (const s of catalogue.services) {
    used.set(s.institution.id, s.institution);
    if (s.competentAuthority) used.set(s.competentAuthority.id, s.competentAuthority);
  }
  return {
    "@context": {
      cpsv: "http://purl.org/vocab/cpsv#",
      m8g: "http://data.europa.eu/m8g/",
      dct: "http://purl.org/dc/terms/",
      dcat: "http://www.w3.org/ns/dcat#",
      skos: "http://www.w3.org/2004/02/skos/core#",
      foaf: "http://xmlns.com/foaf/0.1/",
      eli: "http://data.europa.eu/eli/ontology#",
      xsd: "http://www.w3.org/2001/XMLSchema#",
    },
    "@graph": [
      ...[...used.values()].map((i) => organisation(base, i)),
      ...[...catalogue.categories, ...catalogue.lifeEvents].map((topic) => ({
        "@id": `${base}/en/${topic.kind ? "life-events" : "categories"}/${topic.slug.en}`,
        "@type": topic.kind === "business" ? "m8g:BusinessEvent" : topic.kind === "life" ? "m8g:LifeEvent" : "skos:Concept",
        "dct:title": langStrings(topic.name),
        "dct:description": langStrings(topic.description),
      })),
      ...catalogue.services.map((service) => ({
        "@id": serviceUrl(base, "en", service),
        "@type": "cpsv:PublicService",
        "dct:identifier": service.id,
        "dct:title": langStrings(service.name),
        "dct:description": langStrings(service.description),
        "dcat:keyword": [
          ...service.keywords.sw.map((k) => ({ "@language": "sw", "@value": k })),
          ...service.keywords.en.map((k) => ({ "@language": "en", "@value": k })),
        ],
        "m8g:hasCompetentAuthority": { "@id": organisation(base, service.competentAuthority ?? service.institution)["@id"] },
        "m8g:sector": service.categories.map((c) => ({ "@id": `${base}/en/categories/${c.slug.en}` })),
        "m8g:isGroupedBy": service.lifeEvents.map((e) => ({ "@id": `${base}/en/life-events/${e.slug.en}` })),
        "m8g:hasInput": [...service.requirements, ...service.documents].map((item) => ({
          "@type": "m8g:Evidence",
          "dct:title": langStrings(item),
        })),
        "cpsv:produces": service.outputs.map((item) => ({ "@type": "m8g:Output", "dct:title": langStrings(item) })),
        "m8g:hasCost": service.fees.map((fee) => ({
          "@type": "m8g:Cost",
          "m8g:value": { "@value": fee.amount, "@type": "xsd:decimal" },
          "m8g:currency": fee.currency,
          "dct:description": langStrings(fee.label),
        })),
        ...(service.processingTime?.iso ? { "m8g:processingTime": { "@value": service.processingTime.iso, "@type": "xsd:duration" } } : {}),
        "m8g:hasChannel": service.channels.map((channel) => ({
          "@type": "m8g:Channel",
          "dct:type": channelTypes[channel.kind],
          "dct:title": langStrings(channel.label),
          ...(channel.kind === "online" ? { "m8g:hasURL": channel.url } : {}),
        })),
        "m8g:hasLegalResource": service.legalBasis.map((law) => ({
          "@type": "eli:LegalResource",
          "dct:title": law.title,
          ...(law.url ? { "foaf:page": law.url } : {}),
        })),
        "dct:modified": { "@value": service.updatedAt.toISOString(), "@type": "xsd:dateTime" },
      })),
    ],
  };
}
