import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db";
import {
  catalogueVersion,
  categories,
  institutions,
  lifeEvents,
  serviceCategories,
  serviceFees,
  serviceLifeEvents,
  services,
} from "@/db/schema";
import type { CatalogueFee, CatalogueInstitution, CatalogueService, CatalogueTopic } from "./model";

export type CatalogueRows = {
  version: number;
  institutions: CatalogueInstitution[];
  categories: CatalogueTopic[];
  lifeEvents: CatalogueTopic[];
  services: CatalogueService[];
};

/** An institution by its slug, whether or not it has published listings (staff pick institutions by slug). */
export async function findInstitutionBySlug(db: Pick<Database, "select">, slug: string): Promise<{ id: string; slug: string } | undefined> {
  // A slug is lowercase words joined by hyphens (the catalogue's schema); anything else names no
  // institution, and is never put to PostgreSQL, which refuses a NUL in text (issue 21: a 500).
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return undefined;
  const [institution] = await db
    .select({ id: institutions.id, slug: institutions.slug })
    .from(institutions)
    .where(eq(institutions.slug, slug));
  return institution;
}

export async function readCatalogueVersion(db: Database): Promise<number> {
  const [row] = await db.select({ version: catalogueVersion.version }).from(catalogueVersion).limit(1);
  return row?.version ?? 0;
}

function groupBy<T, V>(rows: T[], key: (row: T) => string, value: (row: T) => V | undefined): Map<string, V[]> {
  const map = new Map<string, V[]>();
  for (const row of rows) {
    const v = value(row);
    if (v === undefined) continue;
    const list = map.get(key(row));
    if (list) list.push(v);
    else map.set(key(row), [v]);
  }
  return map;
}

/** Everything the public sees of the catalogue: published listings with what they refer to. */
export async function loadCatalogueRows(db: Database): Promise<CatalogueRows> {
  const version = await readCatalogueVersion(db);
  // One query after another: PGlite has one connection, and on PostgreSQL these are quick.
  const institutionRows = await db.select().from(institutions).orderBy(asc(institutions.nameSw));
  const categoryRows = await db.select().from(categories).orderBy(asc(categories.position));
  const eventRows = await db.select().from(lifeEvents).orderBy(asc(lifeEvents.position));
  const serviceRows = await db.select().from(services).where(eq(services.status, "published"));
  const categoryLinks = await db.select().from(serviceCategories);
  const eventLinks = await db.select().from(serviceLifeEvents);
  const feeRows = await db.select().from(serviceFees).orderBy(asc(serviceFees.position));

  const institutionById = new Map<string, CatalogueInstitution>(
    institutionRows.map((row) => [
      row.id,
      {
        id: row.id,
        slug: row.slug,
        acronym: row.acronym,
        name: { sw: row.nameSw, en: row.nameEn },
        kind: row.kind,
        parentId: row.parentId,
        description: { sw: row.descriptionSw, en: row.descriptionEn },
        website: row.website,
        phones: row.phones,
        emails: row.emails,
        address: row.address ?? null,
      },
    ]),
  );
  const categoryById = new Map<string, CatalogueTopic>(
    categoryRows.map((row) => [
      row.id,
      {
        id: row.id,
        key: row.key,
        slug: { sw: row.slugSw, en: row.slugEn },
        name: { sw: row.nameSw, en: row.nameEn },
        description: { sw: row.descriptionSw, en: row.descriptionEn },
      },
    ]),
  );
  const eventById = new Map<string, CatalogueTopic>(
    eventRows.map((row) => [
      row.id,
      {
        id: row.id,
        key: row.key,
        kind: row.kind,
        slug: { sw: row.slugSw, en: row.slugEn },
        name: { sw: row.nameSw, en: row.nameEn },
        description: { sw: row.descriptionSw, en: row.descriptionEn },
        serviceOrder: row.serviceOrder,
      },
    ]),
  );
  const categoriesOf = groupBy(
    categoryLinks,
    (l) => l.serviceId,
    (l) => categoryById.get(l.categoryId),
  );
  const eventsOf = groupBy(
    eventLinks,
    (l) => l.serviceId,
    (l) => eventById.get(l.lifeEventId),
  );
  const feesOf = groupBy(
    feeRows,
    (f) => f.serviceId,
    (f): CatalogueFee => ({
      amount: f.amount,
      currency: f.currency,
      label: { sw: f.labelSw, en: f.labelEn },
      gepg: f.gepg,
      gfsCode: f.gfsCode,
      asOf: f.asOf,
      issuer: f.issuerSystem
        ? { system: f.issuerSystem, how: { sw: f.issuerHowSw ?? "", en: f.issuerHowEn ?? "" }, url: f.issuerUrl }
        : null,
      abroad: f.abroad,
      source: f.source,
      confirmedOn: f.confirmedOn,
    }),
  );

  const catalogueServices: CatalogueService[] = serviceRows.map((row) => ({
    id: row.id,
    slug: { sw: row.slugSw, en: row.slugEn },
    institution: institutionById.get(row.institutionId)!,
    competentAuthority: row.competentAuthorityId ? (institutionById.get(row.competentAuthorityId) ?? null) : null,
    categories: categoriesOf.get(row.id) ?? [],
    lifeEvents: eventsOf.get(row.id) ?? [],
    audience: row.audience,
    name: { sw: row.nameSw, en: row.nameEn },
    summary: { sw: row.summarySw, en: row.summaryEn },
    description: { sw: row.descriptionSw, en: row.descriptionEn },
    requirements: row.requirements,
    documents: row.documents,
    steps: row.steps,
    outputs: row.outputs,
    fees: feesOf.get(row.id) ?? [],
    feeNote: row.feeNote ?? null,
    processingTime: row.processingTime
      ? {
          iso: row.processingTimeIso,
          text: row.processingTime,
          source: row.processingTimeSource,
          confirmedOn: row.processingTimeConfirmedOn,
        }
      : null,
    channels: row.channels,
    legalBasis: row.legalBasis,
    keywords: { sw: row.keywordsSw, en: row.keywordsEn },
    featured: row.featured,
    needsReview: row.needsReview,
    reviewNote: row.reviewNote,
    lastReviewedOn: row.lastReviewedOn,
    maintenanceNotice: row.maintenanceNotice ?? null,
    sources: row.sources,
    updatedAt: row.updatedAt,
  }));

  return {
    version,
    institutions: [...institutionById.values()],
    categories: [...categoryById.values()],
    lifeEvents: [...eventById.values()],
    services: catalogueServices,
  };
}
