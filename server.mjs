#!/usr/bin/env node
// The portal's HTTP server: Next.js as `next start` would run it, plus what Next cannot do alone
// for pages sent to phones on 2G (decision 0006): citizens' pages without the framework's scripts
// (lib/http/page-scripts.mjs), each whole page compressed once per version off the request thread
// (lib/http/page-compression.mjs), public pages revalidated with an ETag instead of no-store, and
// anonymous visitors' public pages rendered once and then sent from a cache (lib/http/page-cache.mjs).
import { createHash } from "node:crypto";
import http from "node:http";
import path from "node:path";
import next from "next";
import fs from "node:fs";
import { addressList, plainAddress } from "./lib/http/address-list.mjs";
import { createActionGuard, isActionPost } from "./lib/http/action-guard.mjs";
import { createLoadShedder } from "./lib/http/load-shedding.mjs";
import { applySecurityHeaders } from "./lib/http/security-headers.mjs";
import { processMetrics, timeRequest } from "./lib/http/metrics.mjs";
import { requestContext, requestIdFor } from "./lib/http/request-context.mjs";
import { createPageCache, pageGeneration, shareableHeaders } from "./lib/http/page-cache.mjs";
import { chooseEncoding, createPageCompressor } from "./lib/http/page-compression.mjs";
import { cookieOf, scriptsFor, withScripts } from "./lib/http/page-scripts.mjs";

const root = path.dirname(new URL(import.meta.url).pathname);
// How many proxies in front of the portal append to X-Forwarded-For (0: clients connect directly).
const trustedProxyHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
const port = Number(process.env.PORT ?? 3000);
// Loopback unless told otherwise: an instance is reached through the load balancer or proxy in
// front of it, and a trial machine is not opened to its network by starting the portal.
const hostname = process.env.HOSTNAME ?? "127.0.0.1";

// No hostname here (Next then builds request URLs from each request's own Host header); the port
// is for its own internal requests (following a server action's redirect).
const app = next({ dev: false, dir: root, port });
const handle = app.getRequestHandler();

/** Page requests, whose whole HTML is rendered before it is sent (no streaming), so buffering it costs nothing. */
function isPage(req) {
  return /^\/(sw|en)(\/|$)/.test((req.url ?? "/").split("?")[0]) && req.headers["rsc"] === undefined;
}

/** Reads of the open data (the catalogue as JSON), answered whole: kept in the cache of rendered pages like them. */
function isOpenData(req) {
  return (req.method === "GET" || req.method === "HEAD") && /^\/api\/v1\//.test(req.url ?? "/");
}

// Pages are compressed off the request thread, once per page version (lib/http/page-compression.mjs).
const pageCompressor = createPageCompressor();

// Rendered anonymous public pages, by address, data-saver mode and generation (catalogue version
// and day); PAGE_CACHE_MB of pages at most, compressed copies included (0: no cache).
const pageCacheMb = Number(process.env.PAGE_CACHE_MB ?? 128);
const pageCache = createPageCache({ maxBytes: (Number.isFinite(pageCacheMb) ? pageCacheMb : 128) * 1024 * 1024 });

/** The generation this process renders pages in (lib/catalogue/current.ts says the version), or undefined before the catalogue is loaded. */
function currentGeneration() {
  return pageGeneration(globalThis.dirishaCatalogueVersion?.());
}

// Who is told whether a page came from the cache (X-Dirisha-Cache): the addresses that may read
// the metrics. Told to everyone, it would say whether anybody asked for an address (a search)
// in the last few minutes.
const operators = new Set(addressList(process.env.METRICS_ALLOWED_ADDRESSES ?? "127.0.0.1,::1"));
function tellCache(req, res, outcome) {
  processMetrics().pageCache.inc({ outcome });
  if (operators.has(plainAddress(req.headers["x-dirisha-client-address"]))) res.setHeader("X-Dirisha-Cache", outcome);
}

/** The few request headers what a cached page does on every view reads, without copying them all. */
function headersOf(req) {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : String(value);
    },
  };
}

