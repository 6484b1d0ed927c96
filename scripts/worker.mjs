#!/usr/bin/env node
// `npm run worker`: the outbox and job worker as its own process (see lib/outbox/run-worker.ts).
import { bin, ensureNode, run } from "./lib.mjs";

await ensureNode();
const code = await run(bin("tsx"), ["lib/outbox/run-worker.ts"]);
process.exit(code);
