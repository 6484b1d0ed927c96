import { expect, test } from "../fixtures";

/*
 * What operators and their load balancers ask of an instance: is it alive, is it ready, and its
 * metrics (from loopback here, as a Prometheus beside it would; others are refused, lib/metrics.test.ts).
 */

test("liveness, readiness and Prometheus's metrics answer as operators expect", async ({ request }) => {
  const live = await request.get("/api/health/live");
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ status: "live" });
  const ready = await request.get("/api/health/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready", database: true, queue: true });

  // Every answer names its request, the one a proxy in front gave when it looks like an id.
  const page = await request.get("/sw/services?x=1");
  expect(page.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const named = await request.get("/sw", { headers: { "X-Request-Id": "lb-7f3a9c21" } });
  expect(named.headers()["x-request-id"]).toBe("lb-7f3a9c21");
  const metrics = await request.get("/api/metrics");
  expect(metrics.status()).toBe(200);
  expect(metrics.headers()["content-type"]).toContain("text/plain");
  const body = await metrics.text();
  expect(body).toMatch(/dirisha_http_requests_total\{[^}]*route="\/\{locale\}\/services"[^}]*status="200"[^}]*\} \d+/);
  expect(body).toMatch(/dirisha_http_request_seconds_bucket\{/);
  expect(body).toContain("dirisha_queue_waiting_jobs");
  expect(body).toContain("process_resident_memory_bytes");
});
