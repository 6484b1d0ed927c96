import { isStopWord, editDistance, normalise, tokens } from "./text";
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
  /** 0..1: breaks near-ties (a featured or much-used listing). */
  boost?: number;
};
export type SearchHit = { key: string; score: number; matched: number };

type Posting = Map<number, number>; // document → best field weight for the term

export type SearchIndex = {
  keys: string[];
  boosts: number[];
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
    boosts: documents.map((d) => d.boost ?? 0),
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

/** How well each term answers one query word: exact, synonym, prefix or near-miss. */
function candidatesFor(index: SearchIndex, word: string, isLast: boolean): Map<string, number> {
  const out = new Map<string, number>();
  const offer = (term: string, factor: number) => {
    if (index.postings.has(term) && factor > (out.get(term) ?? 0)) out.set(term, factor);
  };
  offer(word, 1);
  for (const synonym of index.synonyms.get(word) ?? []) {
    for (const term of termsOf(synonym)) offer(term, 0.9);
  }
  // Prefixes: any word of two letters or more, and a single letter only while it is being typed.
  if (word.length >= 2 || isLast) {
    for (const term of prefixed(index, word, 60)) offer(term, 0.8 - Math.min(0.3, (term.length - word.length) * 0.03));
  }
  for (const [term, distance] of typoMatches(index, word)) offer(term, distance === 1 ? 0.65 : 0.45);
  return out;
}

/** Splits a query into words, turning a synonym phrase ("control number") into one word. */
function queryWords(query: string): string[] {
  let normalised = normalise(query);
  for (const { phrase, singles } of phraseSynonyms) {
    if (` ${normalised} `.includes(` ${phrase} `) && singles[0]) {
      normalised = ` ${normalised} `.replace(` ${phrase} `, ` ${singles[0]} `).trim();
    }
  }
  const all = tokens(normalised);
  const meaningful = all.filter((t) => !isStopWord(t));
  return (meaningful.length > 0 ? meaningful : all).map(stem).slice(0, 12);
}

export function search(index: SearchIndex, query: string, limit = 20, options: { requireAll?: boolean } = {}): SearchHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const total = index.keys.length;
  const scores = new Map<number, { score: number; matched: number }>();

  words.forEach((word, position) => {
    const best = new Map<number, number>();
    for (const [term, factor] of candidatesFor(index, word, position === words.length - 1)) {
      const posting = index.postings.get(term)!;
      const idf = Math.log(1 + total / posting.size);
      for (const [doc, weight] of posting) {
        const value = factor * weight * idf;
        if (value > (best.get(doc) ?? 0)) best.set(doc, value);
      }
    }
    for (const [doc, value] of best) {
      const entry = scores.get(doc) ?? { score: 0, matched: 0 };
      entry.score += value;
      entry.matched += 1;
      scores.set(doc, entry);
    }
  });

  const exactly = new Set(index.exact.get(normalise(query)) ?? []);
  const hits: SearchHit[] = [];
  for (const [doc, { score, matched }] of scores) {
    const coverage = matched / words.length;
    // Documents that match more of the query come first; a name typed in full wins outright.
    let final = score * coverage * coverage + (index.boosts[doc] ?? 0);
    if (exactly.has(doc)) final *= 2;
    hits.push({ key: index.keys[doc]!, score: final, matched });
  }
  // Half the words at least, so that one common word alone does not flood the results.
  const needed = options.requireAll ? words.length : Math.ceil(words.length / 2);
  return hits
    .filter((hit) => hit.matched >= needed)
    .sort((a, b) => b.matched - a.matched || b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, limit);
}
