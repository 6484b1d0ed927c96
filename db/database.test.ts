import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCatalogue, findService, searchServices } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows, readCatalogueVersion } from "@/lib/catalogue/load";
import { testEngines, type TestDatabase } from "@/testing/database";
import { readCatalogueData } from "./seed/data-files";
import { institutions, serviceFees, services } from "./schema";
import { catalogueIsEmpty, seedCatalogue } from "./seed/load";

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../testing/fixtures/catalogue"));

describe.each(testEngines())("catalogue database on $name", ({ open }) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("applies every committed migration, and applying them again changes nothing", async () => {
    await database.migrate();
    // Both drivers answer raw SQL with { rows }.
    const tables = (await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    )) as unknown as { rows: { table_name: string }[] };
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["institutions", "services", "service_fees", "categories", "life_events", "feedback", "bills"]),
    );
    // The job queue carries every hand-off: the outbox is gone (migration 0012).
    expect(tables.rows.map((row) => row.table_name)).not.toContain("outbox");
  });

  it("seeds the catalogue, and seeding again updates the same rows instead of adding more", async () => {
    expect(await catalogueIsEmpty(database.db)).toBe(true);
    expect(await seedCatalogue(database.db, fixture)).toEqual({ institutions: 4, categories: 3, lifeEvents: 2, services: 4 });
    const first = await readCatalogueVersion(database.db);
    await seedCatalogue(database.db, fixture);
    const [count] = await database.db.select({ n: sql<number>`count(*)::int` }).from(services);
    const [fees] = await database.db.select({ n: sql<number>`count(*)::int` }).from(serviceFees);
    expect(count?.n).toBe(4);
    expect(fees?.n).toBe(1);
    // Rule: every change to the catalogue moves its version, so other processes reload.
    expect(await readCatalogueVersion(database.db)).toBe(first + 1);
  });

  it("keeps fee amounts as exact decimals", async () => {
    const [fee] = await database.db.select({ amount: serviceFees.amount }).from(serviceFees);
    expect(fee?.amount).toBe("8000.00");
  });

  it("loads the published catalogue with its institutions, topics and fees", async () => {
    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    const birth = findService(catalogue, "sw", "usajili-wa-kizazi");
    expect(birth?.canonical).toBe(true);
    expect(birth?.service.institution.acronym).toBe("RITA");
    expect(birth?.service.fees).toMatchObject([{ amount: "8000.00", currency: "TZS", gepg: true, asOf: "2024" }]);
    expect(birth?.service.lifeEvents.map((e) => e.key)).toEqual(["birth-of-a-child"]);
    // The other language's address finds the service, marked as not this language's own.
    expect(findService(catalogue, "sw", "birth-registration")).toMatchObject({ canonical: false });
    const nida = catalogue.institutionBySlug.get("nida");
    expect(catalogue.institutions.find((i) => i.id === nida?.parentId)?.slug).toBe("ministry-of-home-affairs");
    expect(searchServices(catalogue, "cheti cha kuzaliwa")[0]?.slug.en).toBe("birth-registration");
  });

  it("shows only published listings to the public", async () => {
    // Rule: a listing that is not published is invisible, by list, by address and in search.
    await database.db.update(services).set({ status: "in_review" }).where(eq(services.slugEn, "national-id"));
    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    expect(catalogue.services.map((s) => s.slug.en)).not.toContain("national-id");
    expect(findService(catalogue, "en", "national-id")).toBeUndefined();
    expect(searchServices(catalogue, "kitambulisho").map((s) => s.slug.en)).not.toContain("national-id");
    await database.db.update(services).set({ status: "published" }).where(eq(services.slugEn, "national-id"));
  });

  it("refuses to delete an institution that still provides services", async () => {
    await expect(database.db.delete(institutions).where(eq(institutions.slug, "rita"))).rejects.toThrow();
  });

  it("rolls the whole seed back when one row fails", async () => {
    // Rule: nothing half-written stays in the database.
    const broken = structuredClone(fixture);
    broken.services.push({ ...structuredClone(broken.services[0]!), slug: { sw: "nakala", en: "birth-registration-copy" } });
    broken.services[0]!.name.en = "Changed name that must not stay";
    // The copy reuses the Swahili slug of another row's second insert: the unique index fails.
    broken.services[broken.services.length - 1]!.slug.sw = broken.services[1]!.slug.sw;
    await expect(seedCatalogue(database.db, broken)).rejects.toThrow();
    const [row] = await database.db.select({ name: services.nameEn }).from(services).where(eq(services.slugEn, "birth-registration"));
    expect(row?.name).toBe("Birth registration and birth certificate");
  });
});
