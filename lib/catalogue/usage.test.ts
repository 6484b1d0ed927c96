import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mostUsedOverrides, serviceViews, serviceVisitors } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { intlLocale, locales } from "@/lib/i18n/config";
import { testEngines, type TestDatabase } from "@/testing/database";
import { buildCatalogue, type Catalogue } from "./catalogue";
import { loadCatalogueRows } from "./load";
import type { CatalogueService } from "./model";
import {
  chooseMostUsed,
  countedVisit,
  countRequest,
  countServiceView,
  countServiceViews,
  MOST_USED_LIMIT,
  orderByUse,
  pruneServiceVisitors,
  readUsage,
  visitorCounts,
} from "./usage";

const chrome = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
const operaMini = "Opera/9.80 (J2ME/MIDP; Opera Mini/4.2.14912/87.49; U; sw) Presto/2.4.15";
const at = (iso: string) => new Date(iso);

// The services a fresh install lists before anything is counted: what most people come for.
const everyday = [
  "birth-registration-and-birth-certificate",
  "national-id-application",
  "e-passport-application",
  "full-driving-licence",
  "tin-registration-for-individuals",
  "business-name-registration",
  "nhif-individual-and-family-health-insurance",
  "certificate-of-right-of-occupancy",
  "necta-national-examination-results",
  "pay-government-bills-with-a-control-number",
];

