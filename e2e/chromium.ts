import fs from "node:fs";
import { chromium } from "@playwright/test";

/**
 * The Chromium the end-to-end tests drive: PLAYWRIGHT_CHROMIUM_EXECUTABLE when set, else
 * Playwright's own download when installed, else Debian's /usr/bin/chromium.
 */
export function chromiumExecutable(): string | undefined {
  const chosen = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (chosen) {
    if (!fs.existsSync(chosen)) throw new Error(`PLAYWRIGHT_CHROMIUM_EXECUTABLE points to ${chosen}, which does not exist.`);
    return chosen;
  }
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && fs.existsSync(bundled)) return undefined; // Playwright finds its own.
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    "No Chromium for the end-to-end tests. Install one of:\n" +
      "  Debian/Ubuntu: apt-get update && apt-get install -y chromium\n" +
      "  with internet: npx playwright install chromium\n" +
      "or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary.",
  );
}
