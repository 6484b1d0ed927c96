// The portal a benchmark measures: BENCH_URL when given, else the production build (built first
// when stale) started on a port of its own with a throwaway embedded database, stopped on exit.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bin, buildIsStale, root, run } from "../scripts/lib.mjs";

/** Waits (up to five minutes: seeding a large catalogue takes a while) until a URL answers 200. */
async function waitUntilUp(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
}

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
  await waitUntilUp(`${base}/api/health`);
  process.on("exit", () => {
    // At once: stopping gracefully, the server would still write to its database folder after
    // the folder is removed, leaving it behind.
    server.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return base;
}

/**
 * The portal with the sandbox (NIDA, GePG and mGov behind GovESB) beside it, for pages that need
 * a signed-in citizen or a bill: { base, sandbox }. Both are started as playwright.config.ts
 * starts them for the end-to-end tests, exchanging their GovESB keys through a throwaway folder.
 * With BENCH_URL, the sandbox is BENCH_SANDBOX_URL (that portal's own), or none.
 */
export async function benchPortalWithSandbox(port, sandboxPort) {
  if (process.env.BENCH_URL) return { base: process.env.BENCH_URL, sandbox: process.env.BENCH_SANDBOX_URL };
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-bench-keys-"));
  const base = `http://127.0.0.1:${port}`;
  const sandbox = `http://127.0.0.1:${sandboxPort}`;
  const child = spawn(process.execPath, ["sandbox/server.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_KEYS_DIR: keysDir,
      SANDBOX_PORTAL_EMREJESHO_URL: `${base}/api/govesb/emrejesho`,
      SANDBOX_PORTAL_GEPG_URL: `${base}/api/gepg`,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.on("exit", () => {
    child.kill();
    fs.rmSync(keysDir, { recursive: true, force: true });
  });
  await waitUntilUp(`${sandbox}/health`);
  await benchPortal(port, {
    PORTAL_URL: base,
    KEYS_DIR: keysDir,
    GOVESB_TOKEN_URL: `${sandbox}/govesb/gw/govesb-uaa/oauth/token`,
    GOVESB_ENGINE_URL: `${sandbox}/govesb/engine/esb`,
    MGOV_SMS_URL: `${sandbox}/mgov/quick_sms`,
    GEPG_URL: `${sandbox}/gepg`,
    OUTBOX_POLL_SECONDS: "0.5",
  });
  return { base, sandbox };
}
