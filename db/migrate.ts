// `npm run db:migrate`: applies the committed migrations to the configured database. Run with the
// react-server condition (package.json), under which lib/env.ts's "server-only" guard is empty.
import { configuredTarget } from "./index";
import { openDatabase } from "./client";

const handle = await openDatabase(configuredTarget());
try {
  await handle.migrate();
  console.log(`Migrations applied (${handle.engine}).`);
} finally {
  await handle.close();
}
