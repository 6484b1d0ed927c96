import { z } from "zod";

/**
 * The shape of the catalogue data files in db/seed/data/. They are reviewed by people, so the
 * rules are strict and every message says which rule failed. Aligned with CPSV-AP 3 and schema.org
 * GovernmentService (see shared/specs/catalogue.md); field names in brackets below.
 */

const text = z.string().trim().min(1);
/** A text in both languages: Swahili first. */
export const bilingual = z.strictObject({ sw: text, en: text });
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lowercase words joined by hyphens");
const bilingualSlug = z.strictObject({ sw: slug, en: slug });
const httpsUrl = z.url({ protocol: /^https?$/ });
const confidence = z.enum(["HIGH", "MEDIUM-HIGH", "MEDIUM", "LOW-MEDIUM", "LOW"]);

/**
 * What kind of publication a source is, shown to citizens beside the facts it supports
 * ("official site, 2025"; "newspaper, 2021"):
 * - official: the institution's own site, a government portal or an official document it publishes;
 * - law: an Act, regulations or a Government Notice (the Gazette, the laws' site);
 * - mirror: a copy of an official page or document on another host;
 * - news: a newspaper, broadcaster or news site;
 * - blog: a blog, forum, Q&A or aggregator site;
 * - other: anything else (an NGO, a bank, a university study, an international organisation).
 */
export const sourceKinds = ["official", "law", "mirror", "news", "blog", "other"] as const;

export const sourceSchema = z.strictObject({
  url: httpsUrl,
  title: text.optional(),
  /** When the source was published or last updated, as far as it says: YYYY, YYYY-MM or YYYY-MM-DD. */
  date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .optional(),
  confidence,
  kind: z.enum(sourceKinds),
  /** What this source supports and how far to trust it, for reviewers. */
  note: text,
});

export const institutionKinds = [
  "ministry",
  "agency",
  "regulator",
  "fund",
  "public_corporation",
  "regional_secretariat",
  "local_government_authority",
  "zanzibar_institution",
] as const;

export const institutionSchema = z.strictObject({
  slug,
  acronym: text.nullable(),
  name: bilingual,
  kind: z.enum(institutionKinds),
  /** The ministry it answers to (an institution slug), where known. */
  parent: slug.nullable(),
  description: bilingual,
  website: httpsUrl.nullable(),
  phones: z.array(z.string().regex(/^\+?[0-9 ]{6,18}$/)).default([]),
  emails: z.array(z.email()).default([]),
  address: bilingual.nullable().default(null),
  /** GePG service provider code, where the institution collects fees and the code is public. */
  gepgSpCode: text.nullable().default(null),
  /** The official source (one of its sources' urls) of the phones, e-mails and address. */
  contactSource: httpsUrl.nullable().default(null),
  sources: z.array(sourceSchema).default([]),
});

export const taxonomySchema = z.strictObject({
  key: slug,
  slug: bilingualSlug,
  name: bilingual,
  description: bilingual,
});