describe.each(testEngines())('counting visitors for "most used" on $name', ({ open }) => {
  let database: TestDatabase;
  let catalogue: Catalogue;
  const bySlug = (slug: string): CatalogueService => catalogue.services.find((s) => s.slug.en === slug)!;
  /** n different visitors (one address each) open the service at this moment. */
  const visitors = async (service: CatalogueService, n: number, now: Date, from = 0) => {
    for (let i = from; i < from + n; i++)
      expect(
        await countServiceView(database.db, service.id, { address: `10.1.${Math.floor(i / 250)}.${i % 250}`, userAgent: chrome }, now),
      ).toBe(true);
  };
  const views = async (service: CatalogueService, day: string) =>
    (
      await database.db
        .select({ views: serviceViews.views })
        .from(serviceViews)
        .where(and(eq(serviceViews.serviceId, service.id), eq(serviceViews.day, day)))
    )[0]?.views ?? 0;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, readCatalogueData(path.resolve("db/seed/data")));
    catalogue = buildCatalogue(await loadCatalogueRows(database.db));
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("before anything is counted, lists the everyday services, the same ones in both languages, by name", () => {
    const none = { counts: new Map<string, number>(), pinned: [], hidden: new Set<string>() };
    for (const locale of locales) {
      const list = chooseMostUsed(catalogue, none, locale, MOST_USED_LIMIT);
      expect(list.map((e) => e.service.slug.en).sort()).toEqual([...everyday].sort());
      expect(list.every((e) => e.source === "featured")).toBe(true);
      const names = list.map((e) => e.service.name[locale]);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, intlLocale[locale])));
    }
  });

  it("counts each visitor once per service and Tanzanian day, and keeps neither address nor browser", async () => {
    const birth = bySlug("birth-registration-and-birth-certificate");
    const passport = bySlug("e-passport-application");
    const browser = new Headers({ "user-agent": chrome });
    const morning = at("2031-01-10T05:00:00Z"); // 08:00 in Dar es Salaam
    expect(await countRequest(database.db, birth.id, browser, "197.250.1.1", morning)).toBe("counted");
    expect(await countRequest(database.db, birth.id, browser, "197.250.1.1", morning)).toBe("again");
    // 23:30 the same day in Tanzania (20:30 UTC): still the same day.
    expect(await countRequest(database.db, birth.id, browser, "197.250.1.1", at("2031-01-10T20:30:00Z"))).toBe("again");
    // The same address with another browser is another visitor; so is the same visitor on another service.
    expect(await countRequest(database.db, birth.id, new Headers({ "user-agent": operaMini }), "197.250.1.1", morning)).toBe("counted");
    expect(await countRequest(database.db, passport.id, browser, "197.250.1.1", morning)).toBe("counted");
    // 00:30 the next day in Tanzania (21:30 UTC the same day): counted again, on the new day.
    expect(await countRequest(database.db, birth.id, browser, "197.250.1.1", at("2031-01-10T21:30:00Z"))).toBe("counted");

    expect(await views(birth, "2031-01-10")).toBe(2);
    expect(await views(birth, "2031-01-11")).toBe(1);
    expect(await views(passport, "2031-01-10")).toBe(1);

    const kept = await database.db.select().from(serviceVisitors);
    expect(kept).toHaveLength(4);
    const stored = JSON.stringify(kept);
    for (const secret of ["197.250.1.1", "197.250", "Chrome", "Opera", "Mozilla"]) expect(stored).not.toContain(secret);
    // The same visitor's hashes differ from day to day and from service to service: nothing links them.
    expect(new Set(kept.map((r) => r.visitorHash)).size).toBe(4);
  });

  it("does not count robots, link previews, monitors, headless browsers or prefetches; counts people saving data", async () => {
    const service = bySlug("national-id-application");
    const now = at("2031-02-01T09:00:00Z");
    const notPeople: [Record<string, string>, string][] = [
      [{ "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" }, "robot"],
      [{ "user-agent": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)" }, "robot"],
      [{ "user-agent": "WhatsApp/2.23.20.0 A" }, "robot"],
      [{ "user-agent": "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)" }, "robot"],
      [
        { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36" },
        "robot",
      ],
      [{ "user-agent": "curl/8.5.0" }, "robot"],
      [{}, "robot"],
      [{ "user-agent": chrome, "sec-purpose": "prefetch" }, "prefetch"],
      [{ "user-agent": chrome, "sec-purpose": "prefetch;prerender" }, "prefetch"],
      [{ "user-agent": chrome, purpose: "prefetch" }, "prefetch"],
      [{ "user-agent": chrome, "next-router-prefetch": "1" }, "prefetch"],
    ];
    for (const [i, [headers, outcome]] of notPeople.entries()) {
      expect(await countRequest(database.db, service.id, new Headers(headers), `41.59.0.${i}`, now), JSON.stringify(headers)).toBe(outcome);
    }
    expect(await views(service, "2031-02-01")).toBe(0);
    expect(await countRequest(database.db, service.id, new Headers({ "user-agent": operaMini, "save-data": "on" }), "41.59.1.1", now)).toBe(
      "counted",
    );
    expect(await views(service, "2031-02-01")).toBe(1);
  });

  it("counts a batch of views in one go: each visitor once a day, whatever the batch repeats or was counted before", async () => {
    const [birth, passport] = [bySlug("birth-registration-and-birth-certificate"), bySlug("e-passport-application")];
    const now = at("2031-02-15T08:00:00Z");
    expect(await countServiceView(database.db, birth.id, { address: "10.9.0.1", userAgent: chrome }, now)).toBe(true);
    const visit = (service: CatalogueService, address: string) => countedVisit(service.id, { address, userAgent: chrome }, now);
    const batch = [visit(birth, "10.9.0.1"), visit(birth, "10.9.0.2"), visit(birth, "10.9.0.2"), visit(passport, "10.9.0.1")];
    expect(await countServiceViews(database.db, batch)).toBe(2);
    expect(await views(birth, "2031-02-15")).toBe(2);
    expect(await views(passport, "2031-02-15")).toBe(1);
    expect(await countServiceViews(database.db, batch)).toBe(0);
    expect(await countServiceViews(database.db, [])).toBe(0);
  });

  it("forgets the visitor hashes of days that are over, and keeps the counts", async () => {
    const service = bySlug("full-driving-licence");
    await visitors(service, 2, at("2031-03-01T09:00:00Z"));
    await visitors(service, 1, at("2031-03-02T09:00:00Z"));
    await pruneServiceVisitors(database.db, at("2031-03-02T10:00:00Z"));
    const left = await database.db.select({ day: serviceVisitors.day }).from(serviceVisitors);
    expect(left.map((r) => r.day)).toEqual(["2031-03-02"]);
    expect(await views(service, "2031-03-01")).toBe(2);
    // A visitor of today is still recognised after the pruning.
    expect(await countServiceView(database.db, service.id, { address: "10.1.0.0", userAgent: chrome }, at("2031-03-02T11:00:00Z"))).toBe(
      false,
    );
  });

  it("needs the threshold of visitors within the last 30 days before a service is placed by its count", async () => {
    const death = bySlug("death-registration-and-death-certificate");
    const now = at("2033-06-30T12:00:00Z");
    const minVisitors = 5;
    await visitors(death, 4, at("2033-06-01T08:00:00Z")); // the 30th day back: inside the window
    await visitors(death, 3, at("2033-05-31T08:00:00Z")); // the 31st: outside
    expect((await readUsage(database.db, { now, minVisitors })).counts.has(death.id)).toBe(false);
    expect(await visitorCounts(database.db, { now })).toEqual([{ serviceId: death.id, visitors: 4 }]);
    // A few visits do not move the list: it is still the featured one.
    const before = chooseMostUsed(catalogue, await readUsage(database.db, { now, minVisitors }), "en", MOST_USED_LIMIT);
    expect(before.map((e) => e.service.slug.en).sort()).toEqual([...everyday].sort());

    await visitors(death, 1, now, 100);
    const usage = await readUsage(database.db, { now, minVisitors });
    expect(usage.counts.get(death.id)).toBe(5);
    const after = chooseMostUsed(catalogue, usage, "en", MOST_USED_LIMIT);
    expect(after[0]).toEqual({ service: death, source: "counted" });
    expect(after).toHaveLength(MOST_USED_LIMIT);
    // The portal's own threshold (25 unless configured) is far above five.
    expect((await readUsage(database.db, { now })).counts.has(death.id)).toBe(false);
    // A day later the 4 visits of 1 June have left the window.
    expect((await readUsage(database.db, { now: at("2033-07-01T12:00:00Z"), minVisitors })).counts.has(death.id)).toBe(false);
  });

  it("orders an institution's services by counted visitors, then featured, then by name in the page's language", async () => {
    const now = at("2034-04-15T09:00:00Z");
    const minVisitors = 25;
    const rita = catalogue.institutionBySlug.get("rita")!;
    const services = catalogue.servicesOfInstitution.get(rita.id)!;
    const [death, late, divorce, correcting] = [
      "death-registration-and-death-certificate",
      "late-birth-registration",
      "divorce-registration",
      "correcting-a-birth-or-death-certificate",
    ].map(bySlug) as [CatalogueService, CatalogueService, CatalogueService, CatalogueService];
    const birth = bySlug("birth-registration-and-birth-certificate");
    await visitors(death, 30, now);
    await visitors(late, 26, now);
    await visitors(divorce, 24, now); // below the threshold: its count moves nothing
    await visitors(correcting, 40, now); // the most, but hidden from "most used" below
    await database.db.insert(mostUsedOverrides).values({ serviceId: correcting.id, mode: "hide" });
    try {
      const usage = await readUsage(database.db, { now, minVisitors });
      const orders = locales.map((locale) => {
        const ordered = orderByUse(services, usage, locale);
        expect(ordered.slice(0, 3)).toEqual([death, late, birth]);
        const rest = ordered.slice(3);
        expect(rest.map((s) => s.name[locale])).toEqual(
          rest.map((s) => s.name[locale]).sort((a, b) => a.localeCompare(b, intlLocale[locale])),
        );
        expect(rest).toContain(divorce);
        expect(rest).toContain(correcting);
        expect(ordered).toHaveLength(services.length);
        return rest.map((s) => s.id);
      });
      // The alphabetical part follows the page's language, not one order for both.
      expect(orders[0]).not.toEqual(orders[1]);
    } finally {
      await database.db.delete(mostUsedOverrides);
    }
  });
});
