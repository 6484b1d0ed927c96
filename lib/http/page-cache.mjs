// Render once (issue 20): anonymous visitors' public pages served from a cache of their finished
// HTML instead of being rendered anew for every request. Almost every request to the portal is an
// anonymous phone asking for the home page, a search, a listing or a topic, and what such a page
// shows changes only when the catalogue does (a publish bumps its version), when the day changes
// (a fact's "checked N months ago" is counted from today) or when "most used" is recounted.
//
// An entry is keyed by the address (path and query), the scripts the page goes out with (the
// data-saver mode) and whether the visitor's language cookie still has to be set, and it belongs
// to one generation: the catalogue's version and the day in Tanzania. An entry of an older
// generation is never served, so a publish empties the cache of every instance as soon as that
// instance sees the new version (the one that published at once, the others within the few
// seconds of lib/catalogue/current.ts). Entries also expire after a few minutes.
//
// Only pages that say they are the same for every anonymous visitor are kept (sharePage() in
// request-context.mjs, called by the page), only when rendered for a visitor without a session
// (server.mjs: revalidatable()), only a 200 whose only cookie is the language one. Whatever a page
// does on every view (the listing's view count) it registers with onEveryView(), and a cached
// answer runs it again. Plain JavaScript: server.mjs imports it outside Next.js.
import { tanzaniaDay } from "../tanzania-day.mjs";

/** Today in Tanzania, as YYYY-MM-DD (../tanzania-day.mjs). */
export { tanzaniaDay };

/** The generation pages are rendered in: undefined while the catalogue is not loaded in this process. */
export function pageGeneration(version, now = Date.now()) {
  return typeof version === "number" ? `${version}:${tanzaniaDay(now)}` : undefined;
}

// Headers that belong to one response, not to the page: never kept in an entry.
const PER_RESPONSE = new Set([
  "x-request-id",
  "x-dirisha-cache",
  "content-length",
  "content-encoding",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
]);

/** The headers of a rendered page worth keeping with it, or undefined when it cannot be shared (a cookie other than the language). */
export function shareableHeaders(headers, languageCookie = "dirisha_lang") {
  const kept = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (PER_RESPONSE.has(lower) || value === undefined) continue;
    if (lower === "set-cookie") {
      const cookies = Array.isArray(value) ? value : [value];
      if (!cookies.every((cookie) => String(cookie).startsWith(`${languageCookie}=`))) return undefined;
    }
    kept.push([name, value]);
  }
  return kept;
}

// Query parameters the shared pages and the open data read. An address with any other is rendered
// but never kept: made-up parameters cannot fill the cache and push the pages people read out.
const KNOWN_PARAMETERS = new Set(["q", "page", "per_page", "institution", "category", "life_event", "lang", "service", "problem", "fee"]);

/** Whether an address's query names only parameters the pages read (each once). */
export function knownQuery(url) {
  const query = url.indexOf("?") < 0 ? "" : url.slice(url.indexOf("?") + 1);
  if (!query) return true;
  const names = new URLSearchParams(query);
  const seen = new Set();
  for (const name of names.keys()) {
    if (!KNOWN_PARAMETERS.has(name) || seen.has(name)) return false;
    seen.add(name);
  }
  return true;
}

/**
 * A bounded cache (by entries and bytes, the compressed copies counted too, least recently used
 * out first) of entries { generation, expiresAt, headers, body, tag, replays, encoded }.
 *
 * - Entries of an older generation are dropped all at once when a newer one is first seen.
 * - An entry lives maxAgeMs, give or take a quarter (so that entries stored together do not all
 *   expire together); past it, it is stale: one request renders the page again while the others
 *   are still sent the stale copy.
 * - One render per address at a time: requests for an address being rendered wait for it
 *   (rendering()/rendered()) instead of each rendering it, as after a publish at peak.
 */
export function createPageCache({
  maxEntries = 100_000,
  maxBytes = 128 * 1024 * 1024,
  maxAgeMs = 5 * 60 * 1000,
  maxKeyLength = 512,
  clock = Date.now,
  random = Math.random,
} = {}) {
  const entries = new Map();
  const renders = new Map(); // key → { done: Promise<void>, finish() }
  let bytes = 0;
  let generationSeen;
  const stats = { hits: 0, misses: 0, stored: 0, stale: 0 };

  function sizeOf(entry) {
    return entry.body.length + entry.encodedBytes;
  }
  function drop(key) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= sizeOf(entry);
  }
  function evict() {
    for (const [oldest] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      drop(oldest);
    }
  }
  /** A newer generation: everything older goes at once (it can never be served again). */
  function see(generation) {
    if (generation === generationSeen) return;
    generationSeen = generation;
    entries.clear();
    bytes = 0;
  }

  return {
    enabled: maxEntries > 0 && maxBytes > 0,
    stats,
    size: () => ({ entries: entries.size, bytes }),

    /** The key of a request, or undefined when its address is too long or names unknown parameters. */
    keyOf({ url, scripts, setsLanguage }) {
      if (url.length > maxKeyLength || !knownQuery(url)) return undefined;
      return `${scripts}|${setsLanguage ? "set-lang" : "lang"}|${url}`;
    },

    /** { entry, fresh }: the entry for a key in this generation, if any, and whether it is within its age. */
    lookup(key, generation) {
      see(generation);
      const entry = entries.get(key);
      if (!entry) {
        stats.misses++;
        return { entry: undefined, fresh: false };
      }
      entries.delete(key);
      entries.set(key, entry);
      const fresh = clock() <= entry.expiresAt;
      if (fresh) stats.hits++;
      else stats.stale++;
      return { entry, fresh };
    },

    /** The render of this key under way, if one is: a promise settled when it is done. */
    rendering(key) {
      return renders.get(key)?.done;
    },

    /** Says that this request renders the key; call the returned function when it is done, kept or not. */
    render(key) {
      let finish;
      const done = new Promise((resolve) => (finish = resolve));
      renders.set(key, { done });
      return () => {
        if (renders.get(key)?.done === done) renders.delete(key);
        finish();
      };
    },

    set(key, generation, { headers, body, tag, replays = [] }) {
      if (!this.enabled || body.length > maxBytes / 8) return;
      see(generation);
      drop(key);
      const expiresAt = clock() + maxAgeMs * (0.75 + 0.5 * random());
      entries.set(key, { generation, expiresAt, headers, body, tag, replays, encoded: {}, encodedBytes: 0 });
      bytes += body.length;
      stats.stored++;
      evict();
    },

    /** Keeps an entry's compressed copy with it (made on first request in that encoding), counted in its size. */
    encoded(key, entry, encoding, make) {
      if (!entry.encoded[encoding]) {
        entry.encoded[encoding] = make().then((result) => {
          if (entries.get(key) === entry) {
            entry.encodedBytes += result.body.length;
            bytes += result.body.length;
            evict();
          }
          return result;
        });
        // A compression that failed is tried again by the next request rather than kept.
        entry.encoded[encoding].catch(() => delete entry.encoded[encoding]);
      }
      return entry.encoded[encoding];
    },

    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}
