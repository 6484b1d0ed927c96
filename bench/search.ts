// npm run bench:search — server-side search latency over a generated catalogue of 5,000
// services (the real listings, repeated with varied words so that the vocabulary grows like a
// real catalogue's), and the time to build the index. Results go to docs/performance.md.
import path from "node:path";
import { readCatalogueData } from "@/db/seed/data-files";
import { buildSearchIndex, search, type SearchDocument } from "@/lib/search/index";

const SERVICES = Number(process.env.BENCH_SERVICES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

// A deterministic generator, so that every run measures the same catalogue.
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const syllables = [
  "ka",
  "ma",
  "ta",
  "na",
  "li",
  "si",
  "ku",
  "wa",
  "ri",
  "zo",
  "be",
  "do",
  "fu",
  "ge",
  "ho",
  "ji",
  "pe",
  "sha",
  "chi",
  "nye",
];
const word = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join("");

const data = readCatalogueData(path.resolve("db/seed/data"));
const base = data.services.length > 0 ? data.services : readCatalogueData(path.resolve("testing/fixtures/catalogue")).services;

const documents: SearchDocument[] = Array.from({ length: SERVICES }, (_, i) => {
  const service = base[i % base.length]!;
  const variant = `${word()} ${word()}`;
  return {
    key: String(i),
    fields: [
      { text: `${service.name.sw} ${service.name.en} ${i >= base.length ? variant : ""}`, weight: 10 },
      { text: [...service.keywords.sw, ...service.keywords.en, word()].join(" "), weight: 8 },
      { text: `${service.institution} ${word()}`, weight: 7 },
      { text: `${service.summary.sw} ${service.summary.en}`, weight: 3 },
      { text: `${service.description.sw} ${service.description.en} ${word()} ${word()}`, weight: 1 },
    ],
    exact: [service.name.sw, service.name.en],
  };
});

const queries = [
  "cheti cha kuzaliwa",
  "birth certifcate",
  "RITA",
  "leseni ya biashara",
  "business licence",
  "pasipoti",
  "passport",
  "tin",
  "kodi ya ardhi",
  "land rent",
  "mkopo wa elimu ya juu",
  "student loan",
  "umeme",
  "maji",
  "kitambulisho cha taifa",
  "national id",
  "nhif",
  "bima ya afya",
  "matokeo ya mitihani",
  "exam results",
  "usajili wa kampuni",
  "company registraton",
  "visa",
  "ajira",
  "kuz",
  "cert",
  "lesen",
  "driving licence",
  "leseni ya udereva",
  "e-mrejesho malalamiko",
];

const buildTimes: number[] = [];
let index = buildSearchIndex(documents);
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  index = buildSearchIndex(documents);
  buildTimes.push(performance.now() - started);
}

// Warm up, then measure each query many times.
for (const query of queries) search(index, query);
const latencies: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const query of queries) {
    const started = performance.now();
    search(index, query);
    latencies.push(performance.now() - started);
  }
}
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

console.log(`search over ${SERVICES} services (${index.vocabulary.length} distinct terms), ${latencies.length} queries`);
console.log(`  index build: ${Math.min(...buildTimes).toFixed(0)} ms (best of 3)`);
console.log(
  `  latency p50 ${at(50).toFixed(2)} ms · p95 ${at(95).toFixed(2)} ms · p99 ${at(99).toFixed(2)} ms · max ${latencies.at(-1)!.toFixed(2)} ms`,
);
