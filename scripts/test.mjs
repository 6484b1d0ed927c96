#!/usr/bin/env node
// `npm test`: lint, formatting, type checks, unit and database tests (Vitest), a production build, the
// end-to-end tests (Playwright) against it with the embedded database and the sandbox, and, with a
// PostgreSQL server (TEST_DATABASE_URL), the many-instance test (scripts/cluster-test.mjs) and the
// small fault test (scripts/faults.mjs --small).
// With TEST_DATABASE_URL set, the database tests also run against that PostgreSQL server.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { findBrowser, INSTALL_HINT } from "./browser.mjs";
import { bin, ensureNode, root, run } from "./lib.mjs";

await ensureNode();

const reports = path.join(root, "test-results");
fs.mkdirSync(reports, { recursive: true });
const vitestReport = path.join(reports, "unit.json");
const playwrightReport = path.join(reports, "e2e.json");
fs.rmSync(vitestReport, { force: true });
fs.rmSync(playwrightReport, { force: true });

const steps = [];
async function step(name, command, args, env = {}) {
  console.log(`\n=== ${name} ===`);
  const code = await run(command, args, { env: { ...process.env, ...env } });
  steps.push({ name, ok: code === 0 });
  return code === 0;
}

const postgres = process.env.TEST_DATABASE_URL
  ? "Database tests on PostgreSQL: run (TEST_DATABASE_URL)."
  : "Database tests on PostgreSQL: skipped, TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test).";
console.log(`Database tests on the embedded PGlite: run.\n${postgres}`);

await step("lint", bin("eslint"), ["--max-warnings=0", "."]);
await step("formatting (Prettier)", bin("prettier"), ["--check", "--log-level=warn", "."]);
await step("type check", bin("tsc"), ["--noEmit"]);
await step("unit and database tests", bin("vitest"), ["run", "--reporter=verbose", "--reporter=json", `--outputFile.json=${vitestReport}`]);
// The build runs with made-up secrets, which the secret scan then looks for in what a browser can
// fetch: a secret that reached the client's files would be found (scripts/secret-scan.mjs).
const canaries = Object.fromEntries(
  ["AUTH_SECRET", "GOVESB_CLIENT_SECRET", "MGOV_API_KEY", "USSD_SECRET", "SMS_INBOUND_SECRET", "METRICS_TOKEN"].map((name) => [
    name,
    `canary-${randomBytes(24).toString("hex")}`,
  ]),
);
// Types were checked above (tsc); the build need not check them again (next.config.ts).
const built = await step("production build for the end-to-end tests", bin("next"), ["build"], {
  DIRISHA_DIST_DIR: ".next-test",
  DIRISHA_TYPES_CHECKED: "1",
  ...canaries,
});
// No secret in the build's client files nor in the tracked files, counted in the totals below.
const secretsReport = path.join(reports, "secrets.xml");
fs.rmSync(secretsReport, { force: true });
if (!built) steps.push({ name: "secret scan (not run: the build failed)", ok: false });
else {
  await step(
    "secret scan of the build's client files and the tracked files",
    process.execPath,
    [
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=junit",
      `--test-reporter-destination=${secretsReport}`,
      "scripts/secret-scan.mjs",
    ],
    { DIRISHA_DIST_DIR: ".next-test", ...canaries, SECRET_SCAN_EXPECT_VALUES: String(Object.keys(canaries).length) },
  );
}
// A browser for the end-to-end tests, found (or fetched by Playwright) before they start.
console.log("\n=== browser for the end-to-end tests ===");
const browser = findBrowser();
if (browser) console.log(`Using ${browser.source}${browser.executable ? ` (${browser.executable})` : ""}.`);
else console.error(`No Chromium for the end-to-end tests: ${INSTALL_HINT}.`);

if (!built) steps.push({ name: "end-to-end tests (not run: the build failed)", ok: false });
else if (!browser) steps.push({ name: "end-to-end tests (not run: no browser)", ok: false });
else {
  await step(
    "end-to-end tests",
    bin("playwright"),
    ["test"],
    browser.executable ? { PLAYWRIGHT_CHROMIUM_EXECUTABLE: browser.executable } : {},
  );
}

// Several instances (two portals, two workers, a load balancer) on PostgreSQL: scripts/cluster-test.mjs.
const clusterReport = path.join(reports, "cluster.xml");
fs.rmSync(clusterReport, { force: true });
if (!built) steps.push({ name: "many-instance test (not run: the build failed)", ok: false });
else if (!process.env.TEST_DATABASE_URL)
  console.log("\nMany-instance test: skipped, TEST_DATABASE_URL is not set (it needs a PostgreSQL server).");
else {
  await step(
    "many-instance test",
    process.execPath,
    [
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=junit",
      `--test-reporter-destination=${clusterReport}`,
      "scripts/cluster-test.mjs",
    ],
    { DIRISHA_DIST_DIR: ".next-test" },
  );
}

// Faults, counted (issue 21): GePG down, the bus's updates out of order, mGov answering garbage and
// PostgreSQL restarted, one flow each; nothing lost or doubled (the full run: npm run test:faults).
const faultsReport = path.join(reports, "faults.xml");
fs.rmSync(faultsReport, { force: true });
if (!built) steps.push({ name: "fault test (not run: the build failed)", ok: false });
else if (!process.env.TEST_DATABASE_URL) console.log("\nFault test: skipped, TEST_DATABASE_URL is not set (it needs a PostgreSQL server).");
else {
  await step("fault test (small)", process.execPath, ["scripts/faults.mjs", "--small", "--junit", faultsReport], {
    DIRISHA_DIST_DIR: ".next-test",
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

const unit = readJson(vitestReport);
const e2e = readJson(playwrightReport)?.stats;
const junit = [clusterReport, secretsReport, faultsReport]
  .map((file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : ""))
  .join("\n");
const junitCases = (junit.match(/<testcase\b/g) ?? []).length;
const junitFailed = (junit.match(/<failure\b/g) ?? []).length;
let passed = (unit?.numPassedTests ?? 0) + (e2e?.expected ?? 0) + (e2e?.flaky ?? 0) + junitCases - junitFailed;
let failed = (unit?.numFailedTests ?? 0) + (e2e?.unexpected ?? 0) + junitFailed;
const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.skipped ?? 0);
// A step that failed without failing a test (lint, types, build) still fails the run.
const failedSteps = steps.filter((s) => !s.ok);
if (failedSteps.length > 0 && failed === 0) failed = failedSteps.length;

console.log("\n=== summary ===");
for (const s of steps) console.log(`${s.ok ? "ok  " : "FAIL"}  ${s.name}`);
console.log(postgres);
console.log(`Total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
