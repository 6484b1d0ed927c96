// npm run bench:ussd — time per USSD step over HTTP, as the aggregator calls the portal, with a
// catalogue of 5,000 services (the real listings, repeated under new names so that search has a
// national catalogue's size). The ceiling is the issue's: p95 at most 30 ms per step (the
// aggregator's whole budget is one or two seconds, most of it the mobile network's).
// Results go to docs/performance.md.
import { ensureNode } from "../scripts/lib.mjs";
import { bigCatalogue } from "./big-catalogue.mjs";
import { benchPortal } from "./portal.mjs";

await ensureNode();
const SERVICES = Number(process.env.BENCH_SERVICES ?? 5000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 40);
const CEILING_MS = 30;

const { dir, count } = bigCatalogue(SERVICES);
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
