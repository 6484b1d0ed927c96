// `npm run db:migrate`: applies the committed migrations to the configured database, the outbox
// carried over to the job queue first (lib/carry-over.ts). Run with the react-server
// condition (package.json), under which the "server-only" guards are empty.
import { migrateDatabase } from "@/lib/carry-over";
import { stopJobQueue } from "@/lib/jobs/queue";
import { configuredTarget } from "./index";
import { openDatabase } from "./client";

const handle = await openDatabase(configuredTarget());
try {
  await migrateDatabase(handle);
  console.log(`Migrations applied (${handle.engine}).`);
} finally {
  await stopJobQueue(handle);
  await handle.close();
}
