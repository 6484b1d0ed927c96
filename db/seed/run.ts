// `npm run db:seed`: loads the catalogue data files into the configured database (idempotent).
// Run with the react-server condition (package.json), under which lib/env.ts's "server-only" guard is empty.
import { configuredTarget } from "../index";
import { openDatabase } from "../client";
import path from "node:path";
import { env } from "@/lib/env";
import { migrateDatabase } from "@/lib/carry-over";
import { stopJobQueue } from "@/lib/jobs/queue";
import { readCatalogueData } from "./data-files";
import { readFormFiles, seedForms } from "./forms";
import { seedCatalogue } from "./load";

const handle = await openDatabase(configuredTarget());
try {
  await migrateDatabase(handle);
  const summary = await seedCatalogue(handle.db, readCatalogueData(path.resolve(env().CATALOGUE_DATA_DIR)));
  const forms = await seedForms(handle.db, readFormFiles(path.resolve(env().FORMS_DATA_DIR)));
  console.log(
    `Catalogue loaded: ${summary.institutions} institutions, ${summary.services} services, ${forms} new application forms (${handle.engine}).`,
  );
} finally {
  await stopJobQueue(handle);
  await handle.close();
}
