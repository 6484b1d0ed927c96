// `npm run db:migrate`: applies the committed migrations to the configured database.
import { configuredTarget } from "./index";
import { openDatabase } from "./client";

const handle = await openDatabase(configuredTarget());
try {
  await handle.migrate();
  console.log(`Migrations applied (${handle.engine}).`);
} finally {
  await handle.close();
}
