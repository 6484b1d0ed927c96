import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  institutionSchema,
  lifeEventSchema,
  serviceSchema,
  taxonomySchema,
  type InstitutionSeed,
  type LifeEventSeed,
  type ServiceSeed,
  type TaxonomySeed,
} from "./catalogue-schema";

/**
 * Reads every catalogue data file and checks it, alone and against the others: references to
 * institutions, categories and life events exist; slugs are unique; every fact names one of its
 * listing's sources; a listing whose fee, link or time rests on a weak source is marked for review;
 * a life event's order of services names only services of that event, once each.
 */

export type CatalogueData = {
  institutions: InstitutionSeed[];
  categories: TaxonomySeed[];
  lifeEvents: LifeEventSeed[];
  services: (ServiceSeed & { file: string })[];
};

export class CatalogueDataError extends Error {
  override name = "CatalogueDataError";
  constructor(readonly problems: string[]) {
    super(`The catalogue data files have ${problems.length} problem(s):\n${problems.slice(0, 50).join("\n")}`);
  }
}

function jsonFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => path.join(dir, name));
}

function readArray<T>(file: string, schema: z.ZodType<T>, problems: string[]): T[] {
  const where = path.relative(process.cwd(), file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    problems.push(`${where}: not valid JSON (${(error as Error).message})`);
    return [];
  }
  if (!Array.isArray(raw)) {
    problems.push(`${where}: must hold a JSON array`);
    return [];
  }
  const rows: T[] = [];
  raw.forEach((item, index) => {
    const result = schema.safeParse(item);
    const label = (item as { slug?: unknown })?.slug;
    const name = typeof label === "string" ? label : JSON.stringify(label ?? index);
    if (result.success) rows.push(result.data);
    else for (const issue of result.error.issues) problems.push(`${where} [${index}] ${name}: ${issue.path.join(".")}: ${issue.message}`);
  });
  return rows;
}

const weak = new Set(["LOW", "LOW-MEDIUM", "MEDIUM"]);

export function readCatalogueData(dir: string): CatalogueData {
  const problems: string[] = [];
  const institutions = jsonFiles(path.join(dir, "institutions")).flatMap((f) => readArray(f, institutionSchema, problems));
  const categories = readArray(path.join(dir, "categories.json"), taxonomySchema, problems);
  const lifeEvents = readArray(path.join(dir, "life-events.json"), lifeEventSchema, problems);
  const services = jsonFiles(path.join(dir, "services")).flatMap((file) =>
    readArray(file, serviceSchema, problems).map((service) => ({ ...service, file: path.basename(file) })),
  );

  const unique = (what: string, values: string[]) => {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) problems.push(`${what} "${value}" is used more than once`);
      seen.add(value);
    }
  };
  unique(
    "institution slug",
    institutions.map((i) => i.slug),
  );
  unique(
    "category key",
    categories.map((c) => c.key),
  );
  unique(
    "life event key",
    lifeEvents.map((e) => e.key),
  );
  for (const language of ["sw", "en"] as const) {
    unique(
      `service slug (${language})`,
      services.map((s) => s.slug[language]),
    );
    unique(
      `category slug (${language})`,
      categories.map((c) => c.slug[language]),
    );
    unique(
      `life event slug (${language})`,
      lifeEvents.map((e) => e.slug[language]),
    );
  }

  const institutionBySlug = new Map(institutions.map((i) => [i.slug, i]));
  for (const institution of institutions) {
    const at = `institution ${institution.slug}`;
    if (institution.parent && institutionBySlug.get(institution.parent)?.kind !== "ministry") {
      problems.push(`${at}: parent "${institution.parent}" is not a ministry in the data`);
    }
    // A phone, e-mail or address a citizen will use comes from the institution itself.
    const hasContacts = institution.phones.length > 0 || institution.emails.length > 0 || institution.address !== null;
    const contactSource = institution.sources.find((s) => s.url === institution.contactSource);
    if (institution.contactSource && !contactSource) problems.push(`${at}: contactSource is not one of its sources`);
    else if (hasContacts && contactSource?.kind !== "official") {
      problems.push(`${at}: phones, e-mails and address need a contactSource of kind "official"`);
    }
  }
  const categoryKeys = new Set(categories.map((c) => c.key));
  const lifeEventKeys = new Set(lifeEvents.map((e) => e.key));

  for (const service of services) {
    const at = `${service.file} ${service.slug.en}`;
    for (const ref of [service.institution, service.competentAuthority]) {
      if (ref && !institutionBySlug.has(ref)) problems.push(`${at}: unknown institution "${ref}"`);
    }
    for (const key of service.categories) if (!categoryKeys.has(key)) problems.push(`${at}: unknown category "${key}"`);
    for (const key of service.lifeEvents) if (!lifeEventKeys.has(key)) problems.push(`${at}: unknown life event "${key}"`);

    const sources = new Map(service.sources.map((s) => [s.url, s]));
    const facts: { what: string; source: string | null }[] = [
      ...service.fees.map((fee, i) => ({ what: `fees.${i}`, source: fee.source })),
      ...service.channels.map((channel, i) => ({ what: `channels.${i}`, source: channel.source })),
      ...(service.processingTime ? [{ what: "processingTime", source: service.processingTime.source }] : []),
    ];
    for (const fact of facts) {
      if (fact.source && !sources.has(fact.source)) {
        problems.push(`${at}: ${fact.what}.source is not one of the listing's sources`);
      }
    }
    for (const [i, channel] of service.channels.entries()) {
      if ((channel.kind === "phone" || channel.kind === "email") && sources.get(channel.source)?.kind !== "official") {
        problems.push(`${at}: channels.${i} (a ${channel.kind}) must come from a source of kind "official"`);
      }
    }
    const rests = facts.filter((f) => f.source && weak.has(sources.get(f.source)?.confidence ?? ""));
    if (rests.length > 0 && !service.needsReview) {
      problems.push(`${at}: ${rests.map((f) => f.what).join(", ")} rest on a source below MEDIUM-HIGH: set needsReview`);
    }
    if (service.needsReview && !service.reviewNote) problems.push(`${at}: needsReview needs a reviewNote saying what to check`);
  }

  problems.push(...conflictingFees(services));

  const servicesBySlug = new Map(services.map((s) => [s.slug.en, s]));
  for (const event of lifeEvents) {
    const seen = new Set<string>();
    for (const slug of event.serviceOrder) {
      const at = `life event ${event.key}: serviceOrder`;
      if (seen.has(slug)) problems.push(`${at} names "${slug}" more than once`);
      seen.add(slug);
      const service = servicesBySlug.get(slug);
      if (!service) problems.push(`${at} names "${slug}", which is no service's English slug`);
      else if (!service.lifeEvents.includes(event.key)) problems.push(`${at} names "${slug}", which does not list this life event`);
    }
  }

  if (problems.length > 0) throw new CatalogueDataError(problems);
  return { institutions, categories, lifeEvents, services };
}