export const lifeEventSchema = taxonomySchema.extend({
  kind: z.enum(["life", "business"]),
  /**
   * The event's services in the order a person needs them, first steps first, by their English
   * slug. Services of the event not named here follow in alphabetical order.
   */
  serviceOrder: z.array(slug).default([]),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/**
 * The day a person of the institution confirmed this fact in the editorial area (lib/editorial/
 * facts.ts); null while it rests on its public source alone.
 */
const confirmed = { confirmedOn: isoDate.nullable().default(null) };
/** A fact's source: the url of one of the listing's sources. Required for fees, links and times. */
const sourced = { source: httpsUrl, ...confirmed };
const optionallySourced = { source: httpsUrl.nullable().default(null), ...confirmed };

export const feeSchema = z.strictObject({
  /** Major units (shillings, dollars), as the source states them. */
  amount: z.number().nonnegative().multipleOf(0.01),
  currency: z.enum(["TZS", "USD"]),
  label: bilingual,
  /** Paid with a GePG control number. */
  gepg: z.boolean(),
  /** Government Finance Statistics revenue code, where known. */
  gfsCode: z
    .string()
    .regex(/^\d{8}$/)
    .nullable()
    .default(null),
  /** When the source stated this amount: YYYY, YYYY-MM or YYYY-MM-DD; null when the source is undated. */
  asOf: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .nullable(),
  /**
   * Who issues the control number, when the institution does it in a system of its own (eRITA,
   * BRELA's ORS, TRA's offices): its name, how the citizen gets the number there, and a link.
   * Such a fee is never billed by the portal. Null: not recorded; the portal bills it only where
   * the institution has made the portal its billing channel (GEPG_PORTAL_BILLING).
   */
  issuer: z
    .strictObject({
      system: text,
      how: bilingual,
      url: httpsUrl.nullable().default(null),
    })
    .nullable()
    .default(null),
  /** Paid abroad (at an embassy or mission): never billed by the portal. */
  abroad: z.boolean().default(false),
  ...sourced,
});

export const channelSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("online"), url: httpsUrl, label: bilingual, ...sourced }),
  z.strictObject({ kind: z.literal("ussd"), code: z.string().regex(/^\*[0-9*]+#$/), label: bilingual, ...sourced }),
  z.strictObject({ kind: z.literal("sms"), number: z.string().regex(/^[0-9]{3,15}$/), label: bilingual, ...sourced }),
  z.strictObject({ kind: z.literal("app"), label: bilingual, ...optionallySourced }),
  z.strictObject({
    kind: z.literal("office"),
    label: bilingual,
    address: bilingual.nullable().default(null),
    hours: bilingual.nullable().default(null),
    ...optionallySourced,
  }),
  z.strictObject({ kind: z.literal("phone"), number: z.string().regex(/^\+?[0-9 ]{3,18}$/), label: bilingual, ...sourced }),
  z.strictObject({ kind: z.literal("email"), address: z.email(), label: bilingual, ...sourced }),
]);

export const audiences = ["citizens", "residents", "foreigners", "businesses", "institutions"] as const;

export const serviceSchema = z.strictObject({
  slug: bilingualSlug,
  /** The institution that keeps the listing. */
  institution: slug,
  /** The institution that provides the service [hasCompetentAuthority], when it differs. */
  competentAuthority: slug.nullable().default(null),
  categories: z.array(slug).min(1),
  lifeEvents: z.array(slug).default([]),
  audience: z.array(z.enum(audiences)).min(1),
  name: bilingual,
  /** One or two plain sentences: what it is and who it is for. */
  summary: bilingual,
  description: bilingual,
  requirements: z.array(bilingual).default([]),
  documents: z.array(bilingual).default([]),
  steps: z.array(bilingual).default([]),
  outputs: z.array(bilingual).default([]),
  fees: z.array(feeSchema).default([]),
  /** Said about the cost when there is no fixed amount ("free", "depends on the plot"). */
  feeNote: bilingual.nullable().default(null),
  processingTime: z
    .strictObject({
      /** ISO 8601 duration, e.g. P7D; null when the source gives only words. */
      iso: z
        .string()
        .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/)
        .nullable(),
      text: bilingual,
      ...sourced,
    })
    .nullable()
    .default(null),
  channels: z.array(channelSchema).default([]),
  legalBasis: z.array(z.strictObject({ title: text, url: httpsUrl.nullable().default(null) })).default([]),
  keywords: z.strictObject({ sw: z.array(text), en: z.array(text) }),
  /** Shown first on the home page until real use says otherwise. */
  featured: z.boolean().default(false),
  needsReview: z.boolean(),
  /** For reviewers: which facts are unconfirmed and why. */
  reviewNote: text.nullable().default(null),
  /**
   * The day a person of the institution last confirmed the whole listing (publishing it, or "still
   * correct" in the editorial area); null when nobody has. Never the day the data was compiled.
   */
  lastReviewed: isoDate.nullable().default(null),
  sources: z.array(sourceSchema).min(1, "every listing keeps the sources of its facts"),
});

export type InstitutionSeed = z.infer<typeof institutionSchema>;
export type ServiceSeed = z.infer<typeof serviceSchema>;
export type TaxonomySeed = z.infer<typeof taxonomySchema>;
export type LifeEventSeed = z.infer<typeof lifeEventSchema>;
