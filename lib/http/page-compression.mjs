// Whole-page compression for server.mjs, off the request thread and done once per page version.
//
// A page is compressed as a whole (smaller than chunk by chunk: what counts is fitting the first
// 14 KB flight), with brotli at a high quality for browsers that take it, else gzip. Compressing
// 80 KB at brotli quality 10 takes ~40 ms of CPU: done synchronously it stopped every other
// request meanwhile (GePG's callbacks included). Here it runs on libuv's thread pool, and its
// result is kept by the page's content hash, so that the same page (an anonymous visitor's view
// of a listing, the home page) is compressed once per version, however many ask for it, and
// concurrent first requests for it share one compression. Plain JavaScript: server.mjs imports it
// outside Next.js.
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Which encoding a client takes, best first: "br", "gzip" or none. */
export function chooseEncoding(acceptEncoding) {
  const accepted = String(acceptEncoding ?? "");
  if (/\bbr\b/.test(accepted)) return "br";
  if (/\bgzip\b/.test(accepted)) return "gzip";
  return undefined;
}

/**
 * A compressor with a bounded cache of recent results (by entries and bytes, least recently used
 * out first). `compress(body, acceptEncoding)` resolves with `{ body, encoding }`.
 */
export function createPageCompressor({ maxEntries = 512, maxBytes = 32 * 1024 * 1024, brotliQuality = 10, minBytes = 1024 } = {}) {
  const cache = new Map(); // key → Buffer, in order of last use
  const pending = new Map(); // key → Promise<Buffer>
  let bytes = 0;
  const stats = { hits: 0, misses: 0, shared: 0 };

  function remember(key, compressed) {
    cache.set(key, compressed);
    bytes += compressed.length;
    for (const [oldest, value] of cache) {
      if (cache.size <= maxEntries && bytes <= maxBytes) break;
      cache.delete(oldest);
      bytes -= value.length;
    }
  }

  async function compress(body, acceptEncoding) {
    const encoding = chooseEncoding(acceptEncoding);
    if (!encoding || body.length < minBytes) return { body };
    const key = `${encoding}:${createHash("sha256").update(body).digest("base64")}`;
    const cached = cache.get(key);
    if (cached) {
      stats.hits++;
      cache.delete(key);
      cache.set(key, cached);
      return { body: cached, encoding };
    }
    let running = pending.get(key);
    if (running) stats.shared++;
    else {
      stats.misses++;
      running =
        encoding === "br"
          ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
          : gzipAsync(body, { level: 9 });
      pending.set(key, running);
      running.then(
        (compressed) => {
          pending.delete(key);
          remember(key, compressed);
        },
        () => pending.delete(key),
      );
    }
    return { body: await running, encoding };
  }

  return { compress, stats, size: () => ({ entries: cache.size, bytes }) };
}
