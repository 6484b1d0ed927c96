import { describe, expect, it } from "vitest";
import { cleanText, hasControlCharacters, hasLoneSurrogates, isCleanText, withoutLoneSurrogates } from "./control-characters";

describe("text PostgreSQL cannot store as it is", () => {
  it("is a control character (tab and line breaks are text) or half a surrogate pair alone", () => {
    expect(hasControlCharacters("a\u0000b")).toBe(true);
    expect(hasControlCharacters("a\tb\r\nc")).toBe(false);
    expect(hasLoneSurrogates("a\ud800b")).toBe(true);
    expect(hasLoneSurrogates("a\udc00")).toBe(true);
    expect(hasLoneSurrogates("😀 \u202e")).toBe(false);
    expect(isCleanText("Cheti 😀\tkiko tayari\n")).toBe(true);
    expect(isCleanText("Cheti\u0007")).toBe(false);
    expect(isCleanText("\ud83d")).toBe(false);
  });

  it("is made storable without losing the words: controls dropped, halves of pairs shown as �", () => {
    expect(withoutLoneSurrogates("a\ud800b😀")).toBe("a\ufffdb😀");
    expect(cleanText("Cheti\u0000 kiko\u001b tayari \ud83d.")).toBe("Cheti kiko tayari \ufffd.");
  });
});
