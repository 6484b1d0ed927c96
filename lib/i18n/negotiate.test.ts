import { describe, expect, it } from "vitest";
import { negotiateLocale, pathAfterLocale } from "./negotiate";

describe("choosing a visitor's language", () => {
  it("prefers Swahili when the browser names no language we have", () => {
    expect(negotiateLocale(null, undefined)).toBe("sw");
    expect(negotiateLocale("fr-FR,fr;q=0.9", undefined)).toBe("sw");
    expect(negotiateLocale("", undefined)).toBe("sw");
  });

  it("follows the browser's order and weights", () => {
    expect(negotiateLocale("en-GB,en;q=0.9", undefined)).toBe("en");
    expect(negotiateLocale("sw-TZ,sw;q=0.9,en;q=0.8", undefined)).toBe("sw");
    expect(negotiateLocale("fr;q=1,en;q=0.5,sw;q=0.7", undefined)).toBe("sw");
    expect(negotiateLocale("en;q=0,sw;q=0.1", undefined)).toBe("sw");
    expect(negotiateLocale("de, EN-us;q=0.8", undefined)).toBe("en");
  });

  it("keeps the language the visitor chose before", () => {
    expect(negotiateLocale("sw-TZ", "en")).toBe("en");
    expect(negotiateLocale("en", "xx")).toBe("en");
  });
});

describe("the path after the language", () => {
  it("strips the language and never yields a protocol-relative link", () => {
    expect(pathAfterLocale("/sw")).toBe("/");
    expect(pathAfterLocale("/en/services/tin-registration")).toBe("/services/tin-registration");
    expect(pathAfterLocale("/sw//evil.example/x")).toBe("/evil.example/x");
    expect(pathAfterLocale("/swahili")).toBe("/swahili");
  });
});
