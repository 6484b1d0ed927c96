#!/usr/bin/env node
// npm run bench:lighthouse: Lighthouse on the portal's main pages in both languages, beside two
// peers that carry the home page's own words (GOV.UK Frontend, and plain HTML as the floor; see
// bench/lighthouse-peers.mjs), all served from this machine in the same run. For each page and
// profile (Lighthouse's default mobile, and 2G) it runs Lighthouse --runs times (3) and prints
// the medians: performance, accessibility, best practices, SEO, bytes of a first visit and of its
// JavaScript. Then what a repeat visit costs: the service page after the home page, with the
// home page's files in the browser's cache. Raw figures go to bench/results/ (not committed).
// Uses BENCH_URL (and BENCH_SANDBOX_URL for the bill page), or starts the built portal and the
// sandbox. Options: --runs N, --only kind[,kind] (kinds below), --quick (1 run, mobile, sw).
// Results belong in docs/performance.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CITIZENS } from "../sandbox/citizens.mjs";
import { findBrowser, INSTALL_HINT, playwrightChromium } from "../scripts/browser.mjs";
import { ensureNode, root } from "../scripts/lib.mjs";
import { govukPage, plainPage, portalContent, startPeerServer } from "./lighthouse-peers.mjs";
import { benchPortalWithSandbox } from "./portal.mjs";

// Chromium is driven over its DevTools WebSocket with Node's own WebSocket (Node 22 and later):
// on an older Node.js this runs itself again under the project's (scripts/node-runtime.mjs).
await ensureNode();

const KINDS = ["home", "search", "service", "feedback", "sign-in", "category", "institutions", "bill", "govuk", "plain"];

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const quick = args.includes("--quick");
const runs = quick ? 1 : Number(option("--runs") ?? 3);
const kinds = option("--only")?.split(",") ?? KINDS;
const locales = quick ? ["sw"] : ["sw", "en"];
if (!Number.isInteger(runs) || runs < 1 || kinds.some((kind) => !KINDS.includes(kind))) {
  console.error(`usage: npm run bench:lighthouse -- [--runs N] [--only ${KINDS.join("|")}[,…]] [--quick]`);
  process.exit(1);
}

// Lighthouse's own factors for turning a round trip and a throughput into the request latency
// and download/upload rates of its other throttling methods (its mobileRegular3G does the same).
const RTT_FACTOR = 3.75;
const THROUGHPUT_FACTOR = 0.9;
const PROFILES = {
  // Lighthouse's default: a mid-range phone (moto g power), simulated slow 4G (150 ms, 1.6 Mbit/s), CPU ×4.
  mobile: {},
  // A 2G/EDGE connection as many phones in Tanzania still have: 300 ms round trips, 250 kbit/s.
  "2G": {
    throttlingMethod: "simulate",
    throttling: {
      rttMs: 300,
      throughputKbps: 250,
      requestLatencyMs: 300 * RTT_FACTOR,
      downloadThroughputKbps: 250 * THROUGHPUT_FACTOR,
      uploadThroughputKbps: 250 * THROUGHPUT_FACTOR,
      cpuSlowdownMultiplier: 4,
    },
  },
};
const profiles = quick ? ["mobile"] : Object.keys(PROFILES);
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

// Chromium without its own background traffic (updates, sync, first-run tasks): on a machine
// without internet those connections are refused, and they would be measured along with the page.
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
// The bench installs nothing: Playwright's Chromium when it is there, else the system's.
const found = findBrowser({ install: () => false, say: () => {} });
if (!found) {
  console.error(`No Chromium for Lighthouse: ${INSTALL_HINT}.`);
  process.exit(1);
}
const chromePath = found.executable ?? playwrightChromium().executable;
const launchPlaywright = () => chromium.launch({ executablePath: chromePath, args: CHROMIUM_FLAGS });

const { base, sandbox } = await benchPortalWithSandbox(3402, 4112);
const log = (line) => process.stderr.write(`${line}\n`);
const getJson = async (url) => (await fetch(base + url)).json();
const QUERIES = { sw: "cheti cha kuzaliwa", en: "birth certificate" };
const service = (await getJson(`/api/v1/services?per_page=1&q=${encodeURIComponent(QUERIES.sw)}`)).data[0];
const category = (await getJson("/api/v1/categories")).data[0];
// A fee the portal bills itself on a trial machine (LATRA), as e2e/payments/payments.spec.ts pays it.
const BILLED_SERVICE = "/en/services/commercial-driver-registration-and-certification-latra";

