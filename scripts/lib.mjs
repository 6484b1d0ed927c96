import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { runToEnd } from "./node-runtime.mjs";

export const root = path.resolve(import.meta.dirname, "..");

// These machines have no internet; Next's anonymous usage report would only time out.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
export const bin = (name) => path.join(root, "node_modules", ".bin", name);

export { ensureNode } from "./node-runtime.mjs";

/** Runs a command to its end in the project's folder, output shown; resolves with its exit code. */
export function run(command, args, options = {}) {
  return runToEnd(command, args, { cwd: root, ...options });
}

/** The newest modification time of the files a production build is made from. */
function newestSource() {
  let newest = 0;
  const visit = (entry) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const name of [
    "app",
    "components",
    "lib",
    "db",
    "locales",
    "public",
    "proxy.ts",
    "instrumentation.ts",
    "next.config.ts",
    "package-lock.json",
  ]) {
    visit(path.join(root, name));
  }
  return newest;
}

/** True when the build in distDir is missing or older than its sources. */
export function buildIsStale(distDir = ".next") {
  const stamp = fs.statSync(path.join(root, distDir, "BUILD_ID"), { throwIfNoEntry: false });
  return !stamp || stamp.mtimeMs < newestSource();
}

/**
 * Starts long-running processes together; when one ends, or on Ctrl-C, all are stopped and
 * this process exits with the first one's code.
 */
export function supervise(processes) {
  const children = processes.map(({ name, command, args, env }) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", (error) => {
      console.error(`Could not start ${name}: ${error.message}`);
      stopAll(1);
    });
    child.on("exit", (code, signal) => {
      if (!stopping) console.error(`${name} stopped (${signal ?? `exit code ${code}`}).`);
      stopAll(code ?? 1);
    });
    return child;
  });
  let stopping = false;
  function stopAll(code) {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    setTimeout(() => process.exit(code), 500).unref();
  }
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
}
