import "server-only";
import { Gauge } from "prom-client";
import { sql } from "drizzle-orm";
import { getDb, type Database } from "@/db";
import { env } from "@/lib/env";
import { addressAllowed, sameSecret } from "@/lib/http/callers";
import { processMetrics } from "@/lib/http/metrics.mjs";
import { QUEUE_SCHEMA } from "@/lib/jobs/queue";

/**
 * The portal's metrics for Prometheus (GET /api/metrics, for operators only): requests and
 * latency by route (server.mjs), sign-in failures, outside systems' errors, and the job queue's
 * depth, oldest waiting job and dead letters by queue, read from the database when scraped so
 * that every instance reports the one shared queue.
 */

export type OutsideSystem = "govesb" | "gepg" | "mgov";

export function countSignInFailure(reason: string): void {
  processMetrics().signInFailures.inc({ reason });
}

export function countOutsideError(system: OutsideSystem): void {
  processMetrics().outsideErrors.inc({ system });
}

type QueueRow = { name: string; waiting: number | string; oldest: number | string | null };

function queueGauges() {
  const metrics = processMetrics() as ReturnType<typeof processMetrics> & { queue?: { depth: Gauge; age: Gauge; dead: Gauge } };
  metrics.queue ??= {
    depth: new Gauge({
      name: "dirisha_queue_waiting_jobs",
      help: "Jobs waiting to be delivered, by queue",
      labelNames: ["queue"],
      registers: [metrics.registry],
    }),
    age: new Gauge({
      name: "dirisha_queue_oldest_waiting_seconds",
      help: "Age of the oldest waiting job, by queue",
      labelNames: ["queue"],
      registers: [metrics.registry],
    }),
    dead: new Gauge({
      name: "dirisha_queue_dead_letters",
      help: "Deliveries that gave up and wait for an operator, by queue",
      labelNames: ["queue"],
      registers: [metrics.registry],
    }),
  };
  return metrics.queue;
}

/** The metrics in Prometheus's text format, the queue read now (on the process's database by default). */
export async function metricsText(db?: Database): Promise<{ contentType: string; body: string }> {
  const gauges = queueGauges();
  db ??= await getDb();
  const result: unknown = await db.execute(
    sql`select name, count(*) as waiting, extract(epoch from now() - min(created_on)) as oldest
        from ${sql.identifier(QUEUE_SCHEMA)}.job where state in ('created', 'retry') group by name`,
  );
  const rows = (typeof result === "object" && result !== null && "rows" in result ? result.rows : result) as QueueRow[];
  gauges.depth.reset();
  gauges.age.reset();
  gauges.dead.reset();
  for (const row of rows) {
    if (row.name.endsWith("-dead")) gauges.dead.set({ queue: row.name.slice(0, -5) }, Number(row.waiting));
    else {
      gauges.depth.set({ queue: row.name }, Number(row.waiting));
      gauges.age.set({ queue: row.name }, Math.max(0, Number(row.oldest ?? 0)));
    }
  }
  const { registry } = processMetrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * Who may read the metrics: a caller with the bearer token (METRICS_TOKEN), or one from an
 * allowed address (METRICS_ALLOWED_ADDRESSES, loopback by default: a Prometheus beside the
 * portal). Everyone else is refused, whatever they send.
 */
export function metricsAllowed(headers: Headers): boolean {
  const config = env();
  const token = config.METRICS_TOKEN;
  if (token && sameSecret(headers.get("authorization") ?? "", `Bearer ${token}`)) return true;
  // An empty list means nobody here (for the ussd callers it means anybody).
  return config.METRICS_ALLOWED_ADDRESSES.trim() !== "" && addressAllowed(headers, config.METRICS_ALLOWED_ADDRESSES);
}