/** The newest SMS the sandbox's phone inbox holds for this number and matching this pattern. */
async function latestSms(phone, matching) {
  for (let i = 0; i < 120; i++) {
    const { messages } = await (await fetch(`${sandbox}/mgov/inbox.json`)).json();
    const message = messages.find((m) => m.recipient === phone && matching.test(m.message));
    if (message) return message.message;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no SMS for ${phone} reached the sandbox's phone inbox`);
}

/**
 * A sandbox citizen signed in by SMS code who asked for a control number, as the end-to-end tests
 * do it (e2e/helpers.ts, e2e/payments/payments.spec.ts; no JavaScript): { id, cookies }, once the
 * bill has its control number, so that the page no longer refreshes itself while measured.
 * Made just before the bill page is measured, within the session's idle time.
 */
let bill;
async function signedInBill() {
  if (bill) return bill;
  const signInBrowser = await launchPlaywright();
  const context = await signInBrowser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const citizen = CITIZENS[12];
  await page.goto(`${base}/en/sign-in`);
  await page.getByLabel("National ID Number (NIN)").fill(citizen.nin);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Send me a code by SMS" }).click();
  const code = /(\d{6})/.exec(await latestSms(citizen.phone, /Dirisha sign-in code/))[1];
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Welcome, ${citizen.firstName}`).waitFor();
  await page.goto(base + BILLED_SERVICE);
  await page.getByLabel("Mobile number for the SMS (optional)").fill(citizen.phone);
  await page.getByRole("button", { name: "Get a control number" }).click();
  await page.waitForURL(/\/en\/payments\/[0-9a-f-]{36}/);
  const id = /\/payments\/([0-9a-f-]{36})/.exec(page.url())[1];
  for (let i = 0; i < 60 && !(await page.getByTestId("control-number").count()); i++) {
    await new Promise((r) => setTimeout(r, 1000));
    await page.goto(`${base}/en/payments/${id}`);
  }
  if (!(await page.getByTestId("control-number").count())) throw new Error("GePG (the sandbox) issued no control number");
  const cookies = await context.cookies(base);
  await signInBrowser.close();
  bill = { id, cookies };
  return bill;
}

/** Where each kind of page is, in a language, and the cookies it needs. */
async function target(kind, locale) {
  switch (kind) {
    case "home":
      return { url: `${base}/${locale}` };
    case "search":
      return { url: `${base}/${locale}/search?q=${encodeURIComponent(QUERIES[locale])}` };
    case "service":
      return { url: `${base}/${locale}/services/${service.slug[locale]}` };
    case "feedback":
      return { url: `${base}/${locale}/feedback` };
    case "sign-in":
      return { url: `${base}/${locale}/sign-in` };
    case "category":
      return { url: `${base}/${locale}/categories/${category.slug[locale]}` };
    case "institutions":
      return { url: `${base}/${locale}/institutions` };
    case "bill": {
      const { id, cookies } = await signedInBill();
      return { url: `${base}/${locale}/payments/${id}`, cookies };
    }
    default:
      return { url: `${peers}/${kind}/${locale}/` };
  }
}

// The peers: the portal's home and service pages, read from the portal and set both other ways.
const browser = await launchPlaywright();
const chromiumVersion = browser.version();
const peerPages = new Map();
for (const locale of locales) {
  const page = await browser.newPage();
  for (const [name, url] of [
    ["", `${base}/${locale}`],
    ["service", `${base}/${locale}/services/${service.slug[locale]}`],
  ]) {
    const content = await portalContent(page, url);
    peerPages.set(`/govuk/${locale}/${name}`, govukPage(content));
    peerPages.set(`/plain/${locale}/${name}`, plainPage(content));
  }
  await page.close();
}
const peers = await startPeerServer(peerPages);

/**
 * Bytes over the network for a visit to `second` right after `first`, in a fresh browser with its
 * HTTP cache on: the encodedDataLength (headers and body as received) of every request made from
 * the start of the second navigation until the network is idle. Files the first page left in the
 * cache cost nothing; a revalidation costs its 304. Also the first page's own bytes (empty cache).
 */
async function repeatVisit(first, second) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  let requests = new Map();
  const note = (id, facts) => requests.has(id) && Object.assign(requests.get(id), facts);
  cdp.on("Network.requestWillBeSent", (e) => requests.set(e.requestId, { url: e.request.url, bytes: 0, cached: false }));
  cdp.on("Network.requestServedFromCache", (e) => note(e.requestId, { cached: true }));
  cdp.on("Network.responseReceived", (e) =>
    note(e.requestId, e.response.fromDiskCache ? { status: e.response.status, cached: true } : { status: e.response.status }),
  );
  cdp.on("Network.loadingFinished", (e) => note(e.requestId, { bytes: e.encodedDataLength }));
  const total = (list) => list.reduce((sum, r) => sum + r.bytes, 0);
  await page.goto(first, { waitUntil: "networkidle" });
  const firstRequests = [...requests.values()];
  requests = new Map();
  await page.goto(second, { waitUntil: "networkidle" });
  const secondRequests = [...requests.values()];
  await context.close();
  return {
    first: { url: first, bytes: total(firstRequests), requests: firstRequests.length },
    second: {
      url: second,
      bytes: total(secondRequests),
      requests: secondRequests.length,
      fromCache: secondRequests.filter((r) => r.cached).length,
      detail: secondRequests,
    },
  };
}

const repeatVisits = [];
for (const locale of locales) {
  for (const [site, first, second] of [
    ["portal", `${base}/${locale}`, `${base}/${locale}/services/${service.slug[locale]}`],
    ["govuk", `${peers}/govuk/${locale}/`, `${peers}/govuk/${locale}/service`],
    ["plain", `${peers}/plain/${locale}/`, `${peers}/plain/${locale}/service`],
  ]) {
    repeatVisits.push({ site, locale, ...(await repeatVisit(first, second)) });
  }
}
await browser.close();

/** The figures kept from one Lighthouse report. */
function summary(lhr) {
  const score = (id) => (lhr.categories[id]?.score == null ? null : Math.round(lhr.categories[id].score * 100));
  const value = (id) => lhr.audits[id]?.numericValue ?? null;
  // Audits below full marks in the categories other than performance, to say what a score lost.
  const below = CATEGORIES.slice(1).flatMap((id) =>
    (lhr.categories[id]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && lhr.audits[ref.id]?.score < 1)
      .map((ref) => ref.id),
  );
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    seo: score("seo"),
    totalBytes: value("total-byte-weight"),
    jsBytes: lhr.audits["resource-summary"]?.details?.items?.find((item) => item.resourceType === "script")?.transferSize ?? null,
    fcpMs: value("first-contentful-paint"),
    lcpMs: value("largest-contentful-paint"),
    tbtMs: value("total-blocking-time"),
    speedIndexMs: value("speed-index"),
    cls: value("cumulative-layout-shift"),
    below,
    benchmarkIndex: lhr.environment.benchmarkIndex,
    warnings: lhr.runWarnings,
    error: lhr.runtimeError?.message,
  };
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Puts a signed-in browser's cookies in the cookie jar of the Chromium that Lighthouse drives
 * (CDP Storage.setCookies on the browser's endpoint). Lighthouse's extraHeaders {Cookie} is not
 * enough: Chromium sends the jar's cookies instead as soon as a page has set one for the host.
 */
async function putCookies(port, cookies) {
  const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
  const socket = new WebSocket(webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const answer = new Promise((resolve) => (socket.onmessage = (event) => resolve(JSON.parse(event.data))));
  const params = cookies.map(({ expires, ...cookie }) => (expires > 0 ? { ...cookie, expires } : cookie));
  socket.send(JSON.stringify({ id: 1, method: "Storage.setCookies", params: { cookies: params } }));
  const { error } = await answer;
  socket.close();
  if (error) throw new Error(`Chromium refused the session's cookies: ${error.message}`);
}

const started = Date.now();
const results = [];
let lighthouseVersion;
for (const kind of kinds) {
  if (kind === "bill" && !sandbox) {
    log("bill page left out: it needs the sandbox (set BENCH_SANDBOX_URL beside BENCH_URL)");
    continue;
  }
  for (const locale of locales) {
    const { url, cookies } = await target(kind, locale);
    // One Chromium at a time, one Lighthouse run at a time: the machine's cores are all the page
    // gets. A new one (new profile) for each page, so that no cookie one page set reaches another.
    const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROMIUM_FLAGS, logLevel: "silent" });
    if (cookies) await putCookies(chrome.port, cookies);
    for (const profile of profiles) {
      const runResults = [];
      for (let run = 1; run <= runs; run++) {
        try {
          const { lhr } = await lighthouse(url, {
            port: chrome.port,
            logLevel: "error",
            output: "json",
            onlyCategories: CATEGORIES,
            ...PROFILES[profile],
          });
          lighthouseVersion = lhr.lighthouseVersion;
          runResults.push(summary(lhr));
        } catch (error) {
          runResults.push({ error: error.message });
        }
        const last = runResults.at(-1);
        log(`${kind} ${locale} ${profile} ${run}/${runs}: ${last.error ? `failed: ${last.error}` : `performance ${last.performance}`}`);
      }
      const medians = Object.fromEntries(
        [
          "performance",
          "accessibility",
          "bestPractices",
          "seo",
          "totalBytes",
          "jsBytes",
          "fcpMs",
          "lcpMs",
          "tbtMs",
          "speedIndexMs",
          "cls",
        ].map((key) => [key, median(runResults.map((r) => r[key]))]),
      );
      const performances = runResults.map((r) => r.performance).filter((p) => p !== null && p !== undefined);
      results.push({
        kind,
        locale,
        profile,
        url,
        medians,
        performanceRange: [Math.min(...performances), Math.max(...performances)],
        runs: runResults,
      });
    }
    chrome.kill();
  }
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
// Lighthouse's measure of this machine's CPU (its simulation scales CPU work by it); a busy
// machine lowers it, and the performance scores with it.
const benchmarkIndex = median(results.flatMap((r) => r.runs.map((run) => run.benchmarkIndex)));

