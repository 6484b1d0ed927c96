import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCatalogueData } from "@/db/seed/data-files";
import { parseCsv } from "./csv";
import { toCsv } from "./bulk";
import { checkDocument, diffDocuments, documentFromForm, formFromDocument, valuesFromForm, type ListingDocument } from "./document";

const data = readCatalogueData(path.resolve(import.meta.dirname, "../../db/seed/data"));
const refs = {
  institutions: new Set(data.institutions.map((i) => i.slug)),
  categories: new Set(data.categories.map((c) => c.key)),
  lifeEvents: new Set(data.lifeEvents.map((e) => e.key)),
};

describe("listing documents and the editing form", () => {
  it("turns every real listing into form values and back without losing or changing anything", () => {
    for (const listing of data.services) {
      const doc = Object.fromEntries(Object.entries(listing).filter(([key]) => key !== "file")) as ListingDocument;
      const again = documentFromForm(formFromDocument(doc), doc);
      expect(diffDocuments(doc, again), listing.slug.en).toEqual([]);
      expect(checkDocument(again, refs).ok, listing.slug.en).toBe(true);
    }
  });

  it("says which field is missing or wrong, in form terms, with the line of a list item", () => {
    const doc = data.services.find((s) => s.fees.length > 0)! as unknown as ListingDocument;
    const values = formFromDocument(doc);
    values["name.en"] = "";
    values["fees.0.amount"] = "elfu nane";
    values["fees.0.gfsCode"] = "123";
    values["steps.sw"] = `${values["steps.sw"]}\nHatua ya ziada`;
    values["slug.sw"] = "Not A Slug!";
    const checked = checkDocument(documentFromForm(values, doc), refs);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual(
      expect.arrayContaining([
        { field: "name.en", code: "required" },
        { field: "fees.0.amount", code: "invalid" },
        { field: "fees.0.gfsCode", code: "invalid" },
        { field: "steps.en", code: "required", params: { item: (doc.steps as unknown[]).length + 1 } },
        { field: "slug.sw", code: "invalid" },
      ]),
    );
  });

  it("reads amounts with thousands separators exactly, and keeps words as they were typed", () => {
    const doc = data.services.find((s) => s.fees.length > 0)! as unknown as ListingDocument;
    const values = formFromDocument(doc);
    values["fees.0.amount"] = "1,500.50";
    expect((documentFromForm(values, doc).fees as { amount: unknown }[])[0]!.amount).toBe(1500.5);
    values["fees.0.amount"] = "0.1.2";
    expect((documentFromForm(values, doc).fees as { amount: unknown }[])[0]!.amount).toBe("0.1.2");
  });

  it("refuses a 5 MB paste field by field, and keeps no more than the form could need", () => {
    const form = new FormData();
    form.set("description.en", "x".repeat(5 * 1024 * 1024));
    form.set("name.sw", "Jina");
    const { values, problems } = valuesFromForm(form);
    expect(problems).toEqual([{ field: "description.en", code: "tooLong", params: { max: "10,000", length: "5,242,880" } }]);
    expect(values["description.en"]!.length).toBe(20_000);
    expect(values["name.sw"]).toBe("Jina");
  });

  it("drops removed and empty rows, and adds nothing the editor did not type", () => {
    const doc = data.services.find((s) => s.fees.length > 1)! as unknown as ListingDocument;
    const values = formFromDocument(doc);
    values["fees.0.remove"] = "on";
    const fees = documentFromForm(values, doc).fees as unknown[];
    expect(fees).toHaveLength((doc.fees as unknown[]).length - 1);
  });

  it("exports CSV that reads back cell for cell, multi-line cells and formula-looking text included", () => {
    const docs = data.services.slice(0, 20) as unknown as ListingDocument[];
    const tricky = { ...docs[0]!, name: { sw: '=HYPERLINK("x")', en: 'Quote " and, comma' } };
    const parsed = parseCsv(toCsv([tricky, ...docs.slice(1)]));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [header, first] = parsed.records;
    expect(first!.cells[header!.cells.indexOf("name.sw")]).toBe(`'=HYPERLINK("x")`);
    expect(first!.cells[header!.cells.indexOf("name.en")]).toBe('Quote " and, comma');
    expect(parsed.records).toHaveLength(21);
  });
});
