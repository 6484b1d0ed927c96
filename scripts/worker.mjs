#!/usr/bin/env node
// `npm run worker`: the outbox and job worker as its own process (see lib/outbox/run-worker.ts).
import { bin, ensureNode, run } from "./lib.mjs";

await ensureNode();
// The react-server condition, as in Next's server: the "server-only" guard of the code it runs is then an empty module.
const code = await run(bin("tsx"), ["--conditions=react-server", "lib/outbox/run-worker.ts"]);
process.exit(code);
