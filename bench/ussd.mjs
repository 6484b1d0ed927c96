// npm run bench:ussd — time per USSD step over HTTP, as the aggregator calls the portal, with a
// catalogue of 5,000 services (the real listings, repeated under new names so that search has a
// national catalogue's size). The ceiling is the issue's: p95 at most 30 ms per step (the
// aggregator's whole budget is one or two seconds, most of it the mobile network's).
// Results go to docs/performance.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureNode } from "../scripts/lib.mjs";
import { benchPortal } from "./portal.mjs";

await ensureNode();
const SERVICES = Number(process.env.BENCH_SERVICES ?? 5000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 40);
const CEILING_MS = 30;
const data = path.resolve("db/seed/data");

// A deterministic word generator, so that every run measures the same catalogue.
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const syllables = ["ka", "ma", "ta", "na", "li", "si", "ku", "wa", "ri", "zo", "be", "do", "fu", "ge", "ho", "ji"];
const word = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join("");

/** The data files with the listings repeated up to SERVICES, each copy with slugs and a name of its own. */
function bigCatalogue() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-ussd-bench-"));
  fs.cpSync(data, dir, { recursive: true });
  const servicesDir = path.join(dir, "services");
  const real = fs.readdirSync(servicesDir).flatMap((file) => JSON.parse(fs.readFileSync(path.join(servicesDir, file), "utf8")));
  const copies = [];
  for (let i = real.length; i < SERVICES; i++) {
    const base = real[i % real.length];
    const extra = `${word()} ${word()}`;
    copies.push({
      ...base,
      slug: { sw: `${base.slug.sw}-${i}`, en: `${base.slug.en}-${i}` },
      name: { sw: `${base.name.sw} ${extra}`, en: `${base.name.en} ${extra}` },
      // A copy states its fees under labels of its own, so that no fee reads as stated twice.
      fees: base.fees.map((fee) => ({ ...fee, label: { sw: `${fee.label.sw} ${i}`, en: `${fee.label.en} ${i}` } })),
      featured: false,
    });
  }
  fs.writeFileSync(path.join(servicesDir, "zz-bench-copies.json"), JSON.stringify(copies));
  return { dir, count: real.length + copies.length };
}

const { dir, count } = bigCatalogue();
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
const base = await benchPortal(4571, { CATALOGUE_DATA_DIR: dir, SEED_ON_START: "true", DIRISHA_DEPLOYMENT: "trial" });
const auth = `Basic ${Buffer.from(`aggregator:${process.env.USSD_SECRET ?? "sandbox-ussd-secret"}`).toString("base64")}`;

async function step(sessionId, phoneNumber, text) {
  const started = performance.now();
  const response = await fetch(`${base}/api/ussd`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ sessionId, serviceCode: "*152*00#", phoneNumber, text }),
  });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200 || !/^(CON|END) /.test(body))
    throw new Error(`step "${text}" answered ${response.status}: ${body.slice(0, 80)}`);
  return ms;
}

// The paths people take: a search and a service read screen by screen; an institution; a life
// event; a control number; back and start again.
const walks = [
  ["1", "1*pasipoti", "1*pasipoti*1", "1*pasipoti*1*98", "1*pasipoti*1*98*98", "1*pasipoti*1*98*98*0"],
  ["1", "1*cheti cha kuzaliwa", "1*cheti cha kuzaliwa*98", "1*cheti cha kuzaliwa*98*1", "1*cheti cha kuzaliwa*98*1*00"],
  ["3", "3*TRA", "3*TRA*1", "3*TRA*1*2", "3*TRA*1*2*98"],
  ["2", "2*1", "2*1*1", "2*1*1*98", "2*1*1*0*0"],
  ["7", "7*1", "7*1*driving licence", "7*1*driving licence*1", "7*1*driving licence*1*98"],
  ["4", "4*991234567890"],
];

// Warm up (first requests compile and load the catalogue), then measure.
await step("warm", "255700009999", "");
await step("warm", "255700009999", "1");
await step("warm", "255700009999", "1*pasipoti");
const times = [];
for (let s = 0; s < SESSIONS; s++) {
  const walk = walks[s % walks.length];
  const sessionId = `bench-${s}`;
  // A phone per session: the per-phone limit is for people, not for this load.
  const phone = `2557${String(10_000_000 + s).padStart(8, "0")}`;
  times.push(await step(sessionId, phone, ""));
  for (const text of walk) times.push(await step(sessionId, phone, text));
}
times.sort((a, b) => a - b);
const at = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
console.log(`USSD steps over HTTP with ${count} services: ${times.length} steps in ${SESSIONS} sessions`);
console.log(
  `  p50 ${at(50).toFixed(1)} ms · p95 ${at(95).toFixed(1)} ms · p99 ${at(99).toFixed(1)} ms · max ${times.at(-1).toFixed(1)} ms`,
);
console.log(`  ceiling: p95 at most ${CEILING_MS} ms: ${at(95) <= CEILING_MS ? "within" : "OVER"}`);
process.exit(0);
