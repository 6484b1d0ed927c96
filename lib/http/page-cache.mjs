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

const DAY_OFFSET_MS = 3 * 60 * 60 * 1000; // East Africa Time, UTC+3, no daylight saving.

/** Today in Tanzania, as YYYY-MM-DD. */
export function tanzaniaDay(now = Date.now()) {
  return new Date(now + DAY_OFFSET_MS).toISOString().slice(0, 10);
}

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

/**
 * A bounded cache (by entries and bytes, least recently used out first). Each entry:
 * { generation, storedAt, headers, body, tag, replays, encoded }.
 */
export function createPageCache({
  maxEntries = 4000,
  maxBytes = 128 * 1024 * 1024,
  maxAgeMs = 5 * 60 * 1000,
  maxKeyLength = 512,
  clock = Date.now,
} = {}) {
  const entries = new Map();
  let bytes = 0;
  const stats = { hits: 0, misses: 0, stored: 0, stale: 0 };

  function drop(key) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.body.length;
  }

  return {
    enabled: maxEntries > 0 && maxBytes > 0,
    stats,
    size: () => ({ entries: entries.size, bytes }),

    /** The key of a request, or undefined when its address is too long to be worth keeping. */
    keyOf({ url, scripts, setsLanguage }) {
      if (url.length > maxKeyLength) return undefined;
      return `${scripts}|${setsLanguage ? "set-lang" : "lang"}|${url}`;
    },

    /** The entry for a key in this generation, if one is fresh. */
    get(key, generation) {
      const entry = entries.get(key);
      if (!entry) {
        stats.misses++;
        return undefined;
      }
      if (entry.generation !== generation || clock() - entry.storedAt > maxAgeMs) {
        drop(key);
        stats.stale++;
        stats.misses++;
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      stats.hits++;
      return entry;
    },

    set(key, generation, { headers, body, tag, replays = [] }) {
      if (!this.enabled || body.length > maxBytes / 8) return;
      drop(key);
      entries.set(key, { generation, storedAt: clock(), headers, body, tag, replays, encoded: {} });
      bytes += body.length;
      stats.stored++;
      for (const [oldest] of entries) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        drop(oldest);
      }
    },

    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}