/** Sends a page from the cache: as a render would, with what the page does on every view done again. */
function sendCached(req, res, key, entry, asked, acceptEncoding) {
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  tellCache(req, res, "hit");
  if (req.method === "GET") {
    const address = String(req.headers["x-dirisha-client-address"] ?? "unknown");
    for (const replay of entry.replays) {
      try {
        replay(headersOf(req), address);
      } catch (error) {
        console.error(`cached page's view not replayed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  if (asked.split(",").some((value) => value.trim() === entry.tag)) {
    res.removeHeader("content-type");
    res.removeHeader("content-length");
    res.writeHead(304).end();
    return;
  }
  const encoding = chooseEncoding(acceptEncoding) ?? "identity";
  const send = ({ body, encoding: sentEncoding }) => {
    if (sentEncoding) res.setHeader("Content-Encoding", sentEncoding);
    res.setHeader("Content-Length", body.length);
    res.writeHead(200);
    res.end(req.method === "HEAD" ? undefined : body);
  };
  return pageCache
    .encoded(key, entry, encoding, () => pageCompressor.compress(entry.body, acceptEncoding))
    .then(send, () => send({ body: entry.body }));
}

// Cookies an anonymous visitor may carry: the language and the data-saver choice. Any other (a
// session, a sign-in step, staff) means the page may hold personal data.
const ANONYMOUS_COOKIES = new Set(["dirisha_lang", "dirisha_lite"]);
const PERSONAL_PATHS = /^\/(sw|en)\/(account|payments|applications|sign-in|signed-out|staff|a|b|f)(\/|$)/;

/**
 * Whether this page may be kept by the browser and revalidated (ETag, 304) rather than fetched
 * whole every time: an anonymous visitor's GET of a public page. Then the back/forward cache
 * works and a repeat visit costs a few hundred bytes. Anything personal stays no-store.
 */
export function revalidatable(req) {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (PERSONAL_PATHS.test((req.url ?? "/").split("?")[0])) return false;
  const names = (req.headers.cookie ?? "")
    .split(";")
    .map((part) => part.split("=")[0].trim())
    .filter(Boolean);
  return names.every((name) => ANONYMOUS_COOKIES.has(name));
}

/** A weak validator for a page's bytes as sent before compression (each encoding is the same page). */
function pageTag(body) {
  return `W/"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** A page or the open data: from the cache of rendered pages when it may be, else rendered. */
function servePage(req, res) {
  const scripts = scriptsFor(req);
  const acceptEncoding = req.headers["accept-encoding"] ?? "";
  // Next answers conditional requests on its own terms; the page's validator is set and checked here.
  const asked = String(req.headers["if-none-match"] ?? "");
  // An anonymous visitor's public page: from the cache when it was rendered in this generation.
  const cacheable = revalidatable(req);
  const generation = cacheable && pageCache.enabled ? currentGeneration() : undefined;
  const url = req.url ?? "/";
  // A page sets the language cookie for a visitor whose cookie is not the page's language.
  const setsLanguage = isPage(req) && cookieOf(req, "dirisha_lang") !== url.slice(1, 3);
  const key = generation && pageCache.keyOf({ url, scripts, setsLanguage });
  if (!key) return renderPage(req, res, { scripts, acceptEncoding, asked, cacheable });
  const { entry, fresh } = pageCache.lookup(key, generation);
  const rendering = pageCache.rendering(key);
  // Fresh, or stale while another request renders it again: sent as it is.
  if (entry && (fresh || rendering)) return sendCached(req, res, key, entry, asked, acceptEncoding);
  const render = () => {
    const finished = pageCache.render(key);
    res.once("close", finished);
    tellCache(req, res, "miss");
    return renderPage(req, res, { scripts, acceptEncoding, asked, cacheable, cache: { key, generation, setsLanguage } });
  };
  if (!rendering) return render();
  // Another request is rendering this page (a publish at peak: everybody's first request at
  // once): wait for it, a few seconds at most, and send what it kept; else render it too.
  return Promise.race([rendering, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]).then(() => {
    const now = currentGeneration();
    const kept = now === generation ? pageCache.lookup(key, now) : { fresh: false };
    return kept.entry && kept.fresh ? sendCached(req, res, key, kept.entry, asked, acceptEncoding) : render();
  });
}

/**
 * Lets Next write a page into a buffer, removes the scripts the page goes without, then
 * compresses the whole page at once (smaller than Next's chunk-by-chunk compression: what counts
 * is fitting the first 14 KB flight); keeps it in the cache when `cache` says where and the page
 * said it may be shared.
 */
function renderPage(req, res, { scripts, acceptEncoding, asked, cacheable, cache }) {
  const page = isPage(req);
  // What the page says of itself while it renders (sharePage(), onEveryView()).
  const context = requestContext.getStore();
  // Open data answers conditional requests itself (lib/catalogue/open-data.ts).
  if (page) {
    delete req.headers["if-none-match"];
    delete req.headers["if-modified-since"];
  }
  // Next compresses when asked to; the page is compressed here instead.
  delete req.headers["accept-encoding"];
  const chunks = [];
  const realWriteHead = res.writeHead.bind(res);
  const realEnd = res.end.bind(res);
  let status;

  res.writeHead = (code, ...rest) => {
    status = code;
    const headers = rest.find((arg) => arg && typeof arg === "object");
    if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    return res;
  };
  res.write = (chunk, encoding, callback) => {
    if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8"));
    if (typeof encoding === "function") encoding();
    else if (typeof callback === "function") callback();
    return true;
  };
  res.end = (chunk, encoding, callback) => {
    if (typeof chunk === "function") [callback, chunk] = [chunk, undefined];
    if (chunk) res.write(chunk, encoding);
    let body = Buffer.concat(chunks);
    if (scripts !== "framework" && String(res.getHeader("content-type") ?? "").startsWith("text/html")) {
      body = Buffer.from(withScripts(body.toString("utf8"), scripts), "utf8");
    }
    // The same address is sent with or without scripts and compressed differently: say on what.
    const vary = new Set(
      String(res.getHeader("vary") ?? "")
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    );
    for (const name of page ? ["Save-Data", "Cookie", "Accept-Encoding"] : ["Accept-Encoding"]) vary.add(name);
    res.setHeader("Vary", [...vary].join(", "));
    res.removeHeader("content-length");
    const finalStatus = status ?? res.statusCode;
    const html = String(res.getHeader("content-type") ?? "").startsWith("text/html");
    // A page's validator is set here; open data sets its own.
    let tag = finalStatus === 200 && !page ? (res.getHeader("etag") ?? pageTag(body)) : undefined;
    if (cacheable && finalStatus === 200 && html) {
      tag = pageTag(body);
      res.setHeader("ETag", tag);
      res.setHeader("Cache-Control", "private, no-cache");
    }
    // Kept for the next anonymous visitor when the page said it may be, rendered for nobody in
    // particular (no citizen or staff member found), and nothing changed meanwhile.
    if (cache && tag && req.method === "GET" && context?.shared && !context.personal && currentGeneration() === cache.generation) {
      const headers = shareableHeaders(res.getHeaders());
      // The language cookie set exactly when the key says a visitor without it asked.
      const setsCookie = headers?.some(([name]) => name.toLowerCase() === "set-cookie") ?? false;
      if (headers && setsCookie === cache.setsLanguage) {
        pageCache.set(cache.key, cache.generation, { headers, body, tag: String(tag), replays: context.replays ?? [] });
        processMetrics().pageCache.inc({ outcome: "stored" });
      }
    }
    if (page && tag && asked.split(",").some((value) => value.trim() === tag)) {
      res.removeHeader("content-type");
      realWriteHead(304);
      realEnd(undefined, typeof callback === "function" ? callback : undefined);
      return res;
    }
    const send = ({ body: sent, encoding }) => {
      if (encoding) res.setHeader("Content-Encoding", encoding);
      res.setHeader("Content-Length", sent.length);
      realWriteHead(status ?? res.statusCode);
      realEnd(req.method === "HEAD" ? undefined : sent, typeof callback === "function" ? callback : undefined);
    };
    // The response is finished when the compressed page is ready; other requests go on meanwhile.
    pageCompressor.compress(body, acceptEncoding).then(send, (error) => {
      console.error(`page not compressed: ${error instanceof Error ? error.message : String(error)}`);
      send({ body });
    });
    return res;
  };
  return handle(req, res);
}

/**
 * Headers the portal trusts are set here and nowhere else: any x-dirisha-* header a client sent
 * is dropped, and the client's address (for rate limits) is taken from the socket, or from
 * X-Forwarded-For counted from the right past the trusted proxies, never from its left end.
 */
export function establishClientAddress(req) {
  for (const name of Object.keys(req.headers)) if (name.startsWith("x-dirisha-")) delete req.headers[name];
  let address = req.socket?.remoteAddress ?? "unknown";
  if (trustedProxyHops > 0) {
    const chain = String(req.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    address = chain[chain.length - trustedProxyHops] ?? address;
  }
  req.headers["x-dirisha-client-address"] = address;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(root, "server.mjs")) {
  await app.prepare();
  // Past MAX_REQUESTS_IN_FLIGHT requests at once (0: no limit), an instance sheds load with 503
  // and Retry-After (lib/http/load-shedding.mjs), saying so in both languages.
  const busy = ["sw", "en"].map((lang) => JSON.parse(fs.readFileSync(path.join(root, "locales", lang, "common.json"), "utf8")).busy);
  const shedder = createLoadShedder({ limit: Number(process.env.MAX_REQUESTS_IN_FLIGHT ?? 200), body: busy.join("\n") });
  // Server Action posts Next.js would refuse with a bare 500 (a body over the limit, a form posted
  // from another site) are answered here: 413 and 403, with a short page in the address's language.
  const actionGuard = createActionGuard({
    words: Object.fromEntries(
      ["sw", "en"].map((lang) => [
        lang,
        JSON.parse(fs.readFileSync(path.join(root, "locales", lang, "common.json"), "utf8")).actionRefused,
      ]),
    ),
  });
  // HSTS and upgrade-insecure-requests where the portal is served over HTTPS (production).
  const https = String(process.env.PORTAL_URL ?? "").startsWith("https://");
  const server = http.createServer((req, res) => {
    establishClientAddress(req);
    applySecurityHeaders(req, res, { https });
    timeRequest(req, res);
    if (!shedder.admit(req, res)) return;
    // Every log line and hand-off of this request carries its id; the answer names it too.
    const requestId = requestIdFor(req.headers["x-request-id"]);
    res.setHeader("X-Request-Id", requestId);
    const serve = () => (isPage(req) || isOpenData(req) ? servePage(req, res) : handle(req, res));
    const done = requestContext.run({ requestId }, () =>
      isActionPost(req) ? actionGuard.check(req, res).then((goesOn) => (goesOn ? serve() : undefined)) : serve(),
    );
    Promise.resolve(done).catch((error) => {
      console.error(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.listen(port, hostname, () => console.log(`Dirisha portal listening on http://localhost:${port}`));
  // Graceful shutdown: readiness answers 503 at once, while the instance goes on answering for
  // SHUTDOWN_GRACE_SECONDS (5) so that the load balancer's next check takes it out before it
  // stops listening (a closed port reads as a failure, not as a planned stop); then it stops
  // taking connections, requests in flight finish (ten seconds at most), the job queue's worker
  // lets its jobs in flight finish (lib/boot.ts), and the process ends. Ctrl-C (SIGINT) skips the grace.
  const graceMs = Number(process.env.SHUTDOWN_GRACE_SECONDS ?? 5) * 1000;
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    globalThis.dirishaStopping = true;
    if (signal === "SIGTERM" && graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    const late = setTimeout(() => server.closeAllConnections(), 10_000);
    await closed;
    clearTimeout(late);
    await Promise.resolve(globalThis.dirishaShutdown?.()).catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
