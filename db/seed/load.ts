import { eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client";
import {
  catalogueVersion,
  categories,
  institutions,
  lifeEvents,
  serviceCategories,
  serviceFees,
  serviceLifeEvents,
  services,
} from "../schema";
import type { ServiceSeed } from "./catalogue-schema";
import type { CatalogueData } from "./data-files";

export type SeedSummary = { institutions: number; categories: number; lifeEvents: number; services: number };

/** Marks the catalogue as changed, so every portal process reloads its in-memory copy. */
export async function bumpCatalogueVersion(db: Pick<Database, "insert">): Promise<void> {
  await db
    .insert(catalogueVersion)
    .values({ id: 1, version: 1 })
    .onConflictDoUpdate({
      target: catalogueVersion.id,
      set: { version: sql`${catalogueVersion.version} + 1`, changedAt: sql`now()` },
    });
}

/**
 * Loads the catalogue data files in one transaction: all of it or none. Running it again
 * updates the same rows (institutions by slug, taxonomy by key, services by English slug).
 */
export async function seedCatalogue(db: Database, data: CatalogueData): Promise<SeedSummary> {
  await db.transaction(async (tx) => {
    const now = sql`now()`;
    const institutionIds = new Map<string, string>();
    for (const row of data.institutions) {
      const values = {
        slug: row.slug,
        acronym: row.acronym,
        nameSw: row.name.sw,
        nameEn: row.name.en,
        kind: row.kind,
        descriptionSw: row.description.sw,
        descriptionEn: row.description.en,
        website: row.website,
        phones: row.phones,
        emails: row.emails,
        address: row.address,
        gepgSpCode: row.gepgSpCode,
        sources: row.sources,
      };
      const [saved] = await tx
        .insert(institutions)
        .values(values)
        .onConflictDoUpdate({ target: institutions.slug, set: { ...values, updatedAt: now } })
        .returning({ id: institutions.id });
      institutionIds.set(row.slug, saved!.id);
    }
    for (const row of data.institutions) {
      if (!row.parent) continue;
      await tx
        .update(institutions)
        .set({ parentId: institutionIds.get(row.parent)! })
        .where(sql`${institutions.slug} = ${row.slug}`);
    }

    const categoryIds = new Map<string, string>();
    for (const [position, row] of data.categories.entries()) {
      const values = {
        key: row.key,
        slugSw: row.slug.sw,
        slugEn: row.slug.en,
        nameSw: row.name.sw,
        nameEn: row.name.en,
        descriptionSw: row.description.sw,
        descriptionEn: row.description.en,
        position,
      };
      const [saved] = await tx
        .insert(categories)
        .values(values)
        .onConflictDoUpdate({ target: categories.key, set: { ...values, updatedAt: now } })
        .returning({ id: categories.id });
      categoryIds.set(row.key, saved!.id);
    }

    const eventIds = new Map<string, string>();
    for (const [position, row] of data.lifeEvents.entries()) {
      const values = {
        key: row.key,
        kind: row.kind,
        slugSw: row.slug.sw,
        slugEn: row.slug.en,
        nameSw: row.name.sw,
        nameEn: row.name.en,
        descriptionSw: row.description.sw,
        descriptionEn: row.description.en,
        position,
      };
      const [saved] = await tx
        .insert(lifeEvents)
        .values(values)
        .onConflictDoUpdate({ target: lifeEvents.key, set: { ...values, updatedAt: now } })
        .returning({ id: lifeEvents.id });
      eventIds.set(row.key, saved!.id);
    }

    const serviceIds: string[] = [];
    for (const row of data.services) {
      const values = serviceColumns(row, institutionIds);
      const [saved] = await tx
        .insert(services)
        .values(values)
        .onConflictDoUpdate({ target: services.slugEn, set: { ...values, updatedAt: now } })
        .returning({ id: services.id });
      serviceIds.push(saved!.id);
    }

    if (serviceIds.length > 0) {
      await tx.delete(serviceCategories).where(inArray(serviceCategories.serviceId, serviceIds));
      await tx.delete(serviceLifeEvents).where(inArray(serviceLifeEvents.serviceId, serviceIds));
      await tx.delete(serviceFees).where(inArray(serviceFees.serviceId, serviceIds));
      const links = data.services.map((row, i) => serviceLinks(serviceIds[i]!, row, categoryIds, eventIds));
      const categoryRows = links.flatMap((l) => l.categories);
      const eventRows = links.flatMap((l) => l.lifeEvents);
      const feeRows = links.flatMap((l) => l.fees);
      if (categoryRows.length) await tx.insert(serviceCategories).values(categoryRows);
      if (eventRows.length) await tx.insert(serviceLifeEvents).values(eventRows);
      if (feeRows.length) await tx.insert(serviceFees).values(feeRows);
    }

    // Each life event's services in the order a person needs them, by the ids just saved.
    const serviceIdBySlug = new Map(data.services.map((row, i) => [row.slug.en, serviceIds[i]!]));
    for (const row of data.lifeEvents) {
      const serviceOrder = row.serviceOrder.flatMap((slug) => serviceIdBySlug.get(slug) ?? []);
      await tx
        .update(lifeEvents)
        .set({ serviceOrder })
        .where(eq(lifeEvents.id, eventIds.get(row.key)!));
    }
    await bumpCatalogueVersion(tx);
  });
  return {
    institutions: data.institutions.length,
    categories: data.categories.length,
    lifeEvents: data.lifeEvents.length,
    services: data.services.length,
  };
}

/** A listing document's columns in the services table, as published. */
export function serviceColumns(row: ServiceSeed, institutionIds: Map<string, string>) {
  return {
    slugSw: row.slug.sw,
    slugEn: row.slug.en,
    institutionId: institutionIds.get(row.institution)!,
    competentAuthorityId: row.competentAuthority ? institutionIds.get(row.competentAuthority)! : null,
    status: "published" as const,
    audience: row.audience,
    nameSw: row.name.sw,
    nameEn: row.name.en,
    summarySw: row.summary.sw,
    summaryEn: row.summary.en,
    descriptionSw: row.description.sw,
    descriptionEn: row.description.en,
    requirements: row.requirements,
    documents: row.documents,
    steps: row.steps,
    outputs: row.outputs,
    feeNote: row.feeNote,
    processingTimeIso: row.processingTime?.iso ?? null,
    processingTime: row.processingTime?.text ?? null,
    processingTimeSource: row.processingTime?.source ?? null,
    processingTimeConfirmedOn: row.processingTime?.confirmedOn ?? null,
    channels: row.channels,
    legalBasis: row.legalBasis,
    keywordsSw: row.keywords.sw,
    keywordsEn: row.keywords.en,
    featured: row.featured,
    needsReview: row.needsReview,
    reviewNote: row.reviewNote,
    lastReviewedOn: row.lastReviewed,
    sources: row.sources,
  };
}

/** A listing document's rows in the link tables: categories, life events and fees (exact decimals). */
export function serviceLinks(serviceId: string, row: ServiceSeed, categoryIds: Map<string, string>, eventIds: Map<string, string>) {
  return {
    categories: row.categories.map((key) => ({ serviceId, categoryId: categoryIds.get(key)! })),
    lifeEvents: row.lifeEvents.map((key) => ({ serviceId, lifeEventId: eventIds.get(key)! })),
    fees: row.fees.map((fee, position) => ({
      serviceId,
      position,
      amount: fee.amount.toFixed(2),
      currency: fee.currency,
      labelSw: fee.label.sw,
      labelEn: fee.label.en,
      gepg: fee.gepg,
      gfsCode: fee.gfsCode,
      asOf: fee.asOf,
      issuerSystem: fee.issuer?.system ?? null,
      issuerHowSw: fee.issuer?.how.sw ?? null,
      issuerHowEn: fee.issuer?.how.en ?? null,
      issuerUrl: fee.issuer?.url ?? null,
      abroad: fee.abroad,
      source: fee.source,
      confirmedOn: fee.confirmedOn,
    })),
  };
}

export async function catalogueIsEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: services.id }).from(services).limit(1);
  return rows.length === 0;
}
