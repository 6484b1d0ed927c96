import { serviceSchema, sourceKinds, type ServiceSeed } from "@/db/seed/catalogue-schema";
import { carryConfirmations, type ListingFacts } from "@/lib/catalogue/trust";
import { isCleanText } from "@/lib/security/control-characters";
import { LIMITS, LIST_FIELDS, limitOf } from "./limits";

export { LIMITS, LIST_FIELDS, limitOf };

/**
 * A listing document: the same shape as the catalogue data files, import and export
 * (db/seed/catalogue-schema.ts). A draft may be incomplete; a listing goes for review or is
 * published only when the whole document passes the schema in both languages.
 *
 * The editing form is flat (one input per value, lists one item per line), so that it works
 * without JavaScript; these functions turn the one into the other and say what is missing.
 */

export type FormValues = Record<string, string>;
export type ListingDocument = Record<string, unknown>;
export type FieldProblem = { field: string; code: ProblemCode; params?: Record<string, string | number> };
export type ProblemCode =
  "required" | "invalid" | "tooLong" | "unknownReference" | "slugTaken" | "keyTaken" | "tooMany" | "institutionLocked" | "hiddenCharacter";

export const LANGS = ["sw", "en"] as const;
export const AUDIENCES = serviceSchema.shape.audience.element.options;
export const CHANNEL_KINDS = ["online", "ussd", "sms", "app", "office", "phone", "email"] as const;
export const CONFIDENCES = ["HIGH", "MEDIUM-HIGH", "MEDIUM", "LOW-MEDIUM", "LOW"] as const;
export const SOURCE_KINDS = sourceKinds;

const FEE_FIELDS = [
  "amount",
  "currency",
  "label.sw",
  "label.en",
  "gepg",
  "gfsCode",
  "asOf",
  "issuer.system",
  "issuer.how.sw",
  "issuer.how.en",
  "issuer.url",
  "abroad",
  "source",
] as const;
const CHANNEL_FIELDS = ["kind", "target", "label.sw", "label.en", "address.sw", "address.en", "hours.sw", "hours.en", "source"] as const;
const LEGAL_FIELDS = ["title", "url"] as const;
const SOURCE_FIELDS = ["url", "title", "date", "kind", "confidence", "note"] as const;
export const ROW_GROUPS = { fees: FEE_FIELDS, channels: CHANNEL_FIELDS, legalBasis: LEGAL_FIELDS, sources: SOURCE_FIELDS } as const;
export type RowGroup = keyof typeof ROW_GROUPS;

