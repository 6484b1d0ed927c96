import "server-only";
import { databaseHandle } from "@/db";
import { ping } from "@/db/client";

/** For the health check: one round trip to the database; the engine that answered, or the error that stopped it. */
export async function databaseEngine(): Promise<"pglite" | "postgresql"> {
  const handle = await databaseHandle();
  await ping(handle.db);
  return handle.engine;
}