const kb = (bytes) => (bytes === null ? "—" : `${(bytes / 1024).toFixed(1)} KB`);
const cell = (value) => (value === null ? "—" : String(Math.round(value)));
const LABELS = {
  search: "search results",
  service: "service page",
  feedback: "feedback form",
  category: "category page",
  institutions: "institutions A–Z",
  bill: "bill (signed in)",
  govuk: "peer: GOV.UK Frontend",
  plain: "peer: plain HTML",
};
console.log(`Lighthouse ${lighthouseVersion}, Chromium ${chromiumVersion}, ${runs} run(s) each, medians; portal at ${base}`);
console.log(
  `${minutes} min of Lighthouse runs; benchmarkIndex (CPU) median ${benchmarkIndex}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log("| page | locale | profile | performance | accessibility | best practices | SEO | first visit | JavaScript |");
console.log("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of results) {
  const [low, high] = r.performanceRange;
  const range = runs > 1 && Number.isFinite(low) && low !== high ? ` (${low}–${high})` : "";
  const m = r.medians;
  console.log(
    `| ${LABELS[r.kind] ?? r.kind} | ${r.locale} | ${r.profile} | ${cell(m.performance)}${range} | ${cell(m.accessibility)} | ${cell(m.bestPractices)} | ${cell(m.seo)} | ${kb(m.totalBytes)} | ${kb(m.jsBytes)} |`,
  );
}
console.log("");
console.log("Repeat visit: the service page right after the home page, the home page's files in the cache");
console.log("| site | locale | home page, empty cache | then the service page | requests (from cache) |");
console.log("| --- | --- | ---: | ---: | ---: |");
for (const v of repeatVisits) {
  console.log(`| ${v.site} | ${v.locale} | ${kb(v.first.bytes)} | ${kb(v.second.bytes)} | ${v.second.requests} (${v.second.fromCache}) |`);
}

const file = path.join(root, "bench", "results", `lighthouse-${new Date().toISOString().replaceAll(":", "-").slice(0, 19)}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      lighthouseVersion,
      chromiumVersion,
      base,
      runs,
      minutes: Number(minutes),
      benchmarkIndex,
      loadAverage: os.loadavg(),
      profiles: Object.fromEntries(profiles.map((p) => [p, PROFILES[p]])),
      results,
      repeatVisits,
    },
    null,
    2,
  ),
);
log(`raw results: ${path.relative(root, file)}`);
process.exit(0);
