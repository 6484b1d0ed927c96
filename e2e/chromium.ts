import { INSTALL_HINT, installedBrowser } from "../scripts/browser.mjs";

/**
 * The Chromium the end-to-end tests drive: PLAYWRIGHT_CHROMIUM_EXECUTABLE when set (`npm test`
 * sets it to what it found), else Playwright's own build when installed (undefined: Playwright
 * finds it), else the system's Chromium.
 */
export function chromiumExecutable(): string | undefined {
  const found = installedBrowser();
  if (!found) throw new Error(`No Chromium for the end-to-end tests: ${INSTALL_HINT}.`);
  return found.executable;
}
