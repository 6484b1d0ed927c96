// The Chromium that the end-to-end tests drive, found without asking the person:
// PLAYWRIGHT_CHROMIUM_EXECUTABLE when set; else Playwright's own build when installed, or when it
// can be installed now; else the system's Chromium; else a clear line naming what to install.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const INSTALL_HINT =
  "install one with `apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium` " +
  "(with internet), or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary";

const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];

/** A Chromium on PATH (or in the usual system folders), if any. */
export function systemChromium(env = process.env, usualDirs = ["/usr/bin", "/snap/bin"]) {
  const dirs = [...(env.PATH ?? "").split(path.delimiter).filter(Boolean), ...usualDirs];
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Where Playwright's own Chromium lives, and whether it is there. */
export function playwrightChromium() {
  try {
    const { chromium } = createRequire(import.meta.url)("@playwright/test");
    const executable = chromium.executablePath();
    return { executable, installed: Boolean(executable) && fs.existsSync(executable) };
  } catch {
    return { executable: undefined, installed: false };
  }
}

/**
 * The browser without installing anything: { source, executable } where executable is undefined
 * for Playwright's own (Playwright finds it by itself), or undefined when there is none.
 */
export function installedBrowser(env = process.env) {
  const chosen = env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (chosen) {
    if (!fs.existsSync(chosen)) throw new Error(`PLAYWRIGHT_CHROMIUM_EXECUTABLE points to ${chosen}, which does not exist.`);
    return { source: "PLAYWRIGHT_CHROMIUM_EXECUTABLE", executable: chosen };
  }
  if (playwrightChromium().installed) return { source: "Playwright's own Chromium", executable: undefined };
  const found = systemChromium(env);
  return found ? { source: "the system's Chromium", executable: found } : undefined;
}

/** Tries `playwright install chromium` quietly, within a time limit; true when it worked. */
export function installPlaywrightChromium({ timeoutMs = 5 * 60_000 } = {}) {
  const cli = path.join(root, "node_modules", ".bin", "playwright");
  if (!fs.existsSync(cli)) return false;
  const result = spawnSync(cli, ["install", "chromium"], { cwd: root, stdio: "ignore", timeout: timeoutMs });
  return result.status === 0;
}

/**
 * The browser for `npm test`: Playwright's own when installed or installable, else the
 * system's Chromium. Undefined when there is none (the caller stops with INSTALL_HINT).
 */
export function findBrowser({
  env = process.env,
  playwright = playwrightChromium,
  install = installPlaywrightChromium,
  system = systemChromium,
  say = console.log,
} = {}) {
  const chosen = env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (chosen) return installedBrowser(env);
  const own = playwright();
  if (own.installed) return { source: "Playwright's own Chromium", executable: undefined };
  if (own.executable && !env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD) {
    say("Playwright's Chromium is not installed: trying `playwright install chromium`…");
    if (install() && playwright().installed) {
      return { source: "Playwright's own Chromium (installed now)", executable: undefined };
    }
  }
  const found = system(env);
  return found ? { source: "the system's Chromium", executable: found } : undefined;
}
