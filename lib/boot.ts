import "server-only";
import { databaseHandle } from "@/db";
import path from "node:path";
import { readCatalogueData } from "@/db/seed/data-files";
import { readFormFiles, seedForms } from "@/db/seed/forms";
import { catalogueIsEmpty, seedCatalogue } from "@/db/seed/load";
import { env } from "./env";
import { log } from "./log";
import { migrateDatabase } from "./carry-over";
import { startJobWorkers } from "./workers";
import { stopJobQueue } from "./jobs/queue";
import { gepgPortalKey } from "./integrations/gepg/client";
import { keysDir } from "./keys";
import { ensureFirstAdministrator, FIRST_ADMIN_FILE } from "./staff/bootstrap";

// Any fixed number: it names the lock under which one starting instance seeds at a time.
const STARTUP_LOCK_KEY = 4_104_202;

/**
 * Runs once when the portal process starts, before it answers any request: validates the
 * configuration, opens the database, applies migrations (the outbox carried over to the job queue
 * first), on a trial machine seeds an empty catalogue, and starts the job queue's worker in this
 * process unless it runs on its own.
 */
export async function boot(): Promise<void> {
  const config = env();
  const handle = await databaseHandle();
  await migrateDatabase(handle);
  // Instances starting together on an empty database: one seeds and makes the first
  // administrator's link while the others wait, then they find it done.
  await handle.exclusively(STARTUP_LOCK_KEY, async () => {
    if (config.SEED_ON_START && (await catalogueIsEmpty(handle.db))) {
      const seeded = await seedCatalogue(handle.db, readCatalogueData(path.resolve(config.CATALOGUE_DATA_DIR)));
      log.info("catalogue seeded", seeded);
    }
    // Forms are added where a listing has none, also to a catalogue seeded before forms existed.
    if (config.SEED_ON_START) {
      const forms = await seedForms(handle.db, readFormFiles(path.resolve(config.FORMS_DATA_DIR)));
      if (forms > 0) log.info("application forms seeded", { forms });
    }
    // On a trial machine this makes the GePG key pair now, so the sandbox can read the public half.
    gepgPortalKey();
    const firstAdmin = await ensureFirstAdministrator(handle.db, {
      email: config.FIRST_ADMIN_EMAIL,
      portalUrl: config.PORTAL_URL,
      keysDir: keysDir(),
    });
    if (firstAdmin === "written") {
      log.warn("no administrator has set up their account yet: the one-time link is in the keys folder", {
        file: path.join(keysDir(), FIRST_ADMIN_FILE),
      });
    } else if (firstAdmin === "pending") {
      log.warn("no administrator has set up their account yet: the one-time link is in the keys folder of the instance that made it", {
        file: FIRST_ADMIN_FILE,
      });
    }
  });
  // server.mjs calls this when the process is asked to stop: jobs in flight finish first.
  (globalThis as { dirishaShutdown?: () => Promise<void> }).dirishaShutdown = () => stopJobQueue(handle);
  if (config.RUN_WORKER_IN_PORTAL) {
    await startJobWorkers(handle);
  } else if (handle.engine === "pglite") {
    log.warn("RUN_WORKER_IN_PORTAL=false with the embedded database: nothing will deliver the queue's jobs", {});
  }
  log.info("portal ready", {
    deployment: config.DIRISHA_DEPLOYMENT,
    database: handle.engine,
    worker: config.RUN_WORKER_IN_PORTAL ? "in this process" : "separate",
    ...(handle.engine === "pglite" ? { dataDir: config.PGLITE_DATA_DIR } : {}),
  });
}

/** boot(), or stop the process with the reason: a portal without its database must not serve. */
export async function bootOrExit(): Promise<void> {
  try {
    await boot();
  } catch (error) {
    console.error(`Dirisha could not start.\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
