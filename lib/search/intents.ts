import { tokens } from "./text";

/**
 * What a person wants to do with a thing: apply for it (or get a new one), renew it, replace a
 * lost one, pay for it, or check on it. Said in the query ("kuomba pasipoti", "renew leseni",
 * "nimepoteza kitambulisho"), and read from each listing's names, it weighs the ranking towards
 * the listing for that action. Written as normalised words (lowercase, no accents), both languages.
 */
export type Intent = "apply" | "renew" | "lost" | "pay" | "check";

export const intentWords: Record<Intent, string[]> = {
  apply: [
    "kuomba",
    "omba",
    "maombi",
    "ombi",
    "kupata",
    "pata",
    "mpya",
    "jipya",
    "first",
    "kujiunga",
    "kuunganishiwa",
    "apply",
    "applying",
    "application",
    "new",
    "get",
    "getting",
    "obtain",
    "join",
    "joining",
  ],
  renew: ["kuhuisha", "huisha", "kuhuishwa", "renew", "renewal", "renewing", "renewed", "expired", "kilichokwisha", "imekwisha"],
  lost: [
    "kupotea",
    "potea",
    "kupoteza",
    "nimepoteza",
    "nimepotea",
    "imepotea",
    "kimepotea",
    "limepotea",
    "iliyopotea",
    "kilichopotea",
    "lililopotea",
    "nimepotelewa",
    "kupotelewa",
    "kuibiwa",
    "imeibiwa",
    "kimeibiwa",
    "nimeibiwa",
    "kuharibika",
    "mbadala",
    "lost",
    "lose",
    "replace",
    "replacing",
    "replacement",
    "stolen",
    "damaged",
    "duplicate",
  ],
  pay: [
    "kulipa",
    "kulipia",
    "lipa",
    "lipia",
    "malipo",
    "marejesho",
    "kurejesha",
    "pay",
    "paying",
    "payment",
    "repay",
    "repaying",
    "repayment",
    "kununua",
    "nunua",
    "buy",
    "buying",
    "purchase",
  ],
  check: [
    "kuangalia",
    "angalia",
    "kuhakiki",
    "hakiki",
    "uhakiki",
    "kujua",
    "kufuatilia",
    "nimesahau",
    "kusahau",
    "sahau",
    "forgot",
    "forgotten",
    "salio",
    "check",
    "checking",
    "verify",
    "verifying",
    "verification",
    "status",
    "balance",
    "track",
    "tracking",
  ],
};

const intentOfWord = new Map<string, Intent>();
for (const [intent, words] of Object.entries(intentWords) as [Intent, string[]][]) {
  for (const word of words) intentOfWord.set(word, intent);
}

/** The actions a text speaks of: "apply" only when it speaks of no other (a new card for a lost one is a replacement). */
export function intentsOf(text: string): Intent[] {
  const found = new Set<Intent>();
  for (const token of tokens(text)) {
    const intent = intentOfWord.get(token);
    if (intent) found.add(intent);
  }
  if (found.size > 1) found.delete("apply");
  return [...found];
}

/** How much an action asked for weighs a listing: up when it is that listing's action, down when it is another's. */
export function intentFactor(asked: Intent[], offered: Intent[]): number {
  if (asked.length === 0) {
    // Nothing asked: the first thing people need (to apply, to get one) comes before the follow-ups.
    return offered.length === 0 || offered.includes("apply") ? 1 : 0.88;
  }
  if (asked.some((intent) => offered.includes(intent))) return 1.35;
  return offered.length === 0 ? 1 : 0.8;
}
