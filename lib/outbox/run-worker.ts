// `npm run worker`: the outbox worker as its own process, for PostgreSQL deployments that run
// the portal on several machines (set RUN_WORKER_IN_PORTAL=false there). Safe to run several.
import { openDatabase } from "@/db/client";
import { configuredTarget } from "@/db";
import { env } from "@/lib/env";
import { stopJobQueue } from "@/lib/jobs/queue";
import { startJobWorkers } from "@/lib/jobs/workers";
import { log } from "@/lib/log";
import { startMaintenance } from "@/lib/maintenance";
import { configuredHandlers } from "./handlers";
import { startOutboxWorker } from "./worker";

async function main() {
  const config = env();
  const handle = await openDatabase(configuredTarget());
  await handle.migrate();
  const worker = startOutboxWorker(handle.db, configuredHandlers(handle.db), config.OUTBOX_POLL_SECONDS);
  await startJobWorkers(handle);
  const maintenance = startMaintenance(handle.db);
  log.info("outbox worker started", { database: handle.engine });
  const stop = async () => {
    maintenance.stop();
    await worker.stop();
    await stopJobQueue();
    await handle.close();
    log.info("outbox worker stopped", {});
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`The outbox worker could not start.\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
