import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CatalogueDataError, coverageProblems, readCatalogueData } from "./data-files";

/**
 * The catalogue check's rules of trust: contacts only from an official source, one statement of
 * each fee, every ministry with listings of its own. Each on a copy of the small test catalogue,
 * changed in one place.
 */

const fixtureDir = path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue");
type Json = Record<string, unknown> & { sources: Record<string, unknown>[] };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-data-"));
  fs.cpSync(fixtureDir, dir, { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function edit(file: "institutions" | "services", change: (rows: Json[]) => void) {
  const at = path.join(dir, file, "test.json");
  const rows = JSON.parse(fs.readFileSync(at, "utf8")) as Json[];
  change(rows);
  fs.writeFileSync(at, JSON.stringify(rows));
}

function problems(): string[] {
  try {
    readCatalogueData(dir);
    return [];
  } catch (error) {
    if (error instanceof CatalogueDataError) return error.problems;
    throw error;
  }
}

const official = { url: "https://www.rita.go.tz/contacts", kind: "official", confidence: "HIGH", note: "RITA's contact page." };
const blog = { url: "https://someone.blogspot.com/rita", kind: "blog", confidence: "LOW", note: "A blog post with a phone." };

describe("the catalogue check", () => {
  it("passes the test catalogue as it is", () => {
    expect(problems()).toEqual([]);
  });

  it("wants every source's kind", () => {
    edit("services", (rows) => delete rows[0]!.sources[0]!.kind);
    expect(problems().join("\n")).toMatch(/sources\.0\.kind/);
  });

  it("takes an institution's phones only with an official contact source among its sources", () => {
    edit("institutions", (rows) =>
      Object.assign(
        rows.find((r) => r.slug === "rita")!,
        { phones: ["+255 22 292 4180"], sources: [blog] },
      ),
    );
    expect(problems()).toEqual([`institution rita: phones, e-mails and address need a contactSource of kind "official"`]);

    edit("institutions", (rows) =>
      Object.assign(
        rows.find((r) => r.slug === "rita")!,
        { contactSource: blog.url },
      ),
    );
    expect(problems()).toEqual([`institution rita: phones, e-mails and address need a contactSource of kind "official"`]);

    edit("institutions", (rows) =>
      Object.assign(
        rows.find((r) => r.slug === "rita")!,
        { contactSource: "https://elsewhere.example/x" },
      ),
    );
    expect(problems()).toEqual(["institution rita: contactSource is not one of its sources"]);

    edit("institutions", (rows) =>
      Object.assign(
        rows.find((r) => r.slug === "rita")!,
        { sources: [blog, official], contactSource: official.url },
      ),
    );
    expect(problems()).toEqual([]);
  });

  it("takes a listing's phone or e-mail only from an official source", () => {
    edit("services", (rows) => {
      rows[0]!.sources.push(blog);
      rows[0]!.channels = [{ kind: "phone", number: "0800117482", label: { sw: "Simu", en: "Phone" }, source: blog.url }];
    });
    expect(problems()).toContain(`test.json birth-registration: channels.0 (a phone) must come from a source of kind "official"`);
    edit("services", (rows) => {
      rows[0]!.sources.push(official);
      (rows[0]!.channels as { source: string }[])[0]!.source = official.url;
    });
    expect(problems()).toEqual([]);
  });

  it("finds the same fee stated twice with different amounts, by label in either language or by revenue code", () => {
    const fee = (amount: number, en: string, sw: string, gfsCode: string | null = null) => ({
      amount,
      currency: "TZS",
      label: { sw, en },
      gepg: true,
      gfsCode,
      asOf: "2024",
      source: "https://example.org/source",
    });
    // Birth and death registration are both RITA's: the same "Certificate" fee at 8,000 and 3,500.
    edit("services", (rows) => {
      rows[1]!.fees = [fee(3500, "Certificate", "Cheti")];
    });
    const found = problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^conflicting fee "certificate": birth-registration \(TZS 8000\) vs death-registration \(TZS 3500\)$/);

    // The same amount twice is one statement, not a conflict.
    edit("services", (rows) => {
      rows[1]!.fees = [fee(8000, "Certificate fee", "Cheti")];
    });
    expect(problems()).toEqual([]);

    // Labelled apart, and under different codes, they are different fees.
    edit("services", (rows) => {
      rows[0]!.fees = [fee(8000, "Birth certificate", "Cheti cha kuzaliwa", "14220123")];
      rows[1]!.fees = [fee(3500, "Death certificate", "Cheti cha kifo", "14220124")];
    });
    expect(problems()).toEqual([]);

    // The same revenue code is the same fee, whatever the label.
    edit("services", (rows) => {
      (rows[1]!.fees as { gfsCode: string }[])[0]!.gfsCode = "14220123";
    });
    expect(problems()).toEqual(['conflicting fee "14220123": birth-registration (TZS 8000) vs death-registration (TZS 3500)']);
  });

  it("wants every ministry to have listings of its own before the catalogue is published", () => {
    const data = readCatalogueData(dir);
    expect(coverageProblems(data)).toEqual(["institution ministry-of-home-affairs: a ministry with no listing of its own"]);
    expect(
      coverageProblems({
        ...data,
        services: data.services.map((s, i) => (i === 0 ? { ...s, institution: "ministry-of-home-affairs" } : s)),
      }),
    ).toEqual([]);
  });

  it("passes the real catalogue, which covers every ministry", () => {
    const data = readCatalogueData(path.resolve(import.meta.dirname, "data"));
    expect(coverageProblems(data)).toEqual([]);
    expect(data.services.length).toBeGreaterThanOrEqual(350);
    expect(new Set(data.services.map((s) => s.institution)).size).toBeGreaterThanOrEqual(120);
  });
});
