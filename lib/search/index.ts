import { isStopWord, editDistance, normalise, tokens } from "./text";
import { intentFactor, intentsOf, type Intent } from "./intents";
import { synonymLookup, synonymGroups } from "./synonyms";

/**
 * A small in-memory search engine for the catalogue: both languages at once, prefix matching
 * (for words being typed), typo tolerance (one slip in a word of four letters or more, two in
 * long words), synonyms, and ranking by how many query words matched, where, and how rare they are.
 * Built from the published listings in a few milliseconds; every portal process keeps its own.
 */

export type SearchField = { text: string; weight: number };
export type SearchDocument = {
  key: string;
  fields: SearchField[];
  /** Texts that, typed in full, mean this document outright (its names, its acronym). */
  exact?: string[];
  /** -1..1: breaks near-ties, up for a featured or much-used listing, down for one of a single region. */
  boost?: number;
  /** What the document lets a person do (./intents.ts): a query asking for that weighs it up. */
  intents?: Intent[];
};
export type SearchHit = { key: string; score: number; matched: number };

type Posting = Map<number, number>; // document → best field weight for the term

export type SearchIndex = {
  keys: string[];
  ids: Map<string, number>;
  boosts: number[];
  intents: Intent[][];
  postings: Map<string, Posting>;
  vocabulary: string[]; // sorted, for prefix look-ups
  deletes: Map<string, string[]>; // one-letter deletions → terms, for typo look-ups
  exact: Map<string, number[]>; // normalised exact text → documents
  synonyms: Map<string, string[]>;
};

function stem(token: string): string {
  // English plurals ("certificates", "licences"); Swahili words rarely end in "s".
  return token.length > 4 && token.endsWith("s") && !token.endsWith("ss") ? token.slice(0, -1) : token;
}

const phraseSynonyms = synonymGroups
  .flatMap((group) => group.filter((word) => word.includes(" ")).map((phrase) => ({ phrase, group })))
  .map(({ phrase, group }) => ({ phrase, singles: group.filter((w) => !w.includes(" ")) }));

/** A text's index terms, with the one-word names of any synonym phrase it contains. */
function termsOf(text: string): string[] {
  const normalised = normalise(text);
  const found = tokens(normalised)
    .filter((t) => !isStopWord(t))
    .map(stem);
  for (const { phrase, singles } of phraseSynonyms) {
    if (` ${normalised} `.includes(` ${phrase} `)) found.push(...singles);
  }
  return found;
}

function deletions(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

export function buildSearchIndex(documents: SearchDocument[]): SearchIndex {
  const postings = new Map<string, Posting>();
  documents.forEach((doc, id) => {
    for (const field of doc.fields) {
      for (const term of termsOf(field.text)) {
        let posting = postings.get(term);
        if (!posting) postings.set(term, (posting = new Map()));
        const previous = posting.get(id) ?? 0;
        // The best field counts fully; the same word in other fields adds a little.
        posting.set(id, Math.max(previous, field.weight) + Math.min(previous, field.weight) * 0.1);
      }
    }
  });
  const vocabulary = [...postings.keys()].sort();
  const deletes = new Map<string, string[]>();
  for (const term of vocabulary) {
    if (term.length < 4) continue;
    for (const deleted of new Set(deletions(term))) {
      const list = deletes.get(deleted);
      if (list) list.push(term);
      else deletes.set(deleted, [term]);
    }
  }
  return {
    keys: documents.map((d) => d.key),
    ids: new Map(documents.map((d, id) => [d.key, id])),
    boosts: documents.map((d) => d.boost ?? 0),
    intents: documents.map((d) => d.intents ?? []),
    postings,
    vocabulary,
    deletes,
    exact: documents.reduce((map, doc, id) => {
      for (const text of doc.exact ?? []) {
        const key = normalise(text);
        map.set(key, [...(map.get(key) ?? []), id]);
      }
      return map;
    }, new Map<string, number[]>()),
    synonyms: synonymLookup(),
  };
}

function prefixed(index: SearchIndex, prefix: string, limit: number): string[] {
  const { vocabulary } = index;
  let low = 0;
  let high = vocabulary.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (vocabulary[mid]! < prefix) low = mid + 1;
    else high = mid;
  }
  const out: string[] = [];
  for (let i = low; i < vocabulary.length && out.length < limit && vocabulary[i]!.startsWith(prefix); i++) {
    out.push(vocabulary[i]!);
  }
  return out;
}

