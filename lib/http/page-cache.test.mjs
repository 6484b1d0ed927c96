import { describe, expect, it } from "vitest";
import { requestContext, onEveryView, sharePage } from "./request-context.mjs";
import { createPageCache, pageGeneration, shareableHeaders, tanzaniaDay } from "./page-cache.mjs";

const page = (text) => ({ headers: [["content-type", "text/html; charset=utf-8"]], body: Buffer.from(text), tag: `W/"${text}"` });

describe("the cache of rendered pages", () => {
  it("serves an entry only in the generation it was rendered in", () => {
    const cache = createPageCache();
    const key = cache.keyOf({ url: "/sw/services/pasipoti", scripts: "enhancements", setsLanguage: false });
    expect(cache.get(key, "7:2026-12-05")).toBeUndefined();
    cache.set(key, "7:2026-12-05", page("v7"));
    expect(cache.get(key, "7:2026-12-05")?.body.toString()).toBe("v7");
    // A publish (version 8) or a new day: the old page is gone, on this instance for good.
    expect(cache.get(key, "8:2026-12-05")).toBeUndefined();
    expect(cache.get(key, "7:2026-12-05")).toBeUndefined();
    expect(cache.stats).toMatchObject({ hits: 1, stored: 1, stale: 1 });
  });

  it("keeps pages apart by address, data-saver mode and whether the language cookie is set", () => {
    const cache = createPageCache();
    const keys = [
      cache.keyOf({ url: "/sw", scripts: "enhancements", setsLanguage: false }),
      cache.keyOf({ url: "/sw", scripts: "none", setsLanguage: false }),
      cache.keyOf({ url: "/sw", scripts: "enhancements", setsLanguage: true }),
      cache.keyOf({ url: "/en", scripts: "enhancements", setsLanguage: false }),
      cache.keyOf({ url: "/sw/search?q=pasipoti", scripts: "enhancements", setsLanguage: false }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    // A search typed as a novel is rendered, never kept.
    expect(cache.keyOf({ url: `/sw/search?q=${"a".repeat(600)}`, scripts: "enhancements", setsLanguage: false })).toBeUndefined();
  });

  it("lets entries expire, and the least recently used go first past its limits", () => {
    let now = 0;
    const cache = createPageCache({ maxEntries: 2, maxAgeMs: 1000, clock: () => now });
    cache.set("a", "g", page("a"));
    cache.set("b", "g", page("b"));
    expect(cache.get("a", "g")).toBeDefined(); // a is now the most recent
    cache.set("c", "g", page("c"));
    expect(cache.get("b", "g")).toBeUndefined();
    expect(cache.get("a", "g")).toBeDefined();
    now = 1001;
    expect(cache.get("c", "g")).toBeUndefined();

    const small = createPageCache({ maxBytes: 80 });
    for (const name of "abcdefghi") small.set(name, "g", page(name.repeat(10)));
    expect(small.size()).toEqual({ entries: 8, bytes: 80 });
    expect(small.get("a", "g")).toBeUndefined();
    expect(small.get("i", "g")).toBeDefined();
    // A page larger than an eighth of the whole is not kept at all.
    small.set("big", "g", page("b".repeat(11)));
    expect(small.get("big", "g")).toBeUndefined();
    expect(createPageCache({ maxBytes: 0 }).enabled).toBe(false);
  });

  it("keeps a page's headers but not the response's, and never a page that sets any cookie but the language", () => {
    expect(
      shareableHeaders({
        "content-type": "text/html",
        "x-request-id": "abc",
        "content-length": "10",
        "x-dirisha-cache": "miss",
        "set-cookie": ["dirisha_lang=sw; Path=/"],
      }),
    ).toEqual([
      ["content-type", "text/html"],
      ["set-cookie", ["dirisha_lang=sw; Path=/"]],
    ]);
    expect(shareableHeaders({ "set-cookie": ["dirisha_lang=sw", "authjs.session-token=x"] })).toBeUndefined();
    expect(shareableHeaders({ "set-cookie": "dirisha_staff=x" })).toBeUndefined();
  });

  it("counts the generation from the day in Tanzania (UTC+3) and not before the catalogue is loaded", () => {
    expect(tanzaniaDay(Date.parse("2026-12-05T20:59:59Z"))).toBe("2026-12-05");
    expect(tanzaniaDay(Date.parse("2026-12-05T21:00:00Z"))).toBe("2026-12-06");
    expect(pageGeneration(12, Date.parse("2026-12-05T10:00:00Z"))).toBe("12:2026-12-05");
    expect(pageGeneration(undefined)).toBeUndefined();
  });

  it("hears from the page, through the request's context, that it may be shared and what it does on every view", () => {
    const seen = [];
    const store = { requestId: "req-1" };
    requestContext.run(store, () => {
      sharePage();
      onEveryView((headers, address) => seen.push([headers.get("user-agent"), address]));
    });
    expect(store.shared).toBe(true);
    store.replays[0](new Headers({ "user-agent": "simu" }), "10.0.0.1");
    expect(seen).toEqual([["simu", "10.0.0.1"]]);
    // Outside a request (the worker, a test): nothing to say it to, and nothing breaks.
    expect(() => sharePage()).not.toThrow();
  });
});
