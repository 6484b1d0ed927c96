import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getT } from "@/lib/i18n/server";
import { namespaces } from "@/lib/i18n/resources";

const dir = import.meta.dirname;

function flatten(value: unknown, prefix = ""): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, inner]) => Object.entries(flatten(inner, prefix ? `${prefix}.${key}` : key))),
    );
  }
  return { [prefix]: value };
}

function load(locale: string, file: string) {
  return flatten(JSON.parse(fs.readFileSync(path.join(dir, locale, file), "utf8")));
}

describe("translation files", () => {
  const files = fs.readdirSync(path.join(dir, "sw")).filter((f) => f.endsWith(".json"));

  it("exist as the same namespaces in both languages, all loaded by the portal", () => {
    expect(
      fs
        .readdirSync(path.join(dir, "en"))
        .filter((f) => f.endsWith(".json"))
        .sort(),
    ).toEqual(files.sort());
    expect(files.map((f) => f.replace(/\.json$/, "")).sort()).toEqual([...namespaces].sort());
  });

  it.each(files)("%s has the same keys in Swahili and English, none empty", (file) => {
    // Rule: a key in one language only shows a raw key to the other language's readers.
    const sw = load("sw", file);
    const en = load("en", file);
    expect(Object.keys(en).sort()).toEqual(Object.keys(sw).sort());
    for (const [key, value] of [...Object.entries(sw), ...Object.entries(en)]) {
      expect(typeof value === "string" && value.trim().length > 0, `${file}: ${key} is empty`).toBe(true);
    }
  });

  it.each(files)("%s uses the same placeholders in both languages", (file) => {
    const sw = load("sw", file);
    const en = load("en", file);
    const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(sw)) expect(placeholders(en[key]), `${file}: ${key}`).toEqual(placeholders(sw[key]));
  });

  it("translates on the server in the page's language", () => {
    expect(getT("sw")("skipLink")).toBe("Ruka hadi maudhui makuu");
    expect(getT("en")("skipLink")).toBe("Skip to main content");
    expect(getT("en", "catalogue")("trust.confirmed", { institution: "RITA", date: "1 May 2026" })).toBe("Confirmed by RITA on 1 May 2026");
    expect(getT("sw", "search")("count", { count: 1 })).toBe("Huduma 1 imepatikana");
    expect(getT("en", "search")("count", { count: 3 })).toBe("3 services found");
  });
});