function typoMatches(index: SearchIndex, word: string): Map<string, number> {
  const maxDistance = word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
  const found = new Map<string, number>();
  if (maxDistance === 0) return found;
  const candidates = new Set<string>(index.deletes.get(word) ?? []);
  for (const deleted of deletions(word)) {
    if (index.postings.has(deleted)) candidates.add(deleted);
    for (const term of index.deletes.get(deleted) ?? []) candidates.add(term);
    if (maxDistance === 2) {
      for (const twice of deletions(deleted)) if (index.postings.has(twice)) candidates.add(twice);
    }
  }
  for (const term of candidates) {
    if (term === word) continue;
    const distance = editDistance(word, term, maxDistance);
    if (distance <= maxDistance) found.set(term, distance);
  }
  return found;
}

/** A term's rarity: rare words say more about which document is meant. */
function idfOf(index: SearchIndex, term: string): number {
  return Math.log(1 + index.keys.length / (index.postings.get(term)?.size ?? index.keys.length));
}

/**
 * How well each term answers one query word (exact, synonym, prefix or near-miss), and the
 * rarity each counts with. A synonym, a longer word that merely starts with the query word, or
 * one a slip away from it, never counts as rarer than the word itself ("tra" is not "trab";
 * "leseni" finds licences before permits), and the last two fall
 * well behind the word itself when that is a word of the index. While a word is being typed
 * (`typing`, last word), its commoner completions come first.
 */
function candidatesFor(index: SearchIndex, word: string, typing: boolean): Map<string, { factor: number; idf: number }> {
  const out = new Map<string, { factor: number; idf: number }>();
  const known = index.postings.has(word);
  const ceiling = known ? idfOf(index, word) : Infinity;
  const offer = (term: string, factor: number, idf = Math.min(idfOf(index, term), ceiling)) => {
    if (index.postings.has(term) && factor > (out.get(term)?.factor ?? 0)) out.set(term, { factor, idf });
  };
  offer(word, 1, ceiling);
  // Single-word synonyms only: a phrase ("taxpayer identification number") is found as a phrase,
  // at indexing (termsOf), not as its words one by one ("identification" is not "TIN").
  for (const synonym of index.synonyms.get(word) ?? []) {
    if (!synonym.includes(" ")) for (const term of termsOf(synonym)) offer(term, 0.9);
  }
  // Prefixes: any word of two letters or more, and a single letter only while it is being typed.
  if (word.length >= 2 || typing) {
    const completions = prefixed(index, word, 60).filter((term) => term !== word);
    const commonest = Math.max(1, ...completions.map((term) => index.postings.get(term)!.size));
    const shared = Math.min(Math.log(1 + index.keys.length / commonest), ceiling);
    for (const term of completions) {
      const size = index.postings.get(term)!.size;
      if (typing) offer(term, (known ? 0.5 : 0.8) * (0.75 + 0.25 * (size / commonest)), shared);
      else offer(term, (known ? 0.5 : 0.8) - Math.min(0.3, (term.length - word.length) * 0.03));
    }
  }
  for (const [term, distance] of typoMatches(index, word)) offer(term, (distance === 1 ? 0.65 : 0.45) * (known ? 0.8 : 1));
  return out;
}

/** Splits a query into words, turning a synonym phrase ("control number") into one word. */
function queryWords(query: string, fallBackToStopWords = true): string[] {
  let normalised = normalise(query);
  for (const { phrase, singles } of phraseSynonyms) {
    if (` ${normalised} `.includes(` ${phrase} `) && singles[0]) {
      normalised = ` ${normalised} `.replace(` ${phrase} `, ` ${singles[0]} `).trim();
    }
  }
  const all = tokens(normalised);
  const meaningful = all.filter((t) => !isStopWord(t));
  return (meaningful.length > 0 || !fallBackToStopWords ? meaningful : all).map(stem).slice(0, 12);
}

export type SearchOptions = {
  /** Every word must match (an institution's name). */
  requireAll?: boolean;
  /** The last word is still being typed (suggestions): its commoner completions count most. */
  typing?: boolean;
  /**
   * Documents the query means without naming them (a life situation's listings): key → 0..1.
   * They count as matching one more word, however little of the rest they match.
   */
  extra?: Map<string, number>;
  /** Those of `extra` in an order of their own (a life event's): a query asking nothing in particular keeps it. */
  ordered?: Set<string>;
  /** Words of the query that only serve `extra` and `intent` (a situation's phrase): not matched. */
  matchText?: string;
  /** Drop results scoring below this share of the best (0 keeps all); exact matches stay. */
  cutoff?: number;
};

// A situation's listing counts like a word found in a listing's name.
const EXTRA_WEIGHT = 10;

