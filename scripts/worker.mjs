#!/usr/bin/env node
// `npm run worker`: the job queue's worker as its own process (see scripts/run-worker.ts). Run
// with the "react-server" condition, as Next runs the portal's server code, so that modules
// marked `import "server-only"` load.
import { bin, ensureNode, run } from "./lib.mjs";

await ensureNode();
// The react-server condition, as in Next's server: the "server-only" guard of the code it runs is then an empty module.
const code = await run(bin("tsx"), ["--conditions=react-server", "scripts/run-worker.ts"]);
process.exit(code);
