// The process's Prometheus metrics (prom-client), shared by server.mjs, which times every request,
// and the portal's own code (lib/metrics.ts), which counts sign-in failures and outside systems'
// errors and reads the job queue when scraped. One registry per process, on globalThis, so that
// server.mjs and Next's bundles share it. Plain JavaScript: server.mjs imports it outside Next.js.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A request's path as a route label with a bounded set of values: the language as {locale}, and
 * every segment past the second (a listing's slug, an application's id) as :x, so that no label
 * carries a name, a reference or anything a visitor typed.
 */
export function routeOf(url) {
  const path = String(url ?? "/").split(/[?#]/)[0];
  if (path.startsWith("/_next/")) return "/_next/*";
  if (path.startsWith("/enhance/")) return "/enhance/*";
  const parts = path.split("/").filter(Boolean);
  if (parts.length === 0) return "/";
  const shown = parts.map((part, i) => {
    if (i === 0 && (part === "sw" || part === "en")) return "{locale}";
    if (UUID.test(part)) return ":x";
    const kept = parts[0] === "api" ? 3 : 2;
    return i < kept && /^[a-z0-9-]{1,40}$/.test(part) ? part : ":x";
  });
  return `/${shown.slice(0, 6).join("/")}`;
}

function create() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "dirisha-portal" });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: "dirisha_http_requests_total",
      help: "HTTP requests answered, by route and status",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    latency: new Histogram({
      name: "dirisha_http_request_seconds",
      help: "Time to answer an HTTP request, by route",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    signInFailures: new Counter({
      name: "dirisha_sign_in_failures_total",
      help: "Citizens' sign-in steps that failed, by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
    pageCache: new Counter({
      name: "dirisha_page_cache_total",
      help: "Anonymous public pages: sent from the cache of rendered pages (hit), rendered (miss), rendered and kept (stored)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    outsideErrors: new Counter({
      name: "dirisha_outside_system_errors_total",
      help: "Calls to outside systems that failed, by system",
      labelNames: ["system"],
      registers: [registry],
    }),
  };
}

/** The process's metrics, made on first use. */
export function processMetrics() {
  globalThis.dirishaMetrics ??= create();
  return globalThis.dirishaMetrics;
}

/** Times one request from its start to the end of its response (server.mjs). */
export function timeRequest(req, res) {
  const metrics = processMetrics();
  const route = routeOf(req.url);
  const method = req.method === "GET" || req.method === "POST" || req.method === "HEAD" ? req.method : "OTHER";
  const stop = metrics.latency.startTimer({ method, route });
  res.once("finish", () => {
    stop();
    metrics.requests.inc({ method, route, status: String(res.statusCode) });
  });
}
