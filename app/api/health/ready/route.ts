import { readiness } from "@/lib/health";

/**
 * Readiness, for the load balancer: 200 when this instance can serve (its database answers and
 * the job queue's tables are there), 503 while not; it recovers by itself when the database returns.
 */
export async function GET() {
  const ready = await readiness();
  return Response.json(ready, { status: ready.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
