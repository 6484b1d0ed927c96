#!/usr/bin/env node
// `npm start`: builds when the build is missing or older than the code, then runs the portal
// (embedded database, migrations and seed at start-up) and, outside production, the sandbox.
import { bin, ensureNode, buildIsStale, run, supervise } from "./lib.mjs";
// The portal runs through server.mjs: Next.js plus citizens' pages without the framework's scripts, whole-page compression and revalidation.

await ensureNode();

const production = process.env.DIRISHA_DEPLOYMENT === "production";
const withSandbox = !production && process.env.SANDBOX !== "off";
const port = process.env.PORT ?? "3000";

if (buildIsStale(process.env.DIRISHA_DIST_DIR ?? ".next")) {
  console.log("Building the portal (first start, or the code changed since the last build)…");
  const code = await run(bin("next"), ["build"]);
  if (code !== 0) process.exit(code);
}

supervise([
  ...(withSandbox ? [{ name: "sandbox", command: process.execPath, args: ["sandbox/server.mjs"] }] : []),
  { name: "portal", command: process.execPath, args: ["server.mjs"], env: { PORT: port } },
]);
console.log(
  `Dirisha: http://localhost:${port}` + (withSandbox ? `  ·  sandbox: http://127.0.0.1:${process.env.SANDBOX_PORT ?? 4010}` : ""),
);
