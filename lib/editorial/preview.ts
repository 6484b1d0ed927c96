import type { Catalogue } from "@/lib/catalogue/catalogue";
import type { Bilingual, CatalogueService, Channel, LegalResource, Source } from "@/lib/catalogue/model";
import type { ListingDocument } from "./document";

/**
 * A version as the public page would show it, built with the same model the public pages use, so
 * that the preview is the public page itself (ServiceView) and not an imitation. A draft may be
 * incomplete: what is missing is shown empty, never invented.
 */
export function previewService(
  doc: ListingDocument,
  catalogue: Catalogue,
  id: string,
  maintenanceNotice: Bilingual | null,
): CatalogueService | null {
  const institution = catalogue.institutionBySlug.get(String(doc.institution ?? ""));
  if (!institution) return null;
  const pair = (value: unknown): Bilingual => {
    const v = (value ?? {}) as Partial<Bilingual>;
    return { sw: typeof v.sw === "string" ? v.sw : "", en: typeof v.en === "string" ? v.en : "" };
  };
  const list = (value: unknown): Bilingual[] => (Array.isArray(value) ? value.map(pair) : []);
  const keys = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  const fees = Array.isArray(doc.fees) ? (doc.fees as Record<string, unknown>[]) : [];
  const processing = doc.processingTime as
    { iso?: string | null; text?: unknown; source?: string | null; confirmedOn?: string | null } | null | undefined;
  return {
    id,
    slug: pair(doc.slug),
    institution,
    competentAuthority: doc.competentAuthority ? (catalogue.institutionBySlug.get(String(doc.competentAuthority)) ?? null) : null,
    categories: keys(doc.categories).flatMap((key) => catalogue.categories.filter((c) => c.key === key)),
    lifeEvents: keys(doc.lifeEvents).flatMap((key) => catalogue.lifeEvents.filter((e) => e.key === key)),
    audience: keys(doc.audience),
    name: pair(doc.name),
    summary: pair(doc.summary),
    description: pair(doc.description),
    requirements: list(doc.requirements),
    documents: list(doc.documents),
    steps: list(doc.steps),
    outputs: list(doc.outputs),
    fees: fees
      .filter((fee) => typeof fee.amount === "number")
      .map((fee) => ({
        amount: (fee.amount as number).toFixed(2),
        currency: String(fee.currency ?? "TZS"),
        label: pair(fee.label),
        gepg: fee.gepg === true,
        gfsCode: typeof fee.gfsCode === "string" ? fee.gfsCode : null,
        issuer: issuerOf(fee.issuer),
        abroad: fee.abroad === true,
        asOf: typeof fee.asOf === "string" ? fee.asOf : null,
        source: String(fee.source ?? ""),
        confirmedOn: typeof fee.confirmedOn === "string" ? fee.confirmedOn : null,
      })),
    feeNote: doc.feeNote ? pair(doc.feeNote) : null,
    processingTime: processing
      ? {
          iso: processing.iso ?? null,
          text: pair(processing.text),
          source: processing.source ?? null,
          confirmedOn: processing.confirmedOn ?? null,
        }
      : null,
    channels: (Array.isArray(doc.channels) ? doc.channels : []) as Channel[],
    legalBasis: (Array.isArray(doc.legalBasis) ? doc.legalBasis : []) as LegalResource[],
    keywords: {
      sw: keys((doc.keywords as { sw?: unknown } | undefined)?.sw),
      en: keys((doc.keywords as { en?: unknown } | undefined)?.en),
    },
    featured: doc.featured === true,
    needsReview: doc.needsReview === true,
    reviewNote: typeof doc.reviewNote === "string" ? doc.reviewNote : null,
    lastReviewedOn: typeof doc.lastReviewed === "string" ? doc.lastReviewed : null,
    maintenanceNotice,
    sources: (Array.isArray(doc.sources) ? doc.sources : []) as Source[],
    updatedAt: new Date(),
  };
}

/** A draft's fee issuer, as far as it is filled in. */
function issuerOf(value: unknown): { system: string; how: { sw: string; en: string }; url: string | null } | null {
  if (!value || typeof value !== "object") return null;
  const issuer = value as { system?: unknown; how?: unknown; url?: unknown };
  if (typeof issuer.system !== "string" || issuer.system === "") return null;
  const how = (issuer.how ?? {}) as { sw?: unknown; en?: unknown };
  return {
    system: issuer.system,
    how: { sw: typeof how.sw === "string" ? how.sw : "", en: typeof how.en === "string" ? how.en : "" },
    url: typeof issuer.url === "string" ? issuer.url : null,
  };
}
