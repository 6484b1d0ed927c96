import path from "node:path";
import { readCatalogueData } from "../db/seed/data-files";

/** The catalogue the end-to-end portal is seeded with, so that tests name real listings. */
export const catalogue = readCatalogueData(path.resolve(import.meta.dirname, "../db/seed/data"));

export function service(predicate: (s: (typeof catalogue.services)[number]) => boolean) {
  const found = catalogue.services.find(predicate);
  if (!found) throw new Error("The catalogue data has no service the test expects");
  return found;
}

export const birthRegistration = service((s) => s.slug.en === "birth-registration-and-birth-certificate");
export const anyCategory = catalogue.categories.find((c) => catalogue.services.some((s) => s.categories.includes(c.key)))!;
export const anyLifeEvent = catalogue.lifeEvents.find((e) => catalogue.services.some((s) => s.lifeEvents.includes(e.key)))!;
export const rita = catalogue.institutions.find((i) => i.slug === "rita")!;
