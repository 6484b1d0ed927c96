// A small round-robin HTTP load balancer in plain Node, for running several portal instances on
// one machine (scripts/cluster.mjs): benchmarks, and the cluster test that CI runs.
//
// - Requests alternate between the backends (no sticky sessions): whatever one instance knows
//   about a citizen, the next request may need from the other.
// - The method, path, headers and body are forwarded as they come (the body streamed); the
//   client's address is appended to X-Forwarded-For (the portals run with TRUSTED_PROXY_HOPS=1),
//   with X-Forwarded-Proto and X-Forwarded-Host beside it; the Host header is kept.
// - A backend whose connection is refused (stopped, or stopping: it no longer listens) is skipped
//   for a moment and the request goes to the next one: nothing of it was sent, so this is safe
//   whatever the method.
// - Once a request was sent, only GET and HEAD are tried again elsewhere (when the backend fails
//   before its answer began). Any other request that fails gets 502: the backend may have acted
//   on it, and sending it twice could make two of something.
// - One new connection to a backend per request (no keep-alive), so that a refused connection
//   always means "not sent", never a stale pooled socket.
// Every answer names the backend that gave it in X-Cluster-Backend (for tests and benchmarks).
import http from "node:http";
import { localServer } from "./local-server.mjs";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
const IDEMPOTENT = new Set(["GET", "HEAD"]);

/** Headers without the hop-by-hop ones (and those a Connection header names). */
function endToEnd(headers) {
  const named = new Set(
    String(headers.connection ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const kept = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && !named.has(name) && value !== undefined) kept[name] = value;
  }
  return kept;
}

/**
 * createBalancer({ backends: [{ name, host, port }], host, port, skipMs })
 * → { server, url, listen(), close(), stats(), backends }. `listen()` resolves with the URL.
 */
export function createBalancer({ backends, host = "127.0.0.1", port = 0, skipMs = 1000, onEvent = () => {} }) {
  const state = backends.map((backend) => ({ ...backend, skipUntil: 0, requests: 0, refused: 0, failed: 0 }));
  const totals = { requests: 0, retried: 0, badGateway: 0 };
  let turn = 0;

  /** This request's backends in the order to try them: the next in turn first; skipped ones last. */
  function order() {
    const start = turn++ % state.length;
    const ring = state.map((_, i) => state[(start + i) % state.length]);
    const now = Date.now();
    return [...ring.filter((b) => b.skipUntil <= now), ...ring.filter((b) => b.skipUntil > now)];
  }

  function badGateway(res, why) {
    totals.badGateway++;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
    res.end(`Bad gateway: ${why}\n`);
  }

  /** Sends the request to the first of `candidates`; `exchange` is the request's own: its body read or not, its current upstream. */
  function forward(req, res, candidates, forwarded, exchange) {
    const backend = candidates.shift();
    if (!backend) return badGateway(res, "no backend accepted the connection");
    backend.requests++;
    let connected = false;
    let answered = false;
    const upstream = http.request({
      host: backend.host,
      port: backend.port,
      method: req.method,
      path: req.url,
      headers: forwarded,
      agent: false,
    });
    exchange.upstream = upstream;
    upstream.on("socket", (socket) => {
      const start = () => {
        connected = true;
        // Only now is the body read from the client: a refused connection leaves it unread, for
        // the next backend. A GET tried again has had its (empty) body read already.
        if (exchange.bodyRead) upstream.end();
        else {
          exchange.bodyRead = true;
          req.pipe(upstream);
        }
      };
      if (socket.connecting) socket.once("connect", start);
      else start();
    });
    upstream.on("response", (answer) => {
      answered = true;
      const headers = endToEnd(answer.headers);
      headers["x-cluster-backend"] = backend.name;
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
      answer.pipe(res);
      // The backend went away in the middle of its answer: the client must see it cut, not complete.
      answer.on("aborted", () => res.destroy());
      answer.on("error", () => res.destroy());
    });
    upstream.on("error", (error) => {
      if (exchange.clientGone) return;
      if (answered) return res.destroy();
      if (!connected) {
        // Refused (or unreachable): nothing was sent. Skip this backend a while, try the next.
        backend.refused++;
        backend.skipUntil = Date.now() + skipMs;
        onEvent({ kind: "refused", backend: backend.name, method: req.method, url: req.url, code: error.code });
        if (candidates.length > 0) totals.retried++;
        return forward(req, res, candidates, forwarded, exchange);
      }
      backend.failed++;
      onEvent({ kind: "failed", backend: backend.name, method: req.method, url: req.url, code: error.code });
      if (IDEMPOTENT.has(req.method ?? "") && !res.headersSent && candidates.length > 0) {
        totals.retried++;
        return forward(req, res, candidates, forwarded, exchange);
      }
      return badGateway(res, `${backend.name} failed (${error.code ?? error.message}) after the request was sent`);
    });
  }

  const server = http.createServer((req, res) => {
    totals.requests++;
    const forwarded = endToEnd(req.headers);
    const client = req.socket.remoteAddress ?? "unknown";
    forwarded["x-forwarded-for"] = req.headers["x-forwarded-for"] ? `${req.headers["x-forwarded-for"]}, ${client}` : client;
    forwarded["x-forwarded-proto"] = "http";
    if (req.headers.host) forwarded["x-forwarded-host"] = req.headers.host;
    const exchange = { bodyRead: false, upstream: undefined, clientGone: false };
    // The client gave up: so does the request to the backend.
    res.on("close", () => {
      if (res.writableFinished) return;
      exchange.clientGone = true;
      exchange.upstream?.destroy();
    });
    forward(req, res, order(), forwarded, exchange);
  });
  server.keepAliveTimeout = 5_000;

  return Object.assign(localServer(server, host, port), {
    server,
    backends: state,
    stats() {
      return {
        ...totals,
        backends: state.map(({ name, requests, refused, failed }) => ({ name, requests, refused, failed })),
      };
    },
  });
}
