import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCatalogueData } from "@/db/seed/data-files";
import { locales } from "@/lib/i18n/config";
import { aToZ, aToZOf, DIGITS, letterLabel, letterOf, OTHER, pageLetters, pageNumber, SERVICES_PER_PAGE, type AToZ } from "./a-to-z";
import type { CatalogueService } from "./model";

// Only a service's id and name matter to the A–Z.
const service = (id: string, sw: string, en: string) => ({ id, name: { sw, en } }) as CatalogueService;
const names = (list: CatalogueService[], locale: "sw" | "en") => list.map((s) => s.name[locale]);
const everyService = (az: AToZ) => az.pages.flatMap((p) => p.sections.flatMap((s) => s.services));

describe("first letters", () => {
  it("are the first letter or digit of a name, without accents", () => {
    expect(letterOf("Usajili wa kizazi")).toBe("u");
    expect(letterOf("éducation")).toBe("e");
    expect(letterOf("Ñame")).toBe("n");
    expect(letterOf("“Kibali” cha ujenzi")).toBe("k");
    expect(letterOf("(TIN) namba ya mlipakodi")).toBe("t");
    expect(letterOf("4x4 vehicle permit")).toBe(DIGITS);
    expect(letterOf("Ωmega")).toBe(OTHER);
    expect(letterOf("")).toBe(OTHER);
  });

  it("read as capitals, digits as a range", () => {
    expect(letterLabel("k")).toBe("K");
    expect(letterLabel(DIGITS)).toBe("0–9");
    expect(letterLabel(OTHER)).toBe("#");
  });
});