export function search(index: SearchIndex, query: string, limit = 20, options: SearchOptions = {}): SearchHit[] {
  const words = options.matchText === undefined ? queryWords(query) : queryWords(options.matchText, false);
  const extra = options.extra ?? new Map<string, number>();
  if (words.length === 0 && extra.size === 0) return [];
  const total = index.keys.length;
  const scores = new Map<number, { score: number; matched: number; strong: number; asking: number }>();
  // Words that only say what to do ("kuomba", "renew", "lost") weigh through the intent, and a
  // listing that does not repeat them loses nothing for it.
  const asking = words.map((word) => intentsOf(word).length > 0);
  const askingCount = asking.filter(Boolean).length;

  words.forEach((word, position) => {
    const best = new Map<number, number>();
    const strong = new Set<number>();
    // A word that only says what to do counts mostly through the intent.
    const share = asking[position] ? 0.5 : 1;
    for (const [term, { factor, idf }] of candidatesFor(index, word, Boolean(options.typing) && position === words.length - 1)) {
      const posting = index.postings.get(term)!;
      const scale = factor * idf * share;
      const exact = factor >= 0.9;
      for (const [doc, weight] of posting) {
        const value = weight * scale;
        if (value > (best.get(doc) ?? 0)) best.set(doc, value);
        if (exact && weight >= 8) strong.add(doc);
      }
    }
    for (const [doc, value] of best) {
      let entry = scores.get(doc);
      if (!entry) scores.set(doc, (entry = { score: 0, matched: 0, strong: 0, asking: 0 }));
      entry.score += value;
      entry.matched += 1;
      if (strong.has(doc)) entry.strong += 1;
      if (asking[position]) entry.asking += 1;
    }
  });
  const extraValue = EXTRA_WEIGHT * Math.log(1 + total / 3);
  const extras = new Set<number>();
  const ordered = new Set<number>();
  for (const [key, strength] of extra) {
    const doc = index.ids.get(key);
    if (doc === undefined) continue;
    extras.add(doc);
    if (options.ordered?.has(key)) ordered.add(doc);
    const entry = scores.get(doc) ?? { score: 0, matched: 0, strong: 0, asking: 0 };
    entry.score += strength * extraValue;
    scores.set(doc, entry);
  }

  const asked = intentsOf(options.matchText ?? query);
  const exactly = new Set(index.exact.get(normalise(query)) ?? []);
  const hits: (SearchHit & { named: number; raw: number; kept: boolean })[] = [];
  const plain = askingCount < words.length ? words.length - askingCount : words.length;
  // Half the words at least, so that one common word alone does not flood the results.
  const needed = options.requireAll ? words.length : Math.ceil(plain / 2);
  for (const [doc, { score, matched, strong, asking: askingMatched }] of scores) {
    const isExtra = extras.has(doc);
    if ((plain < words.length ? matched - askingMatched : matched) < needed && !isExtra) continue;
    const all = matched + (isExtra ? 1 : 0);
    const counted = (plain < words.length ? plain + askingMatched : words.length) + (extra.size > 0 ? 1 : 0);
    const coverage = all / counted;
    // Documents that match more of the query come first, weighed by what the query asks to do.
    const raw =
      score *
      coverage *
      coverage *
      (asked.length === 0 && ordered.has(doc) ? 1 : intentFactor(asked, index.intents[doc] ?? [])) *
      (1 + (options.typing ? 0.25 : 0.1) * (index.boosts[doc] ?? 0));
    // A name typed in full wins outright.
    const final = exactly.has(doc) ? raw * 2 : raw;
    const kept = exactly.has(doc) || (words.length > 0 && strong === words.length);
    // Ranked by the words matched that name the thing, not by those saying what to do with it.
    const named = (plain < words.length ? matched - askingMatched : matched) + (isExtra ? 1 : 0);
    hits.push({ key: index.keys[doc]!, score: final, matched: all, named, raw, kept });
  }
  let top = 0;
  for (const hit of hits) if (hit.raw > top) top = hit.raw;
  const floor = (options.cutoff ?? 0) * top;
  return hits
    .filter((hit) => hit.kept || hit.raw >= floor)
    .sort((a, b) => b.named - a.named || b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, limit)
    .map(({ key, score, matched }) => ({ key, score, matched }));
}

/**
 * Whether a text (a listing's name in the page's language) answers every word of a query: the
 * word itself, a word it starts (the last one may be half typed), a slip away from it, or a synonym.
 */
export function textAnswers(index: SearchIndex, query: string, text: string): boolean {
  const terms = new Set(termsOf(text));
  return queryWords(query).every((word) => {
    if (terms.has(word)) return true;
    for (const term of terms) {
      if (term.startsWith(word) || (word.length >= 4 && editDistance(word, term, 1) <= 1)) return true;
    }
    return (index.synonyms.get(word) ?? []).some((synonym) => terms.has(synonym));
  });
}
