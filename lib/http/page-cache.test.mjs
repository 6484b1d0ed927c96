import { describe, expect, it } from "vitest";
import { requestContext, onEveryView, sharePage } from "./request-context.mjs";
import { createPageCache, knownQuery, pageGeneration, shareableHeaders, tanzaniaDay } from "./page-cache.mjs";

const page = (text) => ({ headers: [["content-type", "text/html; charset=utf-8"]], body: Buffer.from(text), tag: `W/"${text}"` });

describe("the cache of rendered pages", () => {
  it("serves an entry only in the generation it was rendered in, and lets all older ones go at once", () => {
    const cache = createPageCache();
    const key = cache.keyOf({ url: "/sw/services/pasipoti", scripts: "enhancements", setsLanguage: false });
    expect(cache.lookup(key, "7:2026-12-05").entry).toBeUndefined();
    cache.set(key, "7:2026-12-05", page("v7"));
    cache.set("other", "7:2026-12-05", page("other"));
    expect(cache.lookup(key, "7:2026-12-05")).toMatchObject({ fresh: true, entry: { body: Buffer.from("v7") } });
    // A publish (version 8) or a new day: the old pages are gone, on this instance for good.
    expect(cache.lookup(key, "8:2026-12-05").entry).toBeUndefined();
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
    expect(cache.lookup(key, "7:2026-12-05").entry).toBeUndefined();
  });

  it("keeps pages apart by address, data-saver mode and whether the language cookie is set, and keeps no made-up parameters", () => {
    const cache = createPageCache();
    const keys = [
      cache.keyOf({ url: "/sw", scripts: "enhancements", setsLanguage: false }),
      cache.keyOf({ url: "/sw", scripts: "none", setsLanguage: false }),
      cache.keyOf({ url: "/sw", scripts: "enhancements", setsLanguage: true }),
      cache.keyOf({ url: "/en", scripts: "enhancements", setsLanguage: false }),
      cache.keyOf({ url: "/sw/search?q=pasipoti", scripts: "enhancements", setsLanguage: false }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    // A search typed as a novel, a parameter no page reads, one given twice: rendered, never kept.
    expect(cache.keyOf({ url: `/sw/search?q=${"a".repeat(600)}`, scripts: "enhancements", setsLanguage: false })).toBeUndefined();
    expect(cache.keyOf({ url: "/sw/services?x=1", scripts: "enhancements", setsLanguage: false })).toBeUndefined();
    expect(knownQuery("/api/v1/services?page=2&per_page=20&q=kodi")).toBe(true);
    expect(knownQuery("/sw/search?q=a&q=b")).toBe(false);
  });

  it("lets entries go stale after their age, not all at once, and the least recently used go first past its limits", () => {
    let now = 0;
    let draw = 0;
    const cache = createPageCache({ maxEntries: 2, maxAgeMs: 1000, clock: () => now, random: () => [0, 1, 1][draw++] ?? 0.5 });
    cache.set("a", "g", page("a")); // lives 750 ms
    cache.set("b", "g", page("b")); // lives 1,250 ms, as c will
    expect(cache.lookup("a", "g").fresh).toBe(true); // a is now the most recent
    cache.set("c", "g", page("c"));
    expect(cache.lookup("b", "g").entry).toBeUndefined();
    now = 800;
    expect(cache.lookup("a", "g")).toMatchObject({ fresh: false, entry: { body: Buffer.from("a") } });
    expect(cache.lookup("c", "g").fresh).toBe(true);

    const small = createPageCache({ maxBytes: 80 });
    for (const name of "abcdefghi") small.set(name, "g", page(name.repeat(10)));
    expect(small.size()).toEqual({ entries: 8, bytes: 80 });
    expect(small.lookup("a", "g").entry).toBeUndefined();
    expect(small.lookup("i", "g").entry).toBeDefined();
    // A page larger than an eighth of the whole is not kept at all.
    small.set("big", "g", page("b".repeat(11)));
    expect(small.lookup("big", "g").entry).toBeUndefined();
    expect(createPageCache({ maxBytes: 0 }).enabled).toBe(false);
  });

  it("counts the compressed copies in its size, and tries a failed compression again", async () => {
    const cache = createPageCache({ maxBytes: 1000 });
    cache.set("k", "g", page("x".repeat(100)));
    const { entry } = cache.lookup("k", "g");
    await cache.encoded("k", entry, "br", async () => ({ body: Buffer.alloc(30), encoding: "br" }));
    expect(cache.size().bytes).toBe(130);
    await expect(cache.encoded("k", entry, "gzip", () => Promise.reject(new Error("no")))).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await cache.encoded("k", entry, "gzip", async () => ({ body: Buffer.alloc(40), encoding: "gzip" }))).body.length).toBe(40);
    expect(cache.size().bytes).toBe(170);
  });

  it("has one render of an address at a time, which the others can wait for", async () => {
    const cache = createPageCache();
    expect(cache.rendering("k")).toBeUndefined();
    const finished = cache.render("k");
    const waiting = cache.rendering("k");
    expect(waiting).toBeInstanceOf(Promise);
    let settled = false;
    void waiting.then(() => (settled = true));
    finished();
    await waiting;
    expect(settled).toBe(true);
    expect(cache.rendering("k")).toBeUndefined();
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
