import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { testEngines, type TestDatabase } from "@/testing/database";
import { buildCatalogue, namedInstitutions, providersOf, searchServices, suggestServices, type Catalogue } from "./catalogue";
import { institutionLabel } from "./format";
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
  // What the person wants to do with the thing.
  { query: "kuomba pasipoti", slug: "e-passport-application", within: 1 },
  { query: "nimepoteza pasipoti", slug: "replacing-a-lost-stolen-or-damaged-passport", within: 1 },
  { query: "jinsi ya kupata leseni ya udereva", slug: "full-driving-licence", within: 1 },
  { query: "renew leseni ya udereva", slug: "renew-a-driving-licence", within: 1 },
  { query: "mkopo wa elimu ya juu", slug: "higher-education-loan-application", within: 1 },
  { query: "kulipa mkopo wa elimu ya juu", slug: "higher-education-loan-repayment", within: 1 },
  { query: "kuangalia namba ya nida", slug: "checking-your-nin-and-id-card-status", within: 1 },
  // Life situations.
  { query: "mtoto amezaliwa nifanyeje", slug: "birth-registration-and-birth-certificate", within: 1 },
  { query: "my baby was born what do i do", slug: "birth-registration-and-birth-certificate", within: 1 },
  { query: "kutoa gari bandarini", slug: "customs-clearance-of-imports-tancis", within: 1 },
  { query: "nimepoteza kitambulisho", slug: "replacing-a-lost-or-damaged-national-id", within: 1 },
  { query: "nataka kuanzisha biashara", slug: "business-name-registration", within: 3 },
  { query: "mtu amefariki", slug: "death-registration-and-death-certificate", within: 1 },
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

  it("shows institutions first only when the query names one", () => {
    const named = (query: string) => namedInstitutions(catalogue, query).map((i) => i.slug);
    expect(named("TRA")).toEqual(["tra"]);
    expect(named("brela")).toEqual(["brela"]);
    expect(named("brella")).toEqual(["brela"]);
    expect(named("Mamlaka ya Mapato").sort()).toEqual(["tra", "zra"]);
    expect(named("uhamiaji")).toEqual(["immigration"]);
    expect(named("takukuru")).toEqual(["pccb"]);
    expect(named("e-GA")).toEqual(["ega"]);
    for (const query of ["TIN", "cheti cha kuzaliwa", "bima ya afya", "leseni ya biashara", "tea licence"]) {
      expect(named(query), query).toEqual([]);
    }
    // "TIN" names no institution; those providing its results come after them: TRA.
    expect(providersOf(searchServices(catalogue, "TIN")).map((i) => i.slug)).toEqual(["tra"]);
  });

  it("writes an institution's acronym once", () => {
    const gepg = catalogue.institutions.find((i) => i.slug === "gepg")!;
    expect(institutionLabel(gepg, "en")).toBe("Government electronic Payment Gateway (GePG)");
    const tra = catalogue.institutions.find((i) => i.slug === "tra")!;
    expect(institutionLabel(tra, "sw")).toBe("Mamlaka ya Mapato Tanzania (TRA)");
  });

  it("cuts the results where relevance falls off, keeping every exact match", () => {
    const found = searchServices(catalogue, "cheti cha kuzaliwa", 200).map((s) => s.slug.en);
    expect(found[0]).toBe("birth-registration-and-birth-certificate");
    expect(found.length).toBeLessThanOrEqual(15);
    expect(found).not.toContain("seed-dealer-registration-tosci");
    // A word in many names keeps every listing with it in its name.
    const registration = searchServices(catalogue, "registration", 200);
    expect(registration.length).toBeGreaterThan(40);
  });

  it("suggests names in the page's language first, from words being typed", () => {
    const suggest = (query: string, locale: "sw" | "en") => suggestServices(catalogue, query, locale).map((s) => s.slug.en);
    expect(suggest("che", "sw")).toContain("birth-registration-and-birth-certificate");
    expect(suggest("pas", "sw")[0]).toBe("e-passport-application");
    expect(suggest("pas", "sw")[0]).not.toBe("forest-produce-dealer-registration-harvesting-licence-and-transit-pass");
    expect(suggest("cheti cha kuza", "sw")[0]).toBe("birth-registration-and-birth-certificate");
    expect(suggest("birth cert", "en")[0]).toBe("birth-registration-and-birth-certificate");
    // Both languages match: an English word on a Swahili page still finds the listing.
    expect(suggest("passport", "sw")[0]).toBe("e-passport-application");
  });
});
