#!/usr/bin/env node
// npm run bench:pages — bytes a phone downloads for the home page, a search, a service page and
// the heaviest page of the services A–Z:
// the HTML (with its inlined CSS) gzipped, against the 14 KB of a new connection's first flight,
// and all the JavaScript the page loads, gzipped (since decision 0006 only the portal's own small
// enhancements), and the page again for a browser that sends Save-Data: on. Uses BENCH_URL, or starts the built portal.
import http from "node:http";
import { gzipSync } from "node:zlib";
import { benchPortal } from "./portal.mjs";

const FIRST_FLIGHT = 14 * 1024;
const base = await benchPortal(3400);

const gz = (buffer) => gzipSync(buffer, { level: 6 }).length;

/** Bytes on the wire for one request, as the server compressed them. */
function wire(url, headers) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let size = 0;
        res.on("data", (chunk) => (size += chunk.length));
        res.on("end", () => resolve({ size, encoding: res.headers["content-encoding"] ?? "none" }));
      })
      .on("error", reject);
  });
}

const services = (await (await fetch(`${base}/api/v1/services?per_page=1&q=${encodeURIComponent("cheti cha kuzaliwa")}`)).json()).data;
const service = services[0];
/** The heaviest page of the services A–Z in a language, found by following its "next" links. */
async function heaviestAToZPage(locale) {
  let url = `/${locale}/services`;
  let heaviest = { url, size: 0 };
  let count = 0;
  while (url && count < 100) {
    count++;
    const { size } = await wire(base + url, { "accept-encoding": "gzip" });
    if (size > heaviest.size) heaviest = { url, size };
    const html = await (await fetch(base + url)).text();
    url = /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
  }
  return { ...heaviest, count };
}

const pages = [
  ["home", "/sw"],
  ["search results", `/sw/search?q=${encodeURIComponent("cheti cha kuzaliwa")}`],
  ["service page", `/sw/services/${service.slug.sw}`],
  ["service page (en)", `/en/services/${service.slug.en}`],
  ["feedback form", "/sw/feedback"],
];
for (const locale of ["sw", "en"]) {
  const { url, count } = await heaviestAToZPage(locale);
  pages.push([`services A–Z, heaviest of ${count} pages (${locale})`, url]);
}

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
  const gzipWire = await wire(base + url, { "accept-encoding": "gzip" });
  const brWire = await wire(base + url, { "accept-encoding": "br, gzip" });
  const lite = await wire(base + url, { "accept-encoding": "gzip", "save-data": "on" });
  rows.push({ name, html: html.length, css, scripts: scripts.length, jsGzip: js, gzipWire, brWire, lite });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const fits = (n) => (n <= FIRST_FLIGHT ? "yes" : "NO");
console.log(`page weight at ${base}`);
console.log(
  "| page | HTML raw | inlined CSS raw | HTML on the wire, gzip | brotli | within 14 KB | scripts | JavaScript, gzip | Save-Data: on, HTML gzip |",
);
console.log("| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(
    `| ${r.name} | ${kb(r.html)} | ${kb(r.css)} | ${kb(r.gzipWire.size)} | ${kb(r.brWire.size)} | ${fits(r.gzipWire.size)} | ${r.scripts} | ${kb(r.jsGzip)} | ${kb(r.lite.size)} |`,
  );
}
process.exit(0);
