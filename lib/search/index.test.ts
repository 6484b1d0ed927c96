import { describe, expect, it } from "vitest";
import { buildSearchIndex, search, type SearchDocument } from "./index";
import { editDistance, normalise } from "./text";

const doc = (key: string, name: string, keywords = "", extra = ""): SearchDocument => ({
  key,
  fields: [
    { text: name, weight: 10 },
    { text: keywords, weight: 8 },
    { text: extra, weight: 1 },
  ],
  exact: [name],
});

const index = buildSearchIndex([
  doc("birth", "Usajili wa kizazi na cheti cha kuzaliwa Birth registration and birth certificate", "RITA eRITA"),
  doc("death", "Usajili wa kifo Death registration", "RITA cheti cha kifo"),
  doc("tin", "Usajili wa TIN Taxpayer identification number registration", "TRA kodi"),
  doc("licence", "Leseni ya biashara Business licence", "TNBP"),
  doc("passport", "Pasipoti ya kielektroniki e-Passport", "uhamiaji immigration"),
]);
const keys = (query: string) => search(index, query).map((hit) => hit.key);

describe("search text", () => {
  it("normalises case, accents and punctuation", () => {
    expect(normalise("  Cheti-cha KUZALIWA, é! ")).toBe("cheti cha kuzaliwa e");
  });
  it("measures edit distance with transpositions, and stops early", () => {
    expect(editDistance("certificate", "certifcate", 2)).toBe(1);
    expect(editDistance("leseni", "lesnei", 1)).toBe(1);
    expect(editDistance("passport", "licence", 2)).toBe(3);
  });
});

describe("the search engine", () => {
  it("finds by words in either language", () => {
    expect(keys("cheti cha kuzaliwa")[0]).toBe("birth");
    expect(keys("birth certificate")[0]).toBe("birth");
  });
  it("tolerates a typo", () => {
    expect(keys("birth certifcate")[0]).toBe("birth");
    expect(keys("pasporti")[0]).toBe("passport");
    expect(keys("lesseni")[0]).toBe("licence");
  });
  it("matches words being typed by their start", () => {
    expect(keys("kuzal")[0]).toBe("birth");
    expect(keys("taxp")[0]).toBe("tin");
  });
  it("knows synonyms across languages and spellings", () => {
    expect(keys("license")[0]).toBe("licence");
    expect(keys("kodi")[0]).toBe("tin");
    expect(keys("passport")[0]).toBe("passport");
  });
  it("ranks the listing matching every word above those matching some", () => {
    const hits = search(index, "cheti kifo");
    expect(hits[0]?.key).toBe("death");
  });
  it("finds acronyms", () => {
    expect(keys("RITA").slice(0, 2).sort()).toEqual(["birth", "death"]);
    expect(keys("tra")[0]).toBe("tin");
  });
  it("returns nothing for nothing, and for words it does not know", () => {
    expect(keys("")).toEqual([]);
    expect(keys("   ")).toEqual([]);
    expect(keys("xylophone")).toEqual([]);
  });
});
