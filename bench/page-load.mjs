#!/usr/bin/env node
// npm run bench:load: pages per second and latency when many phones ask at once, for whole-page
// compression as server.mjs does it. Starts the built portal (or uses BENCH_URL) and loads the
// home page and a service page, compressed with brotli and with gzip, at 20 and 50 connections,
// 10 seconds each, on this machine's loopback only. Results belong in docs/performance.md.
import autocannon from "autocannon";
import { benchPortal } from "./portal.mjs";

const base = await benchPortal(3401);
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
