// `npm run worker`: the job queue's worker as its own process, for PostgreSQL deployments that
// run the portal on several machines (set RUN_WORKER_IN_PORTAL=false there). Safe to run several.
import "server-only";
import { databaseHandle } from "@/db";
import { log } from "@/lib/log";
import { migrateDatabase } from "@/lib/carry-over";
import { stopJobQueue } from "@/lib/jobs/queue";
import { startJobWorkers } from "@/lib/workers";

async function main() {
  const handle = await databaseHandle();
  await migrateDatabase(handle);
  await startJobWorkers(handle);
  log.info("job worker started", { database: handle.engine });
  const stop = async () => {
    await stopJobQueue(handle);
    await handle.close();
    log.info("job worker stopped", {});
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`The job worker could not start.\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
