// A national catalogue's size for the benchmarks: the real listings' data files, repeated under
// new names and slugs up to a number of services, so that search, pages and USSD work on 5,000
// listings as they would in production. Deterministic: every run measures the same catalogue.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const data = path.resolve("db/seed/data");

/**
 * A copy of the data files in a throwaway folder (removed when the process exits) with the
 * listings repeated up to `services`: { dir, count }, for CATALOGUE_DATA_DIR with SEED_ON_START.
 */
export function bigCatalogue(services) {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const syllables = ["ka", "ma", "ta", "na", "li", "si", "ku", "wa", "ri", "zo", "be", "do", "fu", "ge", "ho", "ji"];
  const word = () =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join("");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-bench-catalogue-"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(data, dir, { recursive: true });
  const servicesDir = path.join(dir, "services");
  const real = fs.readdirSync(servicesDir).flatMap((file) => JSON.parse(fs.readFileSync(path.join(servicesDir, file), "utf8")));
  const copies = [];
  for (let i = real.length; i < services; i++) {
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
