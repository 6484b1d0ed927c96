import "server-only";
import type { PgBoss } from "pg-boss";
import { databaseHandle } from "@/db";
import { jobQueue } from "@/lib/jobs/queue";

/** The process's job queue on the process's database, which bills are handed to for delivery to GePG. */
export async function billQueue(): Promise<PgBoss> {
  return jobQueue(await databaseHandle());
}
