import { describe, expect, it } from "vitest";
import { buildSearchIndex, search, type SearchDocument } from "./index";
import { intentFactor, intentsOf } from "./intents";
import { buildNameMatcher, namedIn } from "./names";
import { situationsIn } from "./situations";
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

describe("sharper search", () => {
  const docs = (list: { key: string; name: string; keywords?: string; extra?: string }[]) =>
    buildSearchIndex(
      list.map(({ key, name, keywords = "", extra = "" }) => ({
        ...doc(key, name, keywords, extra),
        intents: intentsOf(name),
      })),
    );

  it("reads what a query asks to do, in either language", () => {
    expect(intentsOf("kuomba pasipoti")).toEqual(["apply"]);
    expect(intentsOf("renew leseni")).toEqual(["renew"]);
    expect(intentsOf("nimepoteza kitambulisho")).toEqual(["lost"]);
    expect(intentsOf("kulipa kodi ya ardhi")).toEqual(["pay"]);
    expect(intentsOf("check nin status")).toEqual(["check"]);
    // A new card for a lost one is a replacement, not an application.
    expect(intentsOf("Kupata kadi mpya ya NHIF iliyopotea")).toEqual(["lost"]);
    expect(intentFactor(["lost"], ["lost"])).toBeGreaterThan(intentFactor(["lost"], ["apply"]));
    expect(intentFactor([], ["apply"])).toBeGreaterThan(intentFactor([], ["pay"]));
  });

  it("weighs the listing for the action asked for", () => {
    const index = docs([
      { key: "apply", name: "Maombi ya pasipoti Applying for a passport" },
      { key: "lost", name: "Pasipoti iliyopotea Replacing a lost passport" },
      { key: "renew", name: "Kuhuisha leseni ya udereva Renew a driving licence" },
      { key: "new", name: "Leseni mpya ya udereva New driving licence" },
    ]);
    const first = (query: string) => search(index, query)[0]?.key;
    expect(first("pasipoti")).toBe("apply");
    expect(first("kuomba pasipoti")).toBe("apply");
    expect(first("nimepoteza pasipoti")).toBe("lost");
    expect(first("lost passport")).toBe("lost");
    expect(first("jinsi ya kupata leseni ya udereva")).toBe("new");
    expect(first("renew leseni")).toBe("renew");
  });

  it("ranks a word typed exactly above a longer word starting with it", () => {
    const index = docs([
      { key: "appeal", name: "Kukata rufaa ya kodi (TRAB) Tax appeal", keywords: "TRAB" },
      { key: "tin", name: "Namba ya mlipakodi TIN", keywords: "TRA" },
    ]);
    expect(search(index, "tra")[0]?.key).toBe("tin");
    expect(search(index, "tra", 20, { typing: true })[0]?.key).toBe("tin");
  });

  it("matches a phrase synonym as a phrase, not word by word", () => {
    const index = docs([
      { key: "id", name: "National identification number card", keywords: "NIDA" },
      { key: "tin", name: "Taxpayer identification number registration", keywords: "TRA" },
    ]);
    expect(search(index, "TIN").map((hit) => hit.key)).toEqual(["tin"]);
  });

  it("ends the results where relevance falls off, keeping exact matches", () => {
    const index = docs([
      { key: "birth", name: "Cheti cha kuzaliwa Birth certificate", keywords: "cheti cha kuzaliwa" },
      { key: "seeds", name: "Usajili wa wauzaji wa mbegu", extra: "cheti" },
      { key: "fire", name: "Cheti cha usalama wa moto Fire safety certificate" },
    ]);
    expect(search(index, "cheti cha kuzaliwa", 20, { cutoff: 0.25 }).map((hit) => hit.key)).toEqual(["birth"]);
    expect(search(index, "cheti cha kuzaliwa", 20).map((hit) => hit.key)).toContain("seeds");
    // Every listing with the word in its name stays.
    expect(
      search(index, "cheti", 20, { cutoff: 0.9 })
        .map((hit) => hit.key)
        .sort(),
    ).toEqual(["birth", "fire"]);
  });

  it("brings in what a life situation means, without its words", () => {
    expect(situationsIn("mtoto amezaliwa nifanyeje").found[0]?.lifeEvent).toBe("birth-of-a-child");
    expect(situationsIn("my baby was born what do i do").found[0]?.lifeEvent).toBe("birth-of-a-child");
    expect(situationsIn("kutoa gari bandarini").found[0]?.services?.[0]).toBe("customs-clearance-of-imports-tancis");
    expect(situationsIn("cheti cha kuzaliwa").found).toEqual([]);
    const index = docs([
      { key: "birth", name: "Usajili wa kizazi Birth registration" },
      { key: "other", name: "Mtoto wa raia Registering a child" },
    ]);
    const { rest } = situationsIn("mtoto amezaliwa nifanyeje");
    const hits = search(index, "mtoto amezaliwa nifanyeje", 20, { extra: new Map([["birth", 1]]), matchText: rest });
    expect(hits.map((hit) => hit.key)).toEqual(["birth"]);
  });

  it("tells a query naming an institution from one about a thing", () => {
    const matcher = buildNameMatcher([
      { key: "tra", acronym: "TRA", names: ["Mamlaka ya Mapato Tanzania", "Tanzania Revenue Authority"] },
      { key: "trab", acronym: "TRAB", names: ["Bodi ya Rufani za Kodi", "Tax Revenue Appeals Board"] },
      {
        key: "pccb",
        acronym: "PCCB",
        names: ["Taasisi ya Kuzuia na Kupambana na Rushwa (TAKUKURU)", "Prevention and Combating of Corruption Bureau"],
      },
      { key: "tea", acronym: "TEA", names: ["Mamlaka ya Elimu Tanzania", "Tanzania Education Authority"] },
    ]);
    expect(namedIn(matcher, "TRA")).toEqual(["tra"]);
    expect(namedIn(matcher, "mamlaka ya mapato")).toEqual(["tra"]);
    expect(namedIn(matcher, "takukuru")).toEqual(["pccb"]);
    expect(namedIn(matcher, "tra tin")).toEqual(["tra"]);
    expect(namedIn(matcher, "TIN")).toEqual([]);
    expect(namedIn(matcher, "mamlaka")).toEqual([]);
    // An acronym that is an everyday word names the institution only alone or in capitals.
    expect(namedIn(matcher, "tea licence")).toEqual([]);
    expect(namedIn(matcher, "TEA ruzuku")).toEqual(["tea"]);
  });
});
