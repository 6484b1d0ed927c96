#!/usr/bin/env node
// `npm run test:fuzz` (issue 21, "Hostile input"): every Server Action and every route fuzzed
// with thousands of cases each (testing/fuzz/fuzz.test.ts, FUZZ_RUNS cases per target and engine,
// 2000 unless set), on the embedded PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL,
// the two side by side. Then a table: each target's cases on each engine, its failures, its time,
// and the totals. The cases are counted by the tests themselves (FUZZ_REPORT); the full output of
// each engine's run is in test-results/fuzz/<engine>.log. FUZZ_SEED replays a run.
import fs from "node:fs";
import path from "node:path";
import { bin, ensureNode, root, run } from "./lib.mjs";

await ensureNode();

const runs = process.env.FUZZ_RUNS ?? "2000";
if (!/^[1-9]\d*$/.test(runs)) {
  console.error(`FUZZ_RUNS must be a whole number of cases per target, not "${runs}".`);
  process.exit(2);
}
const engines = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgresql"] : [])];
const folder = path.join(root, "test-results", "fuzz");
fs.rmSync(folder, { recursive: true, force: true });
fs.mkdirSync(folder, { recursive: true });

console.log(
  `Fuzzing every Server Action and route: ${runs} cases per target on ${engines.join(" and ")}` +
    (engines.length === 1 ? " (set TEST_DATABASE_URL for PostgreSQL too)" : "") +
    `; output in ${path.relative(root, folder)}/.`,
);
const started = performance.now();
const codes = await Promise.all(
  engines.map(async (engine) => {
    const log = fs.openSync(path.join(folder, `${engine}.log`), "w");
    const code = await run(bin("vitest"), ["run", "testing/fuzz/fuzz.test.ts"], {
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        FUZZ_RUNS: runs,
        FUZZ_ENGINE: engine,
        FUZZ_REPORT: path.join(folder, `${engine}.jsonl`),
        // A log to read, not a terminal.
        FORCE_COLOR: "0",
        NO_COLOR: "1",
      },
    });
    fs.closeSync(log);
    console.log(`${engine}: ${code === 0 ? "done" : `failed (exit code ${code}, see ${path.relative(root, folder)}/${engine}.log)`}`);
    return code;
  }),
);
const seconds = (performance.now() - started) / 1000;

/** Each target's figures by engine, from the lines the tests appended. */
const targets = new Map();
for (const engine of engines) {
  const file = path.join(folder, `${engine}.jsonl`);
  if (!fs.existsSync(file)) continue;
  for (const line of fs.readFileSync(file, "utf8").split("\n").filter(Boolean)) {
    const { target, cases, failures, ms } = JSON.parse(line);
    const name = target.replace(/ \((pglite|postgresql)\)$/, "");
    const row = targets.get(name) ?? { cases: {}, failures: 0, ms: 0 };
    row.cases[engine] = (row.cases[engine] ?? 0) + cases;
    row.failures += failures;
    row.ms += ms;
    targets.set(name, row);
  }
}

const number = (n) => n.toLocaleString("en");
const header = ["target", ...engines.map((engine) => `cases (${engine})`), "cases", "failures", "time"];
const rows = [...targets].map(([name, row]) => {
  const total = engines.reduce((sum, engine) => sum + (row.cases[engine] ?? 0), 0);
  return [
    name,
    ...engines.map((engine) => number(row.cases[engine] ?? 0)),
    number(total),
    String(row.failures),
    `${(row.ms / 1000).toFixed(1)} s`,
  ];
});
const totals = [
  `total (${targets.size} targets)`,
  ...engines.map((engine) => number([...targets.values()].reduce((sum, row) => sum + (row.cases[engine] ?? 0), 0))),
  number([...targets.values()].reduce((sum, row) => sum + Object.values(row.cases).reduce((a, b) => a + b, 0), 0)),
  String([...targets.values()].reduce((sum, row) => sum + row.failures, 0)),
  `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`,
];
const widths = header.map((_, i) => Math.max(...[header, ...rows, totals].map((cells) => cells[i].length)));
const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
for (const cells of rows) console.log(line(cells));
console.log(`${widths.map((w) => "-".repeat(w)).join("  ")}\n${line(totals)}`);

const failed = codes.some((code) => code !== 0) || [...targets.values()].some((row) => row.failures > 0);
if (failed)
  console.log(`\nSome targets failed: fast-check's counterexamples and seeds are in ${path.relative(root, folder)}/<engine>.log.`);
process.exit(failed ? 1 : 0);