const str = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");
const get = (value: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((at, key) => (at && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined), value);
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
const nullIfBlank = (value: { sw: string; en: string }) => (value.sw || value.en ? value : null);

/** How many rows a group shows: those filled in, and one empty row to add another. */
export function rowCount(values: FormValues, group: RowGroup): number {
  return Math.min(LIMITS.rows, Math.max(0, Number(values[`${group}.count`] ?? 0) || 0));
}

/** A listing document as the form's values. */
export function formFromDocument(doc: ListingDocument): FormValues {
  const values: FormValues = {};
  for (const lang of LANGS) {
    values[`slug.${lang}`] = str(get(doc, `slug.${lang}`));
    for (const field of ["name", "summary", "description", "feeNote"]) values[`${field}.${lang}`] = str(get(doc, `${field}.${lang}`));
    values[`processingTime.${lang}`] = str(get(doc, `processingTime.text.${lang}`));
    for (const list of LIST_FIELDS) {
      const items = Array.isArray(doc[list]) ? (doc[list] as unknown[]) : [];
      values[`${list}.${lang}`] = items.map((item) => str(get(item, lang))).join("\n");
    }
    const keywords = get(doc, `keywords.${lang}`);
    values[`keywords.${lang}`] = Array.isArray(keywords) ? keywords.map(str).join("\n") : "";
  }
  values.institution = str(doc.institution);
  values.competentAuthority = str(doc.competentAuthority);
  for (const multi of ["categories", "lifeEvents", "audience"])
    values[multi] = Array.isArray(doc[multi]) ? (doc[multi] as unknown[]).map(str).join("\n") : "";
  values["processingTime.iso"] = str(get(doc, "processingTime.iso"));
  values["processingTime.source"] = str(get(doc, "processingTime.source"));
  values.reviewNote = str(doc.reviewNote);
  values.needsReview = doc.needsReview ? "on" : "";

  const rows = (group: RowGroup, items: unknown, read: (item: unknown, field: string) => string) => {
    const list = Array.isArray(items) ? items : [];
    list.forEach((item, i) => {
      for (const field of ROW_GROUPS[group]) values[`${group}.${i}.${field}`] = read(item, field);
    });
    values[`${group}.count`] = String(Math.min(LIMITS.rows, list.length + 1));
  };
  rows("fees", doc.fees, (fee, field) => (field === "gepg" || field === "abroad" ? (get(fee, field) ? "on" : "") : str(get(fee, field))));
  rows("channels", doc.channels, (channel, field) => {
    if (field !== "target") {
      if ((field === "address.sw" || field === "address.en") && get(channel, "kind") === "email") return "";
      return str(get(channel, field));
    }
    const kind = get(channel, "kind");
    if (kind === "online") return str(get(channel, "url"));
    if (kind === "ussd") return str(get(channel, "code"));
    if (kind === "sms" || kind === "phone") return str(get(channel, "number"));
    if (kind === "email") return str(get(channel, "address"));
    return "";
  });
  rows("legalBasis", doc.legalBasis, (item, field) => str(get(item, field)));
  rows("sources", doc.sources, (item, field) => str(get(item, field)));
  return values;
}

/** The form's values read from a submitted form: only the names the form has, each within its limit. */
export function valuesFromForm(form: FormData): { values: FormValues; problems: FieldProblem[] } {
  const values: FormValues = {};
  const problems: FieldProblem[] = [];
  const take = (name: string) => {
    const all = form.getAll(name).filter((v): v is string => typeof v === "string");
    const value = all.join("\n");
    const limit = limitOf(name);
    if (value.length > limit) {
      problems.push({
        field: name,
        code: "tooLong",
        params: { max: limit.toLocaleString("en"), length: value.length.toLocaleString("en") },
      });
      // Kept so that nothing typed is lost, but no more than the form could ever need.
      values[name] = value.slice(0, limit * 2);
    } else values[name] = value;
  };
  for (const lang of LANGS) {
    for (const field of ["slug", "name", "summary", "description", "feeNote", "processingTime", ...LIST_FIELDS, "keywords"])
      take(`${field}.${lang}`);
  }
  for (const name of [
    "institution",
    "competentAuthority",
    "categories",
    "lifeEvents",
    "audience",
    "processingTime.iso",
    "processingTime.source",
    "reviewNote",
    "needsReview",
  ])
    take(name);
  for (const group of Object.keys(ROW_GROUPS) as RowGroup[]) {
    values[`${group}.count`] = String(Math.min(LIMITS.rows, Math.max(0, Number(form.get(`${group}.count`)) || 0)));
    for (let i = 0; i < rowCount(values, group); i++) {
      for (const field of ROW_GROUPS[group]) take(`${group}.${i}.${field}`);
      if (form.get(`${group}.${i}.remove`) === "on") values[`${group}.${i}.remove`] = "on";
    }
  }
  return { values, problems };
}

/** Parses "8,000" or "1 500.50" to a number of major units, or keeps the text (the check says why). */
function amountOf(text: string): number | string {
  const cleaned = text.replace(/[\s,]/g, "");
  return /^\d{1,12}(\.\d{1,2})?$/.test(cleaned) ? Number(cleaned) : text.trim();
}

/**
 * The document a form describes. Fields the form does not show (featured, lastReviewed) are kept
 * from the version being edited. Whatever is incomplete stays so; checkDocument says what.
 */
export function documentFromForm(values: FormValues, base: ListingDocument): ListingDocument {
  const pair = (field: string) => ({ sw: (values[`${field}.sw`] ?? "").trim(), en: (values[`${field}.en`] ?? "").trim() });
  const list = (field: string) => {
    const sw = lines(values[`${field}.sw`] ?? "");
    const en = lines(values[`${field}.en`] ?? "");
    return Array.from({ length: Math.max(sw.length, en.length) }, (_, i) => ({ sw: sw[i] ?? "", en: en[i] ?? "" }));
  };
  const multi = (field: string) => lines(values[field] ?? "");
  const rows = (group: RowGroup) =>
    Array.from({ length: rowCount(values, group) }, (_, i) => i)
      .filter((i) => values[`${group}.${i}.remove`] !== "on")
      .map((i) => (field: string) => (values[`${group}.${i}.${field}`] ?? "").trim())
      .filter((row) =>
        ROW_GROUPS[group].some((field) => field !== "currency" && field !== "kind" && field !== "confidence" && row(field) !== ""),
      );

  const fees = rows("fees").map((row) => ({
    amount: amountOf(row("amount")),
    currency: row("currency") || "TZS",
    label: { sw: row("label.sw"), en: row("label.en") },
    gepg: row("gepg") === "on",
    gfsCode: row("gfsCode") || null,
    asOf: row("asOf") || null,
    issuer:
      row("issuer.system") || row("issuer.how.sw") || row("issuer.how.en") || row("issuer.url")
        ? { system: row("issuer.system"), how: { sw: row("issuer.how.sw"), en: row("issuer.how.en") }, url: row("issuer.url") || null }
        : null,
    abroad: row("abroad") === "on",
    source: row("source"),
  }));
  const channels = rows("channels").map((row) => {
    const kind = row("kind") || "online";
    const label = { sw: row("label.sw"), en: row("label.en") };
    const source = row("source");
    const target = row("target");
    switch (kind) {
      case "online":
        return { kind, url: target, label, source };
      case "ussd":
        return { kind, code: target, label, source };
      case "sms":
      case "phone":
        return { kind, number: target, label, source };
      case "email":
        return { kind, address: target, label, source };
      case "office":
        return {
          kind,
          label,
          address: nullIfBlank({ sw: row("address.sw"), en: row("address.en") }),
          hours: nullIfBlank({ sw: row("hours.sw"), en: row("hours.en") }),
          source: source || null,
        };
      default:
        return { kind, label, source: source || null };
    }
  });
  const processingText = pair("processingTime");
  const processingIso = (values["processingTime.iso"] ?? "").trim();
  const processingSource = (values["processingTime.source"] ?? "").trim();
  const keywords = (lang: string) =>
    (values[`keywords.${lang}`] ?? "")
      .split(/\r?\n/)
      .map((k) => k.trim())
      .filter(Boolean);

  // Only the document's own fields are carried over (a data file's listing also says which file it came from).
  const kept = Object.fromEntries(Object.entries(base).filter(([key]) => key in serviceSchema.shape));
  const edited = {
    ...kept,
    slug: { sw: (values["slug.sw"] ?? "").trim().toLowerCase(), en: (values["slug.en"] ?? "").trim().toLowerCase() },
    institution: (values.institution ?? "").trim() || base.institution,
    competentAuthority: (values.competentAuthority ?? "").trim() || null,
    categories: multi("categories"),
    lifeEvents: multi("lifeEvents"),
    audience: multi("audience"),
    name: pair("name"),
    summary: pair("summary"),
    description: pair("description"),
    requirements: list("requirements"),
    documents: list("documents"),
    steps: list("steps"),
    outputs: list("outputs"),
    fees,
    feeNote: nullIfBlank(pair("feeNote")),
    processingTime:
      processingText.sw || processingText.en || processingIso || processingSource
        ? { iso: processingIso || null, text: processingText, source: processingSource }
        : null,
    channels,
    legalBasis: rows("legalBasis").map((row) => ({ title: row("title"), url: row("url") || null })),
    keywords: { sw: keywords("sw"), en: keywords("en") },
    needsReview: values.needsReview === "on",
    reviewNote: (values.reviewNote ?? "").trim() || null,
    sources: rows("sources").map((row) => ({
      url: row("url"),
      ...(row("title") ? { title: row("title") } : {}),
      ...(row("date") ? { date: row("date") } : {}),
      kind: row("kind") || "other",
      confidence: row("confidence") || "MEDIUM",
      note: row("note"),
    })),
  };
  // A fact left as it was keeps its confirmation; a changed one is unconfirmed again.
  const facts = (doc: ListingDocument) => ({
    fees: Array.isArray(doc.fees) ? doc.fees : [],
    processingTime: (doc.processingTime ?? null) as ListingFacts["processingTime"],
    channels: Array.isArray(doc.channels) ? doc.channels : [],
  });
  return { ...edited, ...carryConfirmations(facts(edited) as ListingFacts, facts(base) as ListingFacts) };
}

/** The paths of a document's texts that hold a control character or half of a surrogate pair alone. */
function hiddenCharacterPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return isCleanText(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => hiddenCharacterPaths(item, [...path, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => hiddenCharacterPaths(item, [...path, key]));
  return [];
}

/** Where on the form a problem at a document path is shown. */
export function formFieldOf(path: (string | number)[]): { field: string; item?: number } {
  const [head, index, ...rest] = path;
  if (LIST_FIELDS.includes(head as (typeof LIST_FIELDS)[number]) && typeof index === "number") {
    return { field: `${String(head)}.${rest[0] === "en" ? "en" : "sw"}`, item: index + 1 };
  }
  if (head === "keywords") return { field: `keywords.${index === "en" ? "en" : "sw"}` };
  if (head === "processingTime" && index === "text") return { field: `processingTime.${String(rest[0] ?? "sw")}` };
  if (head === "channels" && typeof index === "number") {
    const field = rest.join(".");
    if (["url", "code", "number", "address"].includes(field)) return { field: `channels.${index}.target` };
    return { field: `channels.${index}.${field || "kind"}` };
  }
  if (head === "sources" && index === undefined) return { field: "sources.0.url" };
  return { field: path.map(String).join(".") || "form" };
}

export type References = { institutions: Set<string>; categories: Set<string>; lifeEvents: Set<string> };

/**
 * Everything that stands between a document and publication: the schema (both languages, the
 * required fields, valid fees, links and codes) and references to what exists.
 */
export function checkDocument(
  doc: ListingDocument,
  refs: References,
): { ok: true; listing: ServiceSeed } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (problem: FieldProblem) => {
    const key = `${problem.field}:${problem.code}:${problem.params?.item ?? ""}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  };
  const parsed = serviceSchema.safeParse(doc);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { field, item } = formFieldOf(issue.path as (string | number)[]);
      const input = get(doc, issue.path.map(String).join("."));
      const missing =
        input === undefined || input === null || input === "" || (Array.isArray(input) && input.length === 0) || issue.code === "too_small";
      const code: ProblemCode = issue.code === "too_big" ? "tooLong" : missing ? "required" : "invalid";
      add({ field, code, ...(item ? { params: { item } } : {}) });
    }
    return { ok: false, problems };
  }
  const listing = parsed.data;
  // Issue 21: a control character or half a surrogate pair (from a CSV or JSON file: a form's
  // fields are refused by the action client) passed the schema and failed in PostgreSQL.
  for (const path of hiddenCharacterPaths(listing)) {
    const { field, item } = formFieldOf(path);
    add({ field, code: "hiddenCharacter", ...(item ? { params: { item } } : {}) });
  }
  if (!refs.institutions.has(listing.institution)) add({ field: "institution", code: "unknownReference" });
  if (listing.competentAuthority && !refs.institutions.has(listing.competentAuthority))
    add({ field: "competentAuthority", code: "unknownReference" });
  for (const key of listing.categories)
    if (!refs.categories.has(key)) add({ field: "categories", code: "unknownReference", params: { value: key } });
  for (const key of listing.lifeEvents)
    if (!refs.lifeEvents.has(key)) add({ field: "lifeEvents", code: "unknownReference", params: { value: key } });
  // Every fact's source must be one of the listing's sources.
  const sourceUrls = new Set(listing.sources.map((s) => s.url));
  listing.fees.forEach((fee, i) => {
    if (!sourceUrls.has(fee.source)) add({ field: `fees.${i}.source`, code: "unknownReference" });
  });
  return problems.length ? { ok: false, problems } : { ok: true, listing };
}

/** The values that changed between two documents, path by path, for the history's diff. */
export function diffDocuments(before: ListingDocument | null, after: ListingDocument): { path: string; before: string; after: string }[] {
  const flat = (value: unknown, prefix: string, out: Map<string, string>) => {
    if (Array.isArray(value)) value.forEach((item, i) => flat(item, `${prefix}.${i + 1}`, out));
    else if (value && typeof value === "object")
      for (const [key, v] of Object.entries(value)) flat(v, prefix ? `${prefix}.${key}` : key, out);
    else if (value !== null && value !== undefined && value !== "" && value !== false) out.set(prefix, String(value));
    return out;
  };
  const a = flat(before ?? {}, "", new Map());
  const b = flat(after, "", new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((path) => a.get(path) !== b.get(path));
  const order = [...b.keys(), ...a.keys()];
  paths.sort((x, y) => order.indexOf(x) - order.indexOf(y));
  return paths.map((path) => ({ path, before: a.get(path) ?? "", after: b.get(path) ?? "" }));
}

/** An empty listing for an institution, to start from. */
export function emptyDocument(institution: string): ListingDocument {
  return {
    slug: { sw: "", en: "" },
    institution,
    competentAuthority: null,
    categories: [],
    lifeEvents: [],
    audience: ["citizens"],
    name: { sw: "", en: "" },
    summary: { sw: "", en: "" },
    description: { sw: "", en: "" },
    requirements: [],
    documents: [],
    steps: [],
    outputs: [],
    fees: [],
    feeNote: null,
    processingTime: null,
    channels: [],
    legalBasis: [],
    keywords: { sw: [], en: [] },
    featured: false,
    needsReview: false,
    reviewNote: null,
    lastReviewed: null,
    sources: [],
  };
}
