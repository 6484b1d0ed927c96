import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPublishedService, listPublishedServices } from "@/lib/catalogue/queries";
import { institutions, services } from "./schema";
import { catalogueIsEmpty, readSeedData, seedCatalogue } from "./seed/load";
import { testEngines, type TestDatabase } from "@/testing/database";

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
    expect(tables.rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(["institutions", "services"]));
  });

  it("seeds the catalogue, and seeding again updates the same rows instead of adding more", async () => {
    expect(await catalogueIsEmpty(database.db)).toBe(true);
    const first = await seedCatalogue(database.db);
    const data = readSeedData();
    expect(first).toEqual({ institutions: data.institutions.length, services: data.services.length });

    await seedCatalogue(database.db);
    const [count] = await database.db.select({ n: sql<number>`count(*)::int` }).from(services);
    expect(count?.n).toBe(data.services.length);
    expect(await catalogueIsEmpty(database.db)).toBe(false);
  });

  it("lists published services by name in the page's language", async () => {
    const sw = await listPublishedServices("sw", database.db);
    const en = await listPublishedServices("en", database.db);
    expect(sw.length).toBe(readSeedData().services.length);
    expect(sw.find((s) => s.slug === "birth-registration")?.name).toBe("Usajili wa kizazi na cheti cha kuzaliwa");
    expect(en.find((s) => s.slug === "birth-registration")?.name).toBe("Birth registration and birth certificate");
    // Compared by first letter only, which every collation orders the same way.
    const initials = en.map((s) => s.name[0]!.toLowerCase());
    expect(initials).toEqual([...initials].sort());
  });

  it("shows only published listings to the public", async () => {
    // Rule: a listing that is not published is invisible, by list and by address.
    await database.db.update(services).set({ status: "in_review" }).where(eq(services.slug, "e-passport"));
    expect((await listPublishedServices("en", database.db)).some((s) => s.slug === "e-passport")).toBe(false);
    expect(await findPublishedService("en", "e-passport", database.db)).toBeUndefined();
    await database.db.update(services).set({ status: "published" }).where(eq(services.slug, "e-passport"));
    expect((await findPublishedService("sw", "e-passport", database.db))?.institution.name).toBe("Idara ya Uhamiaji");
  });

  it("finds nothing for an unknown address", async () => {
    expect(await findPublishedService("sw", "no-such-service", database.db)).toBeUndefined();
  });

  it("refuses to delete an institution that still provides services", async () => {
    await expect(database.db.delete(institutions).where(eq(institutions.slug, "rita"))).rejects.toThrow();
  });
});
