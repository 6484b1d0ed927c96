#!/usr/bin/env node
// npm run bench:pages — bytes a phone downloads for the home page, a search and a service page:
// the HTML (with its inlined CSS) gzipped, against the 14 KB of a new connection's first flight,
// and all the JavaScript the page loads, gzipped. Uses BENCH_URL, or starts the built portal.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { bin, buildIsStale, root, run } from "../scripts/lib.mjs";

const FIRST_FLIGHT = 14 * 1024;
let base = process.env.BENCH_URL;
let server;

if (!base) {
  if (buildIsStale(process.env.DIRISHA_DIST_DIR ?? ".next")) {
    const code = await run(bin("next"), ["build"]);
    if (code !== 0) process.exit(code);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-bench-"));
  server = spawn(process.execPath, ["server.mjs"], {
    cwd: root,
    env: { ...process.env, PORT: "3400", HOSTNAME: "127.0.0.1", PGLITE_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stdio: "inherit",
  });
  base = "http://127.0.0.1:3400";
  for (let i = 0; i < 60; i++) {
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

const gz = (buffer) => gzipSync(buffer, { level: 6 }).length;
const services = (await (await fetch(`${base}/api/v1/services?per_page=1`)).json()).data;
const service = services[0];
const pages = [
  ["home", "/sw"],
  ["search results", `/sw/search?q=${encodeURIComponent("cheti cha kuzaliwa")}`],
  ["service page", `/sw/services/${service.slug.sw}`],
  ["service page (en)", `/en/services/${service.slug.en}`],
];

const jsCache = new Map();
const rows = [];
for (const [name, url] of pages) {
  const html = Buffer.from(await (await fetch(base + url)).arrayBuffer());
  const text = html.toString("utf8");
  const scripts = [...new Set([...text.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]))];
  let js = 0;
  for (const src of scripts) {
    if (!jsCache.has(src)) jsCache.set(src, gz(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())));
    js += jsCache.get(src);
  }
  const css = [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].reduce((n, m) => n + m[1].length, 0);
  rows.push({ name, url, html: html.length, htmlGzip: gz(html), css, scripts: scripts.length, jsGzip: js });
}

console.log(`page weight at ${base} (gzip level 6)`);
console.log("| page | HTML raw | HTML gzip (CSS inlined) | within 14 KB | inlined CSS raw | scripts | JS gzip |");
console.log("| --- | ---: | ---: | :---: | ---: | ---: | ---: |");
for (const r of rows) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `| ${r.name} | ${kb(r.html)} | ${kb(r.htmlGzip)} | ${r.htmlGzip <= FIRST_FLIGHT ? "yes" : "NO"} | ${kb(r.css)} | ${r.scripts} | ${kb(r.jsGzip)} |`,
  );
}
process.exit(0);