/** A fee's label reduced to its words, so that "Application fee (new)" and "application fee – new" meet. */
const feeKey = (label: string) =>
  label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/**
 * The same fee stated twice with different amounts: by the same institution under the same label
 * (in English or Swahili) or under the same revenue code, in two listings (the property-tax rate
 * from 2021 in one listing and from 2025 in another). A citizen cannot tell which is current, so
 * the data must say one thing. Fees of one listing may differ (new and renewal); they are not
 * compared with each other.
 */
export function conflictingFees(services: readonly (ServiceSeed & { file?: string })[]): string[] {
  type Seen = { slug: string; amount: number; currency: string };
  const byKey = new Map<string, Seen[]>();
  for (const service of services) {
    const authority = service.competentAuthority ?? service.institution;
    for (const fee of service.fees) {
      const keys = new Set([`${authority} label:${feeKey(fee.label.en)}`, `${authority} label:${feeKey(fee.label.sw)}`]);
      if (fee.gfsCode) keys.add(`gfs:${fee.gfsCode}`);
      for (const key of keys) {
        const seen = byKey.get(key) ?? [];
        seen.push({ slug: service.slug.en, amount: fee.amount, currency: fee.currency });
        byKey.set(key, seen);
      }
    }
  }
  const problems = new Map<string, string>();
  for (const [key, seen] of byKey) {
    const slugs = new Set(seen.map((s) => s.slug));
    if (slugs.size < 2) continue;
    const stated = new Set(seen.map((s) => `${s.currency} ${s.amount}`));
    if (stated.size < 2) continue;
    const where = [...slugs].map(
      (slug) =>
        `${slug} (${seen
          .filter((s) => s.slug === slug)
          .map((s) => `${s.currency} ${s.amount}`)
          .join(", ")})`,
    );
    // Once per pair of statements, though the label matched in both languages.
    const statements = where.join(" vs ");
    if (!problems.has(statements)) problems.set(statements, `conflicting fee "${key.replace(/^.*?label:|^gfs:/, "")}": ${statements}`);
  }
  return [...problems.values()];
}

/**
 * What the catalogue must cover before it is published (checked by `npm run catalogue:check`,
 * not by every read, so that small test catalogues stay small): every ministry has listings of
 * its own.
 */
export function coverageProblems(data: Pick<CatalogueData, "institutions" | "services">): string[] {
  return data.institutions
    .filter((i) => i.kind === "ministry" && !data.services.some((s) => s.institution === i.slug))
    .map((i) => `institution ${i.slug}: a ministry with no listing of its own`);
}
