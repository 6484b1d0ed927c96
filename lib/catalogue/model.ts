import type { Bilingual, Channel, LegalResource, Source } from "@/db/schema";

export type { Bilingual, Channel, LegalResource, Source };

export type CatalogueInstitution = {
  id: string;
  slug: string;
  acronym: string | null;
  name: Bilingual;
  kind: string;
  parentId: string | null;
  description: Bilingual;
  website: string | null;
  phones: string[];
  emails: string[];
  address: Bilingual | null;
};

export type CatalogueTopic = {
  id: string;
  key: string;
  slug: Bilingual;
  name: Bilingual;
  description: Bilingual;
  kind?: "life" | "business";
  /** Life events: ids of their services in the order a person needs them (see lib/catalogue/order.ts). */
  serviceOrder?: string[];
};

export type CatalogueFee = {
  /** Exact decimal string in major units, e.g. "8000.00". */
  amount: string;
  currency: string;
  label: Bilingual;
  gepg: boolean;
  gfsCode: string | null;
  asOf: string | null;
  /** The institution's own system that issues the control number, when it has one. */
  issuer: { system: string; how: Bilingual; url: string | null } | null;
  abroad: boolean;
  source: string;
  /** The day a person of the institution confirmed the amount; null while it rests on its source. */
  confirmedOn: string | null;
};

export type CatalogueService = {
  id: string;
  slug: Bilingual;
  institution: CatalogueInstitution;
  competentAuthority: CatalogueInstitution | null;
  categories: CatalogueTopic[];
  lifeEvents: CatalogueTopic[];
  audience: string[];
  name: Bilingual;
  summary: Bilingual;
  description: Bilingual;
  requirements: Bilingual[];
  documents: Bilingual[];
  steps: Bilingual[];
  outputs: Bilingual[];
  fees: CatalogueFee[];
  feeNote: Bilingual | null;
  processingTime: { iso: string | null; text: Bilingual; source: string | null; confirmedOn: string | null } | null;
  channels: Channel[];
  legalBasis: LegalResource[];
  keywords: { sw: string[]; en: string[] };
  featured: boolean;
  needsReview: boolean;
  /** For reviewers: which facts are unconfirmed and why (English, from the data or the editor). */
  reviewNote: string | null;
  /** The day a person of the institution last confirmed the listing; null when nobody has. */
  lastReviewedOn: string | null;
  maintenanceNotice: Bilingual | null;
  sources: Source[];
  updatedAt: Date;
};
