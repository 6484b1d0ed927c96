import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../client";
import { institutions, services } from "../schema";
import institutionRows from "./data/institutions.json";
import serviceRows from "./data/services.json";

const httpsUrl = z.url({ protocol: /^https?$/ });

const institutionSeed = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  acronym: z.string().min(1).nullable(),
  nameSw: z.string().min(1),
  nameEn: z.string().min(1),
  kind: z.enum(institutions.kind.enumValues),
  website: httpsUrl.nullable(),
});

const serviceSeed = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  institution: z.string(),
  nameSw: z.string().min(1),
  nameEn: z.string().min(1),
  summarySw: z.string().min(1),
  summaryEn: z.string().min(1),
  onlineUrl: httpsUrl.nullable(),
  needsReview: z.boolean(),
  sources: z.array(httpsUrl).min(1, "every listing keeps the source of its facts"),
});

export type SeedSummary = { institutions: number; services: number };

/** Reads and checks the catalogue data files; throws naming the bad entry. */
export function readSeedData() {
  const parsedInstitutions = z.array(institutionSeed).parse(institutionRows);
  const parsedServices = z.array(serviceSeed).parse(serviceRows);
  const known = new Set(parsedInstitutions.map((row) => row.slug));
  for (const service of parsedServices) {
    if (!known.has(service.institution)) {
      throw new Error(`Seed service "${service.slug}" names unknown institution "${service.institution}".`);
    }
  }
  return { institutions: parsedInstitutions, services: parsedServices };
}

/**
 * Loads the catalogue data files in one transaction. Running it again updates the same rows
 * (matched by slug), so it is safe on every start.
 */
export async function seedCatalogue(db: Database): Promise<SeedSummary> {
  const data = readSeedData();
  await db.transaction(async (tx) => {
    const idBySlug = new Map<string, string>();
    for (const row of data.institutions) {
      const [saved] = await tx
        .insert(institutions)
        .values(row)
        .onConflictDoUpdate({
          target: institutions.slug,
          set: {
            acronym: row.acronym,
            nameSw: row.nameSw,
            nameEn: row.nameEn,
            kind: row.kind,
            website: row.website,
            updatedAt: sql`now()`,
          },
        })
        .returning({ id: institutions.id });
      idBySlug.set(row.slug, saved!.id);
    }
    for (const { institution, ...row } of data.services) {
      const values = { ...row, institutionId: idBySlug.get(institution)!, status: "published" as const };
      await tx
        .insert(services)
        .values(values)
        .onConflictDoUpdate({ target: services.slug, set: { ...values, updatedAt: sql`now()` } });
    }
  });
  return { institutions: data.institutions.length, services: data.services.length };
}

export async function catalogueIsEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: institutions.id }).from(institutions).limit(1);
  return rows.length === 0;
}
