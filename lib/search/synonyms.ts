/**
 * Words people use for the same thing, in either language or spelling. Each group is searched
 * as one: a query word in a group also finds the group's other words. Written as normalised
 * text (lowercase, no accents); multi-word entries are matched as phrases in the query.
 */
export const synonymGroups: string[][] = [
  ["cheti", "vyeti", "certificate", "certificates", "cert"],
  ["leseni", "licence", "license", "licences", "licenses", "permit"],
  ["kibali", "vibali", "permit", "permits"],
  ["kitambulisho", "vitambulisho", "id", "identity", "nida"],
  ["pasipoti", "pasi", "passport", "passports"],
  ["viza", "visa", "visas"],
  ["kodi", "tax", "taxes"],
  ["ardhi", "land", "kiwanja", "plot"],
  ["umeme", "electricity", "power", "luku"],
  ["maji", "water"],
  ["mkopo", "mikopo", "loan", "loans", "boom"],
  ["kuunganishiwa", "kuvuta", "connection", "connect"],
  ["ajira", "kazi", "job", "jobs", "employment", "work"],
  ["kuzaliwa", "kizazi", "birth"],
  ["kifo", "vifo", "death"],
  ["ndoa", "marriage", "married"],
  ["biashara", "business"],
  ["kampuni", "company", "companies"],
  ["gari", "magari", "vehicle", "vehicles", "car", "cars"],
  ["udereva", "driving", "driver"],
  ["malipo", "payment", "payments", "pay", "lipa", "kulipa"],
  ["bima", "insurance"],
  ["afya", "health"],
  ["matokeo", "results"],
  ["mtihani", "mitihani", "exam", "exams", "examination", "examinations"],
  ["chuo", "vyuo", "university", "college"],
  ["polisi", "police"],
  ["malalamiko", "complaint", "complaints"],
  ["maoni", "feedback", "mrejesho"],
  ["usajili", "kusajili", "registration", "register"],
  ["mafao", "benefit", "benefits", "pensheni", "pension"],
  ["tin", "taxpayer identification number"],
  ["namba ya malipo", "control number"],
];

/** Each word → every word of its groups (itself included). */
export function synonymLookup(): Map<string, string[]> {
  const lookup = new Map<string, Set<string>>();
  for (const group of synonymGroups) {
    for (const word of group) {
      const set = lookup.get(word) ?? new Set<string>();
      for (const other of group) set.add(other);
      lookup.set(word, set);
    }
  }
  return new Map([...lookup].map(([word, set]) => [word, [...set]]));
}
