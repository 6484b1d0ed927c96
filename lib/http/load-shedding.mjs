// Load shedding for server.mjs: past a number of requests in flight, an instance answers at once
// with 503 and Retry-After rather than queueing work it cannot finish in time and falling over.
// The load balancer and the browser try again; the health checks and the metrics are always
// answered, so that operators see an overloaded instance as such. Plain JavaScript.

const ALWAYS = /^\/api\/(health(\/|$)|metrics$)/;

/**
 * limit: the most requests in flight (0: no limit); retryAfterSeconds: what Retry-After says;
 * body: the short text the refusal carries (both languages).
 */
export function createLoadShedder({ limit, retryAfterSeconds = 5, body = "Busy" }) {
  let inFlight = 0;
  let shed = 0;
  return {
    /** Admits the request (true) and counts it until its response closes, or answers 503 (false). */
    admit(req, res) {
      // Always answered, and not counted: they are cheap, and they are how operators see the load.
      if (ALWAYS.test(String(req.url ?? "/").split("?")[0])) return true;
      if (limit > 0 && inFlight >= limit) {
        shed++;
        res.writeHead(503, {
          "Retry-After": String(retryAfterSeconds),
          "Content-Type": "text/plain; charset=utf-8",
          "Cache-Control": "no-store",
        });
        res.end(body);
        return false;
      }
      inFlight++;
      res.once("close", () => inFlight--);
      return true;
    },
    inFlight: () => inFlight,
    shed: () => shed,
  };
}
