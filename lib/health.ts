import "server-only";
import { databaseHandle } from "@/db";
import { ping } from "@/db/client";
import { sql } from "drizzle-orm";
import { QUEUE_SCHEMA } from "@/lib/jobs/queue";
import { log } from "@/lib/log";

/** For the health check: one round trip to the database; the engine that answered, or the error that stopped it. */
export async function databaseEngine(): Promise<"pglite" | "postgresql"> {
  const handle = await databaseHandle();
  await ping(handle.db);
  return handle.engine;
}

/** Whether this instance can serve: its database answers, and the job queue's tables are in it. */
export async function readiness(): Promise<{ status: "ready" | "unavailable" | "stopping"; database: boolean; queue: boolean }> {
  // Stopping (server.mjs): the load balancer is told at once, while requests in flight finish.
  if ((globalThis as { dirishaStopping?: boolean }).dirishaStopping) return { status: "stopping", database: false, queue: false };
  let database = false;
  let queue = false;
  try {
    const handle = await databaseHandle();
    await ping(handle.db);
    database = true;
    await handle.db.execute(sql`select 1 from ${sql.identifier(QUEUE_SCHEMA)}.queue limit 1`);
    queue = true;
  } catch (error) {
    log.warn("not ready", { database, queue, error: error instanceof Error ? error.message : String(error) });
  }
  return { status: database && queue ? "ready" : "unavailable", database, queue };
}
