import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable } from "./e2e/chromium";

// Ports of their own, so that the tests never talk to a portal or sandbox someone left running.
const PORTAL_PORT = Number(process.env.E2E_PORTAL_PORT ?? 3100);
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4110);
export const sandboxUrl = `http://127.0.0.1:${SANDBOX_PORT}`;

// A fresh embedded database for every run (workers inherit it from the main process).
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-e2e-"));
process.env.E2E_SANDBOX_URL = sandboxUrl;
// The portal and the sandbox exchange their GovESB public keys through this folder.
process.env.E2E_KEYS_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-e2e-keys-"));

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/e2e-artifacts",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  globalTeardown: "./e2e/teardown.ts",
  use: {
    baseURL: `http://127.0.0.1:${PORTAL_PORT}`,
    trace: "retain-on-failure",
    launchOptions: { executablePath: chromiumExecutable() },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: "node sandbox/server.mjs",
      url: `${sandboxUrl}/health`,
      env: {
        SANDBOX_PORT: String(SANDBOX_PORT),
        SANDBOX_KEYS_DIR: process.env.E2E_KEYS_DIR,
        SANDBOX_PORTAL_EMREJESHO_URL: `http://127.0.0.1:${PORTAL_PORT}/api/govesb/emrejesho`,
        SANDBOX_PORTAL_APPLICATIONS_URL: `http://127.0.0.1:${PORTAL_PORT}/api/govesb/applications`,
        SANDBOX_PORTAL_GEPG_URL: `http://127.0.0.1:${PORTAL_PORT}/api/gepg`,
        SANDBOX_PORTAL_USSD_URL: `http://127.0.0.1:${PORTAL_PORT}/api/ussd`,
        SANDBOX_PORTAL_SMS_URL: `http://127.0.0.1:${PORTAL_PORT}/api/sms/inbound`,
      },
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: "node server.mjs",
      url: `http://127.0.0.1:${PORTAL_PORT}/api/health`,
      env: {
        DIRISHA_DIST_DIR: ".next-test",
        PORT: String(PORTAL_PORT),
        HOSTNAME: "127.0.0.1",
        PGLITE_DATA_DIR: process.env.E2E_DATA_DIR,
        PORTAL_URL: `http://127.0.0.1:${PORTAL_PORT}`,
        PORTAL_CONTACT_EMAIL: "msaada@dirisha.test",
        KEYS_DIR: process.env.E2E_KEYS_DIR,
        GOVESB_TOKEN_URL: `${sandboxUrl}/govesb/gw/govesb-uaa/oauth/token`,
        GOVESB_ENGINE_URL: `${sandboxUrl}/govesb/engine/esb`,
        MGOV_SMS_URL: `${sandboxUrl}/mgov/quick_sms`,
        GEPG_URL: `${sandboxUrl}/gepg`,
        JOB_POLL_SECONDS: "0.5",
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