describe("the A–Z of services", () => {
  const services = [
    service("1", "Usajili wa kizazi", "Birth registration"),
    service("2", "Leseni ya udereva", "Driving licence"),
    service("3", "Kibali cha ujenzi", "Building permit"),
    service("4", "Pasipoti", "Passport"),
    service("5", "Cheti cha ndoa", "Marriage certificate"),
    service("6", "Kitambulisho cha Taifa", "National ID"),
  ];

  it("sorts by the name in the page's language and groups by its first letter", () => {
    const sw = aToZ(services, "sw");
    expect(names(everyService(sw), "sw")).toEqual([
      "Cheti cha ndoa",
      "Kibali cha ujenzi",
      "Kitambulisho cha Taifa",
      "Leseni ya udereva",
      "Pasipoti",
      "Usajili wa kizazi",
    ]);
    expect(sw.pages).toHaveLength(1);
    expect(sw.pages[0]!.sections.map((s) => s.letter)).toEqual(["c", "k", "l", "p", "u"]);
    const en = aToZ(services, "en");
    expect(names(everyService(en), "en")).toEqual([
      "Birth registration",
      "Building permit",
      "Driving licence",
      "Marriage certificate",
      "National ID",
      "Passport",
    ]);
    expect(en.pages[0]!.sections.map((s) => s.letter)).toEqual(["b", "d", "m", "n", "p"]);
  });

  it("indexes the whole alphabet of the language, letters without services leading nowhere", () => {
    const sw = aToZ(services, "sw");
    // Swahili is written without Q and X.
    expect(sw.index.map((e) => e.letter).join("")).toBe("abcdefghijklmnoprstuvwyz");
    expect(sw.index.filter((e) => e.page !== null).map((e) => e.letter)).toEqual(["c", "k", "l", "p", "u"]);
    expect(sw.index.find((e) => e.letter === "a")?.page).toBeNull();
    const en = aToZ(services, "en");
    expect(en.index.map((e) => e.letter).join("")).toBe("abcdefghijklmnopqrstuvwxyz");
  });

  it("adds what the alphabet lacks when names start with it: digits first, other scripts last", () => {
    const az = aToZ(
      [
        ...services,
        service("7", "Quality mark ya TBS", "Quality mark"),
        service("8", "24-hour permit", "24-hour permit"),
        service("9", "Ωmega", "Ωmega"),
      ],
      "sw",
    );
    const letters = az.index.map((e) => e.letter);
    expect(letters[0]).toBe(DIGITS);
    expect(letters.slice(1, -1).join("")).toBe("abcdefghijklmnopqrstuvwyz");
    expect(letters.at(-1)).toBe(OTHER);
    expect(az.index.filter((e) => e.page !== null).map((e) => e.letter)).toEqual([DIGITS, "c", "k", "l", "p", "q", "u", OTHER]);
    expect(names(everyService(az), "sw")[0]).toBe("24-hour permit");
  });

  it("fills pages with whole letters, and carries a letter too long for a page over the next pages", () => {
    // A 3, B 2, C 7, D 1, E 2, with 4 to a page.
    const make = (letter: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        service(`${letter}${i}`, `${letter}${String.fromCharCode(97 + i)}`, `${letter}${String.fromCharCode(97 + i)}`),
      );
    const list = [...make("A", 3), ...make("B", 2), ...make("C", 7), ...make("D", 1), ...make("E", 2)];
    const az = aToZ(list, "en", 4);
    const shape = az.pages.map((p) => p.sections.map((s) => `${s.letter}${s.continued ? "+" : ""}${s.services.length}`).join(" "));
    // B does not fit beside A, so it starts page 2; C is longer than a page, so it starts a page
    // of its own and continues; D and E fill the rest of C's last page.
    expect(shape).toEqual(["a3", "b2", "c4", "c+3 d1", "e2"]);
    expect(az.pages.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(Object.fromEntries(az.index.filter((e) => e.page).map((e) => [e.letter, e.page]))).toEqual({ a: 1, b: 2, c: 3, d: 4, e: 5 });
    expect(names(everyService(az), "en")).toEqual(names(list, "en"));
    expect(az.pages.map(pageLetters)).toEqual(["A", "B", "C", "C–D", "E"]);
  });

  it("is made once per catalogue and language", () => {
    expect(aToZOf(services, "sw")).toBe(aToZOf(services, "sw"));
    expect(aToZOf(services, "en")).not.toBe(aToZOf(services, "sw"));
    expect(aToZOf([...services], "sw")).not.toBe(aToZOf(services, "sw"));
    expect(aToZOf(services, "en")).toEqual(aToZ(services, "en"));
  });

  it("has no pages for no services", () => {
    const az = aToZ([], "sw");
    expect(az.pages).toEqual([]);
    expect(az.index.every((e) => e.page === null)).toBe(true);
  });
});

describe("the page asked for", () => {
  it("is a page number that exists, else the first", () => {
    expect(pageNumber("2", 3)).toBe(2);
    expect(pageNumber("3", 3)).toBe(3);
    expect(pageNumber(["2", "3"], 3)).toBe(2);
    for (const wrong of [undefined, "", "0", "4", "-1", "1.5", "02", "abc", "2abc", "999999999"])
      expect(pageNumber(wrong, 3), String(wrong)).toBe(1);
    expect(pageNumber("1", 0)).toBe(1);
  });
});

describe("the A–Z of the catalogue data", () => {
  const data = readCatalogueData(path.resolve(import.meta.dirname, "../../db/seed/data"));
  const services = data.services.map((s) => service(s.slug.en, s.name.sw, s.name.en));

  it.each(locales)(`keeps every page within ${SERVICES_PER_PAGE} services, lists each service once, in order (%s)`, (locale) => {
    const az = aToZ(services, locale);
    for (const page of az.pages) expect(page.sections.reduce((n, s) => n + s.services.length, 0)).toBeLessThanOrEqual(SERVICES_PER_PAGE);
    const listed = everyService(az);
    expect(listed).toHaveLength(services.length);
    expect(new Set(listed.map((s) => s.id)).size).toBe(services.length);
    const sorted = [...listed].sort(
      (a, b) => letterOf(a.name[locale]).localeCompare(letterOf(b.name[locale])) || a.name[locale].localeCompare(b.name[locale], locale),
    );
    expect(names(listed, locale)).toEqual(names(sorted, locale));
    // Swahili names crowd under K and U (Kibali, Kusajili, Usajili): those letters run over pages.
    if (locale === "sw") expect(az.pages.filter((p) => p.sections.some((s) => s.letter === "k")).length).toBeGreaterThan(2);
  });
});
