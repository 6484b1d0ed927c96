#!/usr/bin/env node
// npm run bench:load: pages per second and latency when many phones ask at once, for whole-page
// compression as server.mjs does it. Starts the built portal (or uses BENCH_URL) and loads the
// home page and a service page, compressed with brotli and with gzip, at 20 and 50 connections,
// 10 seconds each, on this machine's loopback only. Results belong in docs/performance.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { bin, buildIsStale, root, run } from "../scripts/lib.mjs";

let base = process.env.BENCH_URL;
let server;
if (!base) {
  if (buildIsStale(process.env.DIRISHA_DIST_DIR ?? ".next")) {
    const code = await run(bin("next"), ["build"]);
    if (code !== 0) process.exit(code);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-bench-load-"));
  server = spawn(process.execPath, ["server.mjs"], {
    cwd: root,
    env: { ...process.env, PORT: "3401", HOSTNAME: "127.0.0.1", PGLITE_DATA_DIR: dataDir, LOG_LEVEL: "warn", SANDBOX: "off" },
    stdio: "inherit",
  });
  base = "http://127.0.0.1:3401";
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
}
if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(base)) {
  console.error("bench:load only loads a portal on this machine's loopback.");
  process.exit(1);
}

const service = (await (await fetch(`${base}/api/v1/services?per_page=1&q=${encodeURIComponent("cheti cha kuzaliwa")}`)).json()).data[0];
const pages = [
  ["home", "/sw"],
  ["service page", `/sw/services/${service.slug.sw}`],
];
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const rows = [];
for (const [name, url] of pages) {
  for (const encoding of ["br", "gzip"]) {
    for (const connections of [20, 50]) {
      // A short warm-up, so that each page is rendered (and its compression cached) once first.
      await autocannon({ url: base + url, connections: 2, amount: 20, headers: { "accept-encoding": encoding } });
      const result = await autocannon({ url: base + url, connections, duration, headers: { "accept-encoding": encoding } });
      rows.push(
        `| ${name} | ${encoding} | ${connections} | ${result.requests.average.toFixed(1)} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${result.non2xx + result.errors} |`,
      );
    }
  }
}
console.log(`page load at ${base}, ${duration} s a row`);
console.log("| page | encoding | connections | requests/s | latency p50 | latency p99 | errors |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (const row of rows) console.log(row);
process.exit(0);
