import { editDistance, isStopWord, normalise, tokens } from "./text";

/**
 * Whether a query names an institution: by its acronym ("TRA", "brela", "e-GA", or one written in
 * brackets in its name: "TAKUKURU"), or by its name, every word of the query being a word of the
 * name and the query saying more than half of the name ("Mamlaka ya Mapato", "benki kuu",
 * "uhamiaji"). Words that every second name has ("Tanzania", "Idara", "Jeshi") are not counted.
 * A query about a thing ("TIN", "bima ya afya") names no institution.
 */
export type NamedEntry = { key: string; acronym: string | null; names: string[] };
type Entry = { key: string; acronyms: string[]; names: string[][] };
/** The entries, and where to look them up by a word of their names or acronyms (or a slip from one). */
export type NameMatcher = { entries: Entry[]; byWord: Map<string, number[]>; deletes: Map<string, string[]> };

// Words of institutions' names that do not tell one from another.
const filler = new Set(["tanzania", "idara", "jeshi", "department", "force", "services", "service", "huduma", "za"]);
// Acronyms that are also everyday words: they name the institution only in capitals or alone.
const everydayWords = new Set(["tea", "bot", "tic", "jot", "tio"]);

const squeeze = (text: string) => normalise(text).replace(/ /g, "");
const meaningful = (text: string) => tokens(text).filter((word) => !isStopWord(word) && !filler.has(word));
const near = (a: string, b: string) => a === b || (a.length >= 5 && b.length >= 5 && editDistance(a, b, 1) <= 1);

const deletions = (word: string) => Array.from({ length: word.length }, (_, i) => word.slice(0, i) + word.slice(i + 1));

export function buildNameMatcher(list: NamedEntry[]): NameMatcher {
  const entries = list.map(({ key, acronym, names }) => {
    const acronyms = new Set<string>(acronym ? [squeeze(acronym)] : []);
    for (const name of names) {
      for (const [, inside] of name.matchAll(/\(([^)]+)\)/g)) {
        if (inside && !inside.trim().includes(" ")) acronyms.add(squeeze(inside));
      }
    }
    return {
      key,
      acronyms: [...acronyms].filter(Boolean),
      names: names.map((name) => meaningful(name.replace(/\([^)]*\)/g, " "))).filter((words) => words.length > 0),
    };
  });
  const byWord = new Map<string, number[]>();
  entries.forEach((entry, id) => {
    for (const word of new Set([...entry.acronyms, ...entry.names.flat()])) byWord.set(word, [...(byWord.get(word) ?? []), id]);
  });
  const deletes = new Map<string, string[]>();
  for (const word of byWord.keys()) {
    if (word.length < 5) continue;
    for (const deleted of new Set(deletions(word))) deletes.set(deleted, [...(deletes.get(deleted) ?? []), word]);
  }
  return { entries, byWord, deletes };
}

/** The entries with a word the query has, or has a slip from: the only ones worth a closer look. */
function candidates(matcher: NameMatcher, words: string[], whole: string): Entry[] {
  const found = new Set<number>(matcher.byWord.get(whole) ?? []);
  for (const word of words) {
    const near = [word];
    if (word.length >= 5) {
      near.push(...(matcher.deletes.get(word) ?? []));
      for (const deleted of deletions(word)) near.push(deleted, ...(matcher.deletes.get(deleted) ?? []));
    }
    for (const term of near) for (const id of matcher.byWord.get(term) ?? []) found.add(id);
  }
  return [...found].sort((a, b) => a - b).map((id) => matcher.entries[id]!);
}

/** The keys of the institutions a query names, those named by acronym first, at most `limit`. */
export function namedIn(matcher: NameMatcher, query: string, limit = 3): string[] {
  const words = tokens(query);
  if (words.length === 0) return [];
  const written = query.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const capitals = new Set(written.filter((word) => word.length > 1 && word === word.toUpperCase()).map((word) => normalise(word)));
  const whole = squeeze(query);
  const wanted = meaningful(query);
  const entries = candidates(matcher, words, whole);
  const acronymNamed = (entry: Entry, close: boolean) =>
    entry.acronyms.some(
      (acronym) =>
        acronym === whole ||
        words.some(
          (word) =>
            (close ? near(word, acronym) : word === acronym) && (!everydayWords.has(acronym) || capitals.has(word) || words.length === 1),
        ),
    );
  // An acronym typed exactly ("tasaf") is not also a slip for its neighbour ("tasac").
  let byAcronym = entries.filter((entry) => acronymNamed(entry, false)).map((entry) => entry.key);
  if (byAcronym.length === 0) byAcronym = entries.filter((entry) => acronymNamed(entry, true)).map((entry) => entry.key);
  const byName: { key: string; share: number }[] = [];
  if (wanted.length > 0) {
    for (const entry of entries) {
      if (byAcronym.includes(entry.key)) continue;
      let share = 0;
      for (const name of entry.names) {
        if (!wanted.every((word) => name.some((part) => near(word, part)))) continue;
        share = Math.max(share, name.filter((part) => wanted.some((word) => near(word, part))).length / name.length);
      }
      if (share > 0.5) byName.push({ key: entry.key, share });
    }
  }
  byName.sort((a, b) => b.share - a.share);
  return [...byAcronym, ...byName.map((hit) => hit.key)].slice(0, limit);
}
