// The portal a benchmark measures: BENCH_URL when given, else the production build (built first
// when stale) started on a port of its own with a throwaway embedded database, stopped on exit.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bin, buildIsStale, root, run } from "../scripts/lib.mjs";

export async function benchPortal(port, extraEnv = {}) {
  if (process.env.BENCH_URL) return process.env.BENCH_URL;
  if (buildIsStale(process.env.DIRISHA_DIST_DIR ?? ".next")) {
    const code = await run(bin("next"), ["build"]);
    if (code !== 0) process.exit(code);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-bench-"));
  const server = spawn(process.execPath, ["server.mjs"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", PGLITE_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...extraEnv },
    stdio: "inherit",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  process.on("exit", () => {
    server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return base;
}
