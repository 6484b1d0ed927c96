import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue, searchServices, type Catalogue } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows } from "@/lib/catalogue/load";
import type { Locale } from "@/lib/i18n/config";
import { testEngines, type TestDatabase } from "@/testing/database";
import { situations } from "./situations";

/**
 * The relevance test set (./relevance-set.json): what Tanzanians type, as they type it, with the
 * listing each query is after (its English slug; any one of several will do) or, for a query that
 * names an institution, that institution (any of its listings will do). Run on the real catalogue,
 * it measures how often the expected listing comes first (top-1) and among the first three
 * (top-3), overall and by kind, and fails when either falls below its floor. Raise the floors as
 * the engine improves; RELEVANCE_MISSES=1 prints every query whose expected listing is not first.
 */

type Kind = "everyday" | "misspelt" | "colloquial" | "mixed-language" | "life-situation" | "institution";
type Case = { query: string; lang: Locale; kind: Kind; expect?: string[]; institutions?: string[] };

const cases = JSON.parse(fs.readFileSync(path.resolve("lib/search/relevance-set.json"), "utf8")) as Case[];
const kinds: Kind[] = ["everyday", "misspelt", "colloquial", "mixed-language", "life-situation", "institution"];

// Just under what the engine reaches; raise them as it improves.
const FLOOR = { top1: 0.97, top3: 0.99 };

describe("relevance on the catalogue data", () => {
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

  it("holds at least 150 queries of every kind, each naming listings and institutions that exist", () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const slugs = new Set(catalogue.services.map((s) => s.slug.en));
    const institutions = new Set(catalogue.institutions.map((i) => i.slug));
    const problems: string[] = [];
    for (const c of cases) {
      if (!kinds.includes(c.kind)) problems.push(`"${c.query}": unknown kind ${c.kind}`);
      if (c.lang !== "sw" && c.lang !== "en") problems.push(`"${c.query}": unknown language ${String(c.lang)}`);
      if (!c.expect?.length && !c.institutions?.length) problems.push(`"${c.query}": expects nothing`);
      for (const slug of c.expect ?? []) if (!slugs.has(slug)) problems.push(`"${c.query}": no listing ${slug}`);
      for (const slug of c.institutions ?? []) if (!institutions.has(slug)) problems.push(`"${c.query}": no institution ${slug}`);
    }
    expect(problems).toEqual([]);
    for (const kind of kinds)
      expect(
        cases.some((c) => c.kind === kind),
        kind,
      ).toBe(true);
  });

  it("leads life situations only to listings and life events that exist", () => {
    const problems: string[] = [];
    for (const situation of situations) {
      const where = `"${situation.phrases[0]}"`;
      if (situation.lifeEvent && !catalogue.lifeEventBySlug.has(`en:${situation.lifeEvent}`)) {
        problems.push(`${where}: no life event ${situation.lifeEvent}`);
      }
      for (const slug of situation.services ?? []) {
        if (!catalogue.serviceBySlug.has(`en:${slug}`)) problems.push(`${where}: no listing ${slug}`);
      }
      if (!situation.lifeEvent && !situation.services?.length) problems.push(`${where}: leads nowhere`);
    }
    expect(problems).toEqual([]);
  });

  it("puts the expected listing first, or among the first three, often enough", () => {
    const rows = new Map<string, { n: number; top1: number; top3: number }>();
    const misses: string[] = [];
    for (const c of cases) {
      const found = searchServices(catalogue, c.query, 10, { locale: c.lang });
      const good = (i: number) => {
        const service = found[i];
        if (!service) return false;
        return (c.expect ?? []).includes(service.slug.en) || (c.institutions ?? []).includes(service.institution.slug);
      };
      const top1 = good(0);
      const top3 = top1 || good(1) || good(2);
      if (!top1) {
        const shown = found.slice(0, 3).map((s) => s.slug.en);
        misses.push(`${top3 ? "not first" : "missed"}: ${c.kind} "${c.query}" → ${shown.join(", ") || "nothing"}`);
      }
      for (const key of ["all", c.kind]) {
        const row = rows.get(key) ?? { n: 0, top1: 0, top3: 0 };
        row.n += 1;
        row.top1 += top1 ? 1 : 0;
        row.top3 += top3 ? 1 : 0;
        rows.set(key, row);
      }
    }
    const rate = (k: number, n: number) => (n === 0 ? 0 : k / n);
    const percent = (k: number, n: number) => `${(100 * rate(k, n)).toFixed(1)}%`;
    console.log(
      ["kind            queries  top-1   top-3"]
        .concat(
          ["all", ...kinds].map((key) => {
            const row = rows.get(key) ?? { n: 0, top1: 0, top3: 0 };
            return `${key.padEnd(16)}${String(row.n).padStart(7)}  ${percent(row.top1, row.n).padStart(6)}  ${percent(row.top3, row.n).padStart(6)}`;
          }),
        )
        .join("\n"),
    );
    if (process.env.RELEVANCE_MISSES) console.log(misses.join("\n"));
    const all = rows.get("all")!;
    expect(rate(all.top1, all.n), "top-1 rate").toBeGreaterThanOrEqual(FLOOR.top1);
    expect(rate(all.top3, all.n), "top-3 rate").toBeGreaterThanOrEqual(FLOOR.top3);
  });
});
