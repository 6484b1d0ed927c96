import type { Locale } from "@/lib/i18n/config";
import type { CatalogueService } from "./model";
import { byName } from "./order";

/**
 * The services A–Z, cut into pages small enough for the first 14 KB a phone receives: services
 * grouped by the first letter of their name in the page's language, consecutive letters sharing
 * a page while they fit, a letter with more services than a page continuing over the next pages.
 * Fewer, fuller pages than one page per letter: each page also carries the site's shell, which
 * costs a 2G user more than the few services a sparse letter adds.
 */

/** Twenty services keep a list page within the first flight, as on search results (docs/performance.md). */
export const SERVICES_PER_PAGE = 20;

/** The letters an index shows, with or without services. Swahili writes no Q or X (they show when a name uses them). */
const alphabets: Record<Locale, string> = {
  sw: "abcdefghijklmnoprstuvwyz",
  en: "abcdefghijklmnopqrstuvwxyz",
};

/** Names that start with a digit, and names that start with a letter outside a–z. */
export const DIGITS = "0-9";
export const OTHER = "other";

export type LetterKey = string;
export type Section = { letter: LetterKey; continued: boolean; services: CatalogueService[] };
export type AzPage = { number: number; sections: Section[] };
export type IndexEntry = { letter: LetterKey; page: number | null };
export type AToZ = { pages: AzPage[]; index: IndexEntry[]; total: number };

/** The index group of a name: its first letter without accents (a–z), DIGITS, or OTHER. */
export function letterOf(name: string): LetterKey {
  const first = /[\p{L}\p{N}]/u.exec(name)?.[0] ?? "";
  if (/\p{N}/u.test(first)) return DIGITS;
  const base = first.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  return /^[a-z]$/.test(base) ? base : OTHER;
}

/** What a person reads for a letter key: "K", "0–9", "#". */
export function letterLabel(letter: LetterKey): string {
  if (letter === DIGITS) return "0–9";
  if (letter === OTHER) return "#";
  return letter.toUpperCase();
}

/** Index order: digits, then the letters a–z, then anything else (as collation puts them). */
function indexOrder(letter: LetterKey): number {
  if (letter === DIGITS) return -1;
  if (letter === OTHER) return 100;
  return letter.charCodeAt(0) - 97;
}

export function aToZ(services: readonly CatalogueService[], locale: Locale, perPage = SERVICES_PER_PAGE): AToZ {
  const groups = new Map<LetterKey, CatalogueService[]>();
  for (const service of services) {
    const letter = letterOf(service.name[locale]);
    const group = groups.get(letter);
    if (group) group.push(service);
    else groups.set(letter, [service]);
  }
  const alphabetical = byName(locale);
  const letters = [...new Set([...alphabets[locale], ...groups.keys()])].sort((a, b) => indexOrder(a) - indexOrder(b));

  const pages: AzPage[] = [];
  let current: Section[] = [];
  let count = 0;
  const startOf = new Map<LetterKey, number>();
  const close = () => {
    if (current.length === 0) return;
    pages.push({ number: pages.length + 1, sections: current });
    current = [];
    count = 0;
  };
  for (const letter of letters) {
    const list = groups.get(letter);
    if (!list) continue;
    list.sort(alphabetical);
    // A letter that fits stays whole: on this page if there is room, else on the next one.
    if (list.length > perPage - count) close();
    startOf.set(letter, pages.length + 1);
    for (let from = 0; from < list.length; from += perPage) {
      if (from > 0) close();
      const part = list.slice(from, from + perPage);
      current.push({ letter, continued: from > 0, services: part });
      count += part.length;
    }
  }
  close();

  return {
    pages,
    index: letters.map((letter) => ({ letter, page: startOf.get(letter) ?? null })),
    total: services.length,
  };
}

const made = new WeakMap<readonly CatalogueService[], Partial<Record<Locale, AToZ>>>();

/** The A–Z of a catalogue's services, made once per catalogue (each reload brings a new list) and language. */
export function aToZOf(services: readonly CatalogueService[], locale: Locale): AToZ {
  let byLocale = made.get(services);
  if (!byLocale) made.set(services, (byLocale = {}));
  return (byLocale[locale] ??= aToZ(services, locale));
}

/**
 * Services on one page of a category or a life event: a page of thirty stays within the first
 * flight (14 KB gzip) however large the topic grows; starting a business alone has about 80.
 */
export const TOPIC_PAGE_SIZE = 30;

/** The page a visitor asked for (?page=); anything else, or a page there is not, is the first. */
export function pageNumber(value: string | string[] | undefined, pages: number): number {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !/^[1-9]\d{0,4}$/.test(raw)) return 1;
  const n = Number(raw);
  return n <= pages ? n : 1;
}

/** The letters a page holds, for its title: "K", "A–I". */
export function pageLetters(page: AzPage): string {
  const first = letterLabel(page.sections[0]!.letter);
  const last = letterLabel(page.sections[page.sections.length - 1]!.letter);
  return first === last ? first : `${first}–${last}`;
}
