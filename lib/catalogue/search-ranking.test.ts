import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { testEngines, type TestDatabase } from "@/testing/database";
import { buildCatalogue, searchServices, type Catalogue } from "./catalogue";
import { loadCatalogueRows } from "./load";

// Ranking on the real catalogue: a fixed list of what people type, in both languages, misspelt
// ones included, and the listing each must put near the top.
const expectations: { query: string; slug: string; within: number }[] = [
  { query: "cheti cha kuzaliwa", slug: "birth-registration-and-birth-certificate", within: 1 },
  { query: "birth certificate", slug: "birth-registration-and-birth-certificate", within: 2 },
  { query: "birth certifcate", slug: "birth-registration-and-birth-certificate", within: 3 },
  { query: "kitambulisho cha taifa", slug: "national-id-application", within: 3 },
  { query: "national id", slug: "national-id-application", within: 3 },
  { query: "pasipoti", slug: "e-passport-application", within: 2 },
  { query: "pasporti", slug: "e-passport-application", within: 3 },
  { query: "usajili wa kampuni", slug: "company-incorporation", within: 3 },
  { query: "company registraton", slug: "company-incorporation", within: 3 },
  { query: "jina la biashara", slug: "business-name-registration", within: 2 },
  { query: "tin namba", slug: "tin-registration-for-individuals", within: 3 },
  { query: "taxpayer identification number", slug: "tin-registration-for-individuals", within: 3 },
  { query: "leseni ya udereva", slug: "full-driving-licence", within: 5 },
  { query: "driving license", slug: "full-driving-licence", within: 5 },
  { query: "mkopo wa elimu ya juu", slug: "higher-education-loan-application", within: 2 },
  { query: "student loan", slug: "higher-education-loan-application", within: 2 },
  { query: "HESLB", slug: "higher-education-loan-application", within: 3 },
  { query: "matokeo ya mtihani", slug: "necta-national-examination-results", within: 2 },
  { query: "exam results", slug: "necta-national-examination-results", within: 2 },
  { query: "bima ya afya", slug: "nhif-individual-and-family-health-insurance", within: 3 },
  { query: "kuunganishiwa umeme", slug: "new-electricity-connection-nikonekt", within: 2 },
  { query: "electricty connection", slug: "new-electricity-connection-nikonekt", within: 2 },
  { query: "kodi ya ardhi", slug: "land-rent-assessment-and-payment", within: 2 },
  { query: "land rent", slug: "land-rent-assessment-and-payment", within: 2 },
  { query: "malalamiko", slug: "e-mrejesho-government-feedback-and-complaints", within: 3 },
  { query: "control number", slug: "pay-government-bills-with-a-control-number", within: 3 },
  { query: "namba ya malipo", slug: "pay-government-bills-with-a-control-number", within: 3 },
];

describe("search ranking on the catalogue data", () => {
  let database: TestDatabase;
  let catalogue: Catalogue;

  beforeAll(async () => {
    database = await testEngines()[0]!.open();
    await seedCatalogue(database.db, readCatalogueData(path.resolve("db/seed/data")));
    catalogue = buildCatalogue(await loadCatalogueRows(database.db));
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it.each(expectations)('"$query" puts $slug in the first $within', ({ query, slug, within }) => {
    const found = searchServices(catalogue, query, 10).map((s) => s.slug.en);
    expect(
      catalogue.services.some((s) => s.slug.en === slug),
      `${slug} is in the catalogue`,
    ).toBe(true);
    expect(found.slice(0, within), `results: ${found.join(", ")}`).toContain(slug);
  });

  it("finds an institution's services by its acronym", () => {
    for (const acronym of ["RITA", "BRELA", "TRA", "NHIF", "TANESCO"]) {
      const [first] = searchServices(catalogue, acronym, 5);
      expect(first?.institution.acronym, acronym).toBe(acronym);
    }
  });
});
