/** Lowercase, without accents, punctuation turned to spaces: how queries and documents are compared. */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[''`´]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

// Words that say little about which service is meant, in either language.
const stopWords = new Set([
  // Swahili
  "ya",
  "wa",
  "na",
  "la",
  "za",
  "kwa",
  "cha",
  "vya",
  "kwenye",
  "katika",
  "au",
  "ni",
  "je",
  "jinsi",
  "namna",
  "kupata",
  "kuomba",
  "nataka",
  "ninataka",
  "mimi",
  "yangu",
  "wangu",
  "changu",
  "pa",
  "mwa",
  "ku",
  "kama",
  "naomba",
  "nifanyeje",
  "nifanye",
  "nini",
  "gani",
  "vipi",
  "wapi",
  "lini",
  "nahitaji",
  "ninahitaji",
  "tafadhali",
  "mtu",
  // English
  "the",
  "a",
  "an",
  "of",
  "for",
  "to",
  "and",
  "in",
  "on",
  "my",
  "how",
  "do",
  "i",
  "get",
  "apply",
  "want",
  "is",
  "at",
  "by",
  "with",
  "or",
  "what",
  "was",
  "does",
  "can",
  "where",
  "need",
  "please",
  "am",
  "me",
  "someone",
  "somebody",
  "we",
  "are",
  "our",
  "you",
  "your",
  "it",
  "be",
  "has",
  "have",
  "will",
]);

export function isStopWord(token: string): boolean {
  return stopWords.has(token);
}

export function tokens(text: string): string[] {
  const normalised = normalise(text);
  return normalised === "" ? [] : normalised.split(" ");
}

/** Restricted Damerau-Levenshtein distance, giving up once it passes `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let previousPrevious = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = new Array<number>(cols).fill(0);
    current[0] = i;
    let rowMin = current[0]!;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previousPrevious[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[cols - 1]!;
}
