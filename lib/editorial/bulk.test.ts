import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { institutions, serviceVersions, staff } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import type { StaffActor } from "@/lib/security/permissions";
import { testEngines, type TestDatabase } from "@/testing/database";
import { exportListings, importListings, MAX_IMPORT_PROBLEMS, toCsv } from "./bulk";
import { parseCsv } from "./csv";

/*
 * Issue 21, the editorial import under hostile files: a NUL or half a surrogate pair in a cell
 * failed in PostgreSQL (22P05, 22P02) on every try, and a 5 MB cell of short lines became a
 * million problems that ran the portal out of memory. Each is now a problem beside its line.
 */

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));

describe.each(testEngines())("importing listings from a hostile file on $name", ({ open }) => {
  let database: TestDatabase;
  let publisher: StaffActor;
  let rita: string;
  let header: string[];
  let row: string[];
  let listing: Record<string, unknown>;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    rita = (await database.db.select().from(institutions)).find((i) => i.slug === "rita")!.id;
    const [member] = await database.db
      .insert(staff)
      .values({ email: "p@rita.test", name: "P", role: "publisher", institutionId: rita })
      .returning();
    publisher = { kind: "staff", staffId: member!.id, role: "publisher", institutionId: rita };
    const exported = (await exportListings(database.db, publisher, rita))!;
    const csv = parseCsv(toCsv(exported));
    if (!csv.ok) throw new Error("the export is not CSV");
    [header, row] = csv.records.map((record) => record.cells) as [string[], string[]];
    listing = exported[0] as Record<string, unknown>;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const quoted = (cells: string[]) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(",");
  /** The first listing as a new one (its own slug), with one cell changed. */
  const csvWith = (column: string, value: string, slug: string) => {
    const cells = [...row];
    cells[header.indexOf("slug.en")] = slug;
    cells[header.indexOf("slug.sw")] = `${slug}-sw`;
    cells[header.indexOf(column)] = value;
    return Buffer.from(`${quoted(header)}\r\n${quoted(cells)}\r\n`);
  };
  const jsonWith = (change: (doc: Record<string, unknown>) => void, slug: string) => {
    const doc = structuredClone(listing) as Record<string, unknown> & { slug: unknown; name: { sw: string; en: string } };
    doc.slug = { en: slug, sw: `${slug}-sw` };
    change(doc);
    return Buffer.from(JSON.stringify([doc]));
  };
  const run = (fileName: string, content: Buffer) =>
    importListings(database.db, publisher, { institutionId: rita, fileName, content, publish: false });
  const versions = async () => (await database.db.select().from(serviceVersions)).length;

  it("refuses a hidden character in a CSV cell or a JSON text beside its line, and stores nothing", async () => {
    const before = await versions();
    for (const [i, hidden] of ["\u0000", "\u0001", "\u001b"].entries()) {
      expect(await run("a.csv", csvWith("name.en", `Birth\u00a0${hidden}registration`, `csv-hidden-${i}`))).toEqual({
        ok: false,
        problems: [{ where: { line: 2, slug: `csv-hidden-${i}` }, problem: { field: "name.en", code: "hiddenCharacter" } }],
      });
    }
    for (const [i, hidden] of ["\u0000", "\ud800", "\udc00"].entries()) {
      const content = jsonWith((doc) => ((doc.name as { en: string }).en += hidden), `json-hidden-${i}`);
      expect(await run("a.json", content)).toEqual({
        ok: false,
        problems: [{ where: { item: 1, slug: `json-hidden-${i}` }, problem: { field: "name.en", code: "hiddenCharacter" } }],
      });
    }
    expect(await versions()).toBe(before);
    // The same listing without them is imported.
    expect(await run("a.csv", csvWith("name.en", "Birth registration", "csv-clean"))).toMatchObject({ ok: true, created: 1 });
  });

  it("holds a file to the form's limits: a huge list or too many rows is one problem, found at once", async () => {
    const started = performance.now();
    const lines = await run("a.csv", csvWith("requirements.sw", "a\n".repeat(1_000_000), "csv-huge"));
    expect(lines).toEqual({
      ok: false,
      problems: [
        {
          where: { line: 2, slug: "csv-huge" },
          problem: { field: "requirements.sw", code: "tooLong", params: { max: "12,000", length: expect.any(String) } },
        },
      ],
    });
    const rows = await run(
      "a.json",
      jsonWith((doc) => (doc.fees = Array.from({ length: 200_000 }, () => ({}))), "json-rows"),
    );
    expect(rows).toMatchObject({ ok: false, problems: [{ where: { item: 1 }, problem: { field: "fees.30.amount", code: "tooMany" } }] });
    // Generous for a loaded machine; building and checking the million items took seconds and gigabytes.
    expect(performance.now() - started).toBeLessThan(5_000);
    // However many listings have problems, at most MAX_IMPORT_PROBLEMS are said.
    const many = Buffer.from(JSON.stringify(Array.from({ length: 1000 }, () => ({ slug: {} }))));
    const refused = await run("many.json", many);
    expect(refused.ok).toBe(false);
    expect((refused as { problems: unknown[] }).problems.length).toBeLessThanOrEqual(MAX_IMPORT_PROBLEMS);
  });
});
