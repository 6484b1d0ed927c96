import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { testEngines, type TestDatabase } from "@/testing/database";
import { findInstitutionBySlug, loadCatalogueRows } from "./load";

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));

describe.each(testEngines())("finding an institution by its slug on $name", ({ open }) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("finds the institution with exactly that slug, and nothing for any other", async () => {
    const rita = (await loadCatalogueRows(database.db)).institutions.find((i) => i.slug === "rita")!;
    expect(await findInstitutionBySlug(database.db, "rita")).toEqual({ id: rita.id, slug: "rita" });
    // Issue 21: a NUL (?institution=%00 on the staff export) failed in PostgreSQL (22021) with a 500.
    for (const slug of ["RITA", "rit", "rita ", "", "no-such-institution", "rita\u0000", "\u0000", "rita\ud800"])
      expect(await findInstitutionBySlug(database.db, slug), slug).toBeUndefined();
  });
});
