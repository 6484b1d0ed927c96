import { normalise } from "./text";

/**
 * What people say when something happens in their life, rather than the name of a service:
 * "mtoto amezaliwa nifanyeje", "my baby was born", "kutoa gari bandarini". Each phrase leads to a
 * life event's services (in the order a person needs them) and, where the event is too broad or
 * there is none, to named listings first. Written as normalised text (lowercase, no accents), in
 * both languages; a phrase matches whole words anywhere in the query. Listings and life events
 * are named by their English slugs (checked against the catalogue in relevance.test.ts).
 */
export type Situation = { phrases: string[]; lifeEvent?: string; services?: string[] };

export const situations: Situation[] = [
  {
    phrases: [
      "mtoto amezaliwa",
      "amezaliwa",
      "nimejifungua",
      "amejifungua",
      "kujifungua",
      "nimepata mtoto",
      "mtoto mchanga",
      "baby was born",
      "baby born",
      "had a baby",
      "new baby",
      "newborn",
      "gave birth",
    ],
    lifeEvent: "birth-of-a-child",
  },
  {
    phrases: [
      "amefariki",
      "amefariki dunia",
      "amekufa",
      "amefiwa",
      "nimefiwa",
      "msiba",
      "kifo cha ndugu",
      "died",
      "has died",
      "passed away",
      "death in the family",
      "someone died",
    ],
    lifeEvent: "death-of-a-relative",
  },
  {
    phrases: [
      "kuanzisha biashara",
      "kuanza biashara",
      "kufungua biashara",
      "nianzishe biashara",
      "kufungua duka",
      "start a business",
      "starting a business",
      "open a business",
      "open a shop",
      "start a company",
    ],
    lifeEvent: "starting-a-business",
    services: ["business-name-registration", "class-b-business-licence-tausi", "tin-registration-for-individuals"],
  },
  {
    phrases: ["kuoa", "kuolewa", "kufunga ndoa", "harusi", "getting married", "get married", "wedding"],
    lifeEvent: "getting-married",
  },
  {
    phrases: ["nimestaafu", "kustaafu", "nastaafu", "retire", "retiring", "retired", "retirement"],
    lifeEvent: "retiring",
    services: ["psssf-retirement-benefit", "nssf-benefit-claims"],
  },
  {
    phrases: ["natafuta kazi", "kutafuta kazi", "sina kazi", "looking for a job", "looking for work", "find a job", "job hunting"],
    lifeEvent: "looking-for-a-job",
  },
  {
    phrases: [
      "kusafiri nje",
      "kusafiri nje ya nchi",
      "safari ya nje",
      "kwenda nje ya nchi",
      "travel abroad",
      "travelling abroad",
      "traveling abroad",
      "going abroad",
    ],
    lifeEvent: "travelling-abroad",
  },
  {
    phrases: ["nimenunua gari", "kununua gari", "bought a car", "buying a car", "bought a used car"],
    services: ["transfer-vehicle-ownership", "motor-vehicle-first-registration", "check-motor-insurance-cover"],
  },
  {
    phrases: ["nimenunua kiwanja", "kununua kiwanja", "nimenunua ardhi", "kununua ardhi", "bought land", "buying land", "bought a plot"],
    lifeEvent: "buying-land-or-building",
    services: ["official-land-search", "transfer-of-right-of-occupancy", "certificate-of-right-of-occupancy"],
  },
  {
    phrases: ["kujenga nyumba", "nataka kujenga", "build a house", "building a house"],
    lifeEvent: "buying-land-or-building",
    services: ["building-permit-dodoma-city", "building-permit-arusha-city", "certificate-of-right-of-occupancy"],
  },
  {
    phrases: [
      "kutoa gari bandarini",
      "kutoa mzigo bandarini",
      "bandarini",
      "kuingiza gari",
      "kuagiza gari",
      "import a car",
      "importing a car",
    ],
    services: ["customs-clearance-of-imports-tancis", "motor-vehicle-first-registration", "tbs-pre-shipment-verification-pvoc"],
  },
  {
    phrases: ["kuingiza bidhaa", "kuagiza bidhaa", "import goods", "importing goods", "import products"],
    lifeEvent: "importing-and-exporting",
    services: [
      "customs-clearance-of-imports-tancis",
      "tanzania-trade-portal-import-export-procedures",
      "tbs-pre-shipment-verification-pvoc",
    ],
  },
  {
    phrases: ["nimeibiwa", "nimeporwa", "imeibiwa", "simu imeibiwa", "was stolen", "got stolen", "been robbed", "wallet", "pochi"],
    services: ["police-loss-report"],
  },
  {
    phrases: ["nimeachishwa kazi", "nimefukuzwa kazi", "kufukuzwa kazi", "kuachishwa kazi", "lost my job", "laid off", "fired from"],
    services: ["nssf-unemployment-benefit", "cma-labour-dispute-referral-e-utatuzi", "zssf-unemployment-benefit"],
  },
  {
    phrases: ["nimeumia kazini", "ajali kazini", "kuumia kazini", "injured at work", "work accident", "accident at work"],
    services: ["wcf-compensation-claims"],
  },
  {
    phrases: ["nimepigwa", "nimeshambuliwa", "amepigwa", "nimejeruhiwa", "assaulted", "beaten up", "i was attacked"],
    services: ["police-form-pf3-for-injuries"],
  },
  {
    phrases: ["kuhamia tanzania", "moving to tanzania", "move to tanzania", "relocating to tanzania", "relocate to tanzania"],
    lifeEvent: "moving-to-tanzania",
  },
  {
    phrases: ["kuajiri", "kuajiri wafanyakazi", "hire staff", "hiring staff", "hire employees", "hiring employees"],
    lifeEvent: "hiring-employees",
  },
  {
    phrases: ["anaanza shule", "kuanza shule", "starting school", "start school"],
    lifeEvent: "starting-school",
  },
  {
    phrases: [
      "nimemaliza kidato cha sita",
      "kumaliza kidato cha sita",
      "finished form six",
      "completed form six",
      "nataka chuo",
      "kujiunga na chuo",
      "kwenda chuo",
      "go to university",
      "going to university",
      "going to college",
    ],
    lifeEvent: "going-to-college-or-university",
    services: ["university-undergraduate-admission", "higher-education-loan-application", "nactvet-certificate-and-diploma-admission"],
  },
  {
    phrases: ["matibabu bure", "free treatment", "naumwa", "nimeugua", "i am sick"],
    lifeEvent: "getting-health-care",
    services: ["elderly-id-card-for-free-treatment", "nhif-individual-and-family-health-insurance"],
  },
];

const phrases = situations
  .flatMap((situation) => situation.phrases.map((phrase) => ({ phrase: normalise(phrase), situation })))
  .sort((a, b) => b.phrase.length - a.phrase.length);

/** The situations a query speaks of, and the query without their phrases. */
export function situationsIn(query: string): { rest: string; found: Situation[] } {
  let text = ` ${normalise(query)} `;
  const found: Situation[] = [];
  for (const { phrase, situation } of phrases) {
    if (!text.includes(` ${phrase} `)) continue;
    text = text.replace(` ${phrase} `, " ");
    if (!found.includes(situation)) found.push(situation);
  }
  return { rest: text.trim(), found };
}
