import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogueDataError, readCatalogueData, type CatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { locales } from "@/lib/i18n/config";
import { testEngines, type TestDatabase } from "@/testing/database";
import { buildCatalogue, servicesOfLifeEvent, type Catalogue } from "./catalogue";
import { loadCatalogueRows } from "./load";
import type { CatalogueService } from "./model";
import { inOrderOfNeed } from "./order";

const service = (id: string, sw: string, en: string) => ({ id, name: { sw, en } }) as CatalogueService;
const ids = (list: CatalogueService[]) => list.map((s) => s.id);

describe("a life event's services in the order a person needs them", () => {
  const services = [
    service("nssf", "Mafao ya NSSF", "NSSF benefit claims"),
    service("late", "Usajili wa kuzaliwa baada ya siku 90", "Late birth registration"),
    service("birth", "Usajili wa kizazi na cheti cha kuzaliwa", "Birth registration and birth certificate"),
    service("nhif", "Bima ya afya ya mtoto (Toto Afya Kadi)", "Toto Afya Kadi: child health insurance"),
  ];

  it("come first in their order, the rest after them by name in the page's language", () => {
    expect(ids(inOrderOfNeed(services, ["birth", "nhif"], "sw"))).toEqual(["birth", "nhif", "nssf", "late"]);
    expect(ids(inOrderOfNeed(services, ["birth", "nhif"], "en"))).toEqual(["birth", "nhif", "late", "nssf"]);
  });

  it("are alphabetical without an order, and pass over ids the event no longer has", () => {
    expect(ids(inOrderOfNeed(services, [], "en"))).toEqual(["birth", "late", "nssf", "nhif"]);
    expect(ids(inOrderOfNeed(services, ["withdrawn", "late"], "sw"))).toEqual(["late", "nhif", "nssf", "birth"]);
  });

  it("leave the list they are given as it was", () => {
    const before = ids(services);
    inOrderOfNeed(services, ["birth"], "sw");
    expect(ids(services)).toEqual(before);
  });
});

describe("the order in the catalogue data files", () => {
  const fixtureDir = path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue");
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-order-"));
    fs.cpSync(fixtureDir, dir, { recursive: true });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const withOrder = (serviceOrder: string[]) => {
    const file = path.join(dir, "life-events.json");
    const events = JSON.parse(fs.readFileSync(path.join(fixtureDir, "life-events.json"), "utf8")) as {
      key: string;
      serviceOrder?: string[];
    }[];
    fs.writeFileSync(file, JSON.stringify(events.map((e) => (e.key === "birth-of-a-child" ? { ...e, serviceOrder } : e))));
    return () => readCatalogueData(dir);
  };
  const problems = (read: () => CatalogueData) => {
    try {
      read();
      return [];
    } catch (error) {
      if (error instanceof CatalogueDataError) return error.problems;
      throw error;
    }
  };

  it("is read with the life event", () => {
    expect(withOrder(["birth-registration"])().lifeEvents.find((e) => e.key === "birth-of-a-child")?.serviceOrder).toEqual([
      "birth-registration",
    ]);
  });

  it("names only services of that life event, each once", () => {
    expect(problems(withOrder(["no-such-service"]))).toEqual([
      `life event birth-of-a-child: serviceOrder names "no-such-service", which is no service's English slug`,
    ]);
    expect(problems(withOrder(["national-id"]))).toEqual([
      `life event birth-of-a-child: serviceOrder names "national-id", which does not list this life event`,
    ]);
    expect(problems(withOrder(["birth-registration", "birth-registration"]))).toEqual([
      `life event birth-of-a-child: serviceOrder names "birth-registration" more than once`,
    ]);
  });
});

describe("life events of the real catalogue", () => {
  const data = readCatalogueData(path.resolve(import.meta.dirname, "../../db/seed/data"));
  let database: TestDatabase;
  let catalogue: Catalogue;

  beforeAll(async () => {
    database = await testEngines()[0]!.open();
    await seedCatalogue(database.db, data);
    catalogue = buildCatalogue(await loadCatalogueRows(database.db));
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("each have an order in the data, first steps first", () => {
    for (const event of data.lifeEvents) expect(event.serviceOrder.length, event.key).toBeGreaterThan(0);
  });

  it.each(locales)("open with their first steps on the page: a child's birth with its registration (%s)", (locale) => {
    const birth = catalogue.lifeEvents.find((e) => e.key === "birth-of-a-child")!;
    const listed = servicesOfLifeEvent(catalogue, birth, locale).map((s) => s.slug.en);
    expect(listed.slice(0, 2)).toEqual(["birth-registration-and-birth-certificate", "zanzibar-birth-death-and-marriage-registration"]);
    expect(listed.indexOf("toto-afya-kadi-child-health-insurance")).toBeLessThan(listed.indexOf("nssf-benefit-claims"));
    const driving = catalogue.lifeEvents.find((e) => e.key === "driving")!;
    expect(servicesOfLifeEvent(catalogue, driving, locale)[0]?.slug.en).toBe("tin-registration-for-individuals");
  });

  it.each(locales)("list every service of the event once: the data's order, then the rest by name (%s)", (locale) => {
    for (const event of catalogue.lifeEvents) {
      const order = data.lifeEvents.find((e) => e.key === event.key)!.serviceOrder;
      const listed = servicesOfLifeEvent(catalogue, event, locale);
      expect(listed.map((s) => s.slug.en).slice(0, order.length), event.key).toEqual(order);
      const rest = listed.slice(order.length).map((s) => s.name[locale]);
      expect(rest, event.key).toEqual([...rest].sort((a, b) => a.localeCompare(b, locale)));
      expect(new Set(listed.map((s) => s.id)).size).toBe(
        catalogue.services.filter((s) => s.lifeEvents.some((e) => e.id === event.id)).length,
      );
    }
  });

  it("leaves sector licences after the first steps of starting a business, alphabetically in each language", () => {
    const business = catalogue.lifeEvents.find((e) => e.key === "starting-a-business")!;
    const sw = servicesOfLifeEvent(catalogue, business, "sw");
    const en = servicesOfLifeEvent(catalogue, business, "en");
    expect(sw[0]?.slug.en).toBe("business-name-registration");
    expect(en[0]?.slug.en).toBe("business-name-registration");
    const ordered = business.serviceOrder!.length;
    expect(sw.slice(ordered).map((s) => s.id)).not.toEqual(en.slice(ordered).map((s) => s.id));
    // The open data lists them in the same order, the rest by Swahili name.
    expect(catalogue.servicesOfLifeEvent.get(business.id)?.map((s) => s.id)).toEqual(sw.map((s) => s.id));
  });
});
