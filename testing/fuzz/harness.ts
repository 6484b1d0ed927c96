import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { vi } from "vitest";
import type { Database } from "@/db";
import { log } from "@/lib/log";

/*
 * The fuzzing harness (issue 21, "Hostile input"): property-based tests with fast-check of every
 * Server Action and every route, each target a property run FUZZ_RUNS times (30 by default: the
 * normal test run carries them in under a minute on both engines; `npm run test:fuzz` runs
 * thousands). Each property records how many cases it tried into the file FUZZ_REPORT names, for
 * scripts/fuzz.mjs's table.
 */

/** Cases per target: FUZZ_RUNS, or 30. */
export const FUZZ_RUNS = positive(process.env.FUZZ_RUNS) ?? 30;

/** A seed to replay a failure with (fast-check prints it with the counterexample). */
const FUZZ_SEED = Number.isInteger(Number(process.env.FUZZ_SEED)) && process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** A test's time limit for a property of `runs` cases that take up to `msPerCase` each. */
export function fuzzTimeout(msPerCase = 60, runs = FUZZ_RUNS): number {
  return 60_000 + runs * msPerCase;
}

/** Appends one target's figures to the report file, when scripts/fuzz.mjs asks for one. */
function record(target: string, cases: number, failures: number, ms: number, outcomes: Record<string, number>): void {
  const file = process.env.FUZZ_REPORT;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${JSON.stringify({ target, cases, failures, ms, outcomes })}\n`);
}

/**
 * Runs `property` on `runs` values of `arbitrary`: passes when every case holds, and otherwise
 * fails with fast-check's report (the smallest counterexample it could shrink to, and the seed).
 * A property may name how its case ended ("accepted", "refused"…): the report counts them, to
 * show how deep the cases went.
 */
export async function fuzz<T>(
  target: string,
  arbitrary: fc.Arbitrary<T>,
  property: (value: T) => Promise<string | void>,
  runs = FUZZ_RUNS,
): Promise<void> {
  const started = performance.now();
  const outcomes: Record<string, number> = {};
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      const outcome = await property(value);
      if (outcome) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }),
    { numRuns: runs, ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }) },
  );
  record(target, details.numRuns, details.failed ? 1 : 0, Math.round(performance.now() - started), outcomes);
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : shown(details.errorInstance);
    throw new Error(`${target}: ${error}\n${await fc.asyncDefaultReportMessage(details)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

/** C0 controls PostgreSQL or a form would choke on, DEL and NEL; tab, LF and CR are among them too. */
export const CONTROLS = ["\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\u000b", "\f", "\r", "\u001b", "\u001f", "\u007f", "\u0085"];
/** Right-to-left overrides and isolates, marks and invisible characters. */
export const BIDI = [
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200e",
  "\u200f",
  "\u061c",
  "\u200b",
  "\u200d",
  "\ufeff",
  "\u00ad",
  "\u2028",
  "\u2029",
  "\ufffd",
  "\uffff",
];
/** Halves of surrogate pairs, alone: not text at all (a browser's FormData makes them U+FFFD, JSON does not). */
export const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"];
/** Markup, SQL, templates, paths and addresses that must stay text wherever they go. */
export const FRAGMENTS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "</textarea><svg onload=alert(1)>",
  "<!--",
  "]]>",
  "&amp;&lt;&#0;&#x0;",
  "' OR '1'='1",
  "'; DROP TABLE feedback; --",
  '" OR ""="',
  "\\",
  "%",
  "_",
  "%00",
  "%s%n%x",
  "{{field}}",
  "$t(common:title)",
  "${7*7}",
  "`",
  "../../../etc/passwd",
  "//evil.example/x",
  "https://evil.example",
  "javascript:alert(1)",
  "\\\\evil.example\\share",
  "MRJ-AAAA-BBBB",
  "APP-AAAA-BBBB",
  "00000000-0000-4000-8000-000000000000",
  "-".repeat(36),
  "0123456789abcdef0123456789abcdef0123",
  "00000000-0000-4000-8000-00000000000G",
  "😀",
  "👩🏽‍🚀",
  "Z̷̢̛a̸l̶g̴o",
  "ß",
  "İ",
];
/** Object keys with a meaning of their own in JavaScript. */
export const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__"];
/** Numbers as text that are not quite numbers. */
const NUMBERISH = ["0", "-1", "-0", "1e309", "NaN", "Infinity", "0x1F", "1_000", "007", "9".repeat(40), "1.5", " 3 ", "٣", "½"];

const special = fc.constantFrom(...CONTROLS, ...BIDI, ...LONE_SURROGATES, ...FRAGMENTS, ...PROTO_KEYS, ...NUMBERISH);

/** A long run of one troublesome piece: 1 KB to 1 MB (weighted towards the smaller). */
export const hugeText = fc
  .tuple(
    fc.constantFrom("A", "é", "\u0000", "<", '"', "😀", "\ud800", "\u202e", "a\n"),
    fc.constantFrom(1_001, 5_001, 20_001, 100_001, 1_000_001),
  )
  .map(([piece, size]) => piece.repeat(Math.ceil(size / piece.length)).slice(0, size));

/** Any text a hostile client can send: pieces of everything above, any code points, empty, huge. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.oneof(special, fc.string({ unit: "binary", maxLength: 12 }), fc.string({ maxLength: 12 })), { maxLength: 8 })
      .map((parts) => parts.join("")),
  },
  { weight: 2, arbitrary: special },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\t", "\r\n", "   \u00a0  ") },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 1, arbitrary: hugeText },
);

/** A field's plausible values (a form as a browser would send it), or an arbitrary that makes them. */
export type FieldSpec = readonly string[] | fc.Arbitrary<string>;

const plausibleOf = (spec: FieldSpec): fc.Arbitrary<string> =>
  Array.isArray(spec) ? (spec.length ? fc.constantFrom(...spec) : hostileText) : (spec as fc.Arbitrary<string>);

/** A plausible value spoiled: a hostile piece before or after it. */
const spoiled = (spec: FieldSpec) =>
  fc.tuple(plausibleOf(spec), special, fc.boolean()).map(([value, piece, before]) => (before ? piece + value : value + piece));

/** Text for a field: often plausible (to get past the first checks), often hostile, sometimes a plausible value spoiled. */
export function field(...plausible: string[]): fc.Arbitrary<string> {
  return fieldOf(plausible);
}

/** A plausible value with what a database or a page chokes on put inside it: a control character or half a surrogate pair. */
const dirty = (spec: FieldSpec) =>
  fc
    .tuple(plausibleOf(spec), fc.constantFrom(...CONTROLS, ...LONE_SURROGATES, "\u0000"), fc.nat())
    .map(([value, piece, at]) => value.slice(0, at % (value.length + 1)) + piece + value.slice(at % (value.length + 1)));

/** Text for a field of a message another system sends: mostly plausible, often with a hidden character, now and then hostile. */
export function mostly(...plausible: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(plausible[0] ?? "") },
    { weight: 3, arbitrary: plausibleOf(plausible) },
    { weight: 2, arbitrary: dirty(plausible) },
    { weight: 1, arbitrary: hostileText },
    { weight: 1, arbitrary: spoiled(plausible) },
  );
}

/**
 * A record of text fields as another system fills them (each its first value, now and then
 * another of its values: an edge case), with none (a third of the time) or one to three of them
 * spoiled: a hidden character put in, a hostile value, a plausible one spoiled.
 */
export function fewSpoiled(fields: Record<string, readonly string[]>): fc.Arbitrary<Record<string, string>> {
  const names = Object.keys(fields);
  const spoil = fc.tuple(
    fc.nat(),
    fc.nat(2),
    hostileText,
    fc.constantFrom(...CONTROLS, ...LONE_SURROGATES, "\u0000", ...FRAGMENTS),
    fc.nat(),
  );
  return fc
    .tuple(
      fc.record(
        Object.fromEntries(
          names.map((name) => [
            name,
            fc.oneof({ weight: 6, arbitrary: fc.constant(fields[name]![0] ?? "") }, { weight: 1, arbitrary: plausibleOf(fields[name]!) }),
          ]),
        ),
      ),
      fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(spoil, { minLength: 1, maxLength: 3 }) }),
    )
    .map(([values, spoils]) => {
      const out: Record<string, string> = { ...values };
      for (const [n, how, hostile, piece, at] of spoils) {
        const name = names[n % names.length]!;
        const value = out[name]!;
        const cut = at % (value.length + 1);
        out[name] = how === 0 ? value.slice(0, cut) + piece + value.slice(cut) : how === 1 ? hostile : value + hostile;
      }
      return out;
    });
}

function fieldOf(spec: FieldSpec): fc.Arbitrary<string> {
  if (Array.isArray(spec) && spec.length === 0) return hostileText;
  return fc.oneof(
    { weight: 4, arbitrary: plausibleOf(spec) },
    { weight: 3, arbitrary: hostileText },
    { weight: 2, arbitrary: spoiled(spec) },
  );
}

/** A File as a browser posts it: hostile bytes, a name and a type anyone could give it. */
export const hostileFile: fc.Arbitrary<File> = fc
  .record({
    start: fc.constantFrom("", "%PDF-1.7\n", "\xff\xd8\xff\xe0", "\x89PNG\r\n\x1a\n", "{", "[", "slug.en,name.sw\n", "<?xml ", "MZ"),
    body: fc.oneof(
      { weight: 5, arbitrary: fc.uint8Array({ maxLength: 512 }) },
      { weight: 1, arbitrary: hugeText.map((text) => Buffer.from(text)) },
    ),
    name: fc.oneof(
      fc.constantFrom("", "a.pdf", "barua.PDF", "photo.png", "listings.csv", "form.json"),
      hostileText.map((text) => text.slice(0, 300)),
    ),
    type: fc.constantFrom(
      "",
      "application/pdf",
      "image/png",
      "text/csv",
      "application/json",
      "text/html",
      "application/x-msdownload",
      "x\u0000/y",
    ),
  })
  .map(({ start, body, name, type }) => new File([Buffer.from(start, "latin1"), new Uint8Array(body)], name, { type }));

/** A form field's value as it may arrive: text, a file where text is expected, or the field repeated. */
export function formValue(text: fc.Arbitrary<string>): fc.Arbitrary<string | File | (string | File)[] | undefined> {
  return fc.oneof(
    { weight: 10, arbitrary: text },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: hostileFile },
    { weight: 1, arbitrary: fc.array(fc.oneof(text, hostileFile), { minLength: 2, maxLength: 3 }) },
  );
}

/** Fields a form never has: names of every kind, with hostile values. */
export const strayFields = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(...PROTO_KEYS, "$ACTION_ID_0", "$ACTION_REF_1", "locale", "q_", "position-x", "0", ""),
      hostileText.map((t) => t.slice(0, 40)),
    ),
    formValue(hostileText),
  ),
  { maxLength: 3 },
);

export type FormShape = Record<string, string | File | (string | File)[] | undefined>;

/** A FormData from field values (a list as the field repeated; undefined left out), then the stray fields. */
export function toFormData(fields: FormShape, stray: [string, FormShape[string]][] = []): FormData {
  const form = new FormData();
  const add = (name: string, value: FormShape[string]) => {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) form.append(name, one);
  };
  for (const [name, value] of Object.entries(fields)) add(name, value);
  for (const [name, value] of stray) add(name, value);
  return form;
}

/**
 * A form with hostile input: mostly a plausible form with one to three fields spoiled (a hostile
 * value, a file where text belongs, the field repeated or missing), so that cases reach the checks
 * behind the first refusal; otherwise every field and the language at random. Stray fields often.
 */
export function hostileForm(fields: Record<string, FieldSpec>): fc.Arbitrary<FormData> {
  const names = Object.keys(fields);
  const each = <T>(make: (spec: FieldSpec) => fc.Arbitrary<T>) =>
    fc.record(Object.fromEntries(names.map((name) => [name, make(fields[name]!)])) as Record<string, fc.Arbitrary<T>>);
  const fewSpoiled = fc
    .record({
      locale: fc.constantFrom("sw", "en"),
      values: each(plausibleOf),
      spoils: fc.oneof(
        { weight: 1, arbitrary: fc.constant([] as [number, FormShape[string]][]) },
        { weight: 2, arbitrary: fc.array(fc.tuple(fc.nat(), formValue(fc.oneof(hostileText, special))), { minLength: 1, maxLength: 3 }) },
      ),
      stray: fc.oneof({ weight: 3, arbitrary: fc.constant([] as [string, FormShape[string]][]) }, { weight: 1, arbitrary: strayFields }),
    })
    .map(({ locale, values, spoils, stray }) => {
      const form: FormShape = { ...values };
      if (names.length) for (const [n, value] of spoils) form[names[n % names.length]!] = value;
      return toFormData({ locale, ...form }, stray);
    });
  const chaos = fc
    .record({ locale: formValue(field("sw", "en")), values: each((spec) => formValue(fieldOf(spec))), stray: strayFields })
    .map(({ locale, values, stray }) => toFormData({ locale, ...values }, stray));
  return fc.oneof({ weight: 3, arbitrary: fewSpoiled }, { weight: 1, arbitrary: chaos });
}

/** A JSON value of any shape, with hostile strings and keys (prototype keys included), nested a little. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileText,
    fc.constantFrom(null, true, false, 0, -1, 1e308, 2 ** 53 + 1, -0.5),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(
      fc.oneof(
        fc.constantFrom(...PROTO_KEYS),
        hostileText.map((t) => t.slice(0, 20)),
      ),
      tie("value"),
      { maxKeys: 3 },
    ),
  ),
})).value;

/**
 * A JSON document with hostile values put in at one to three of its leaves (mostly those `prefer`
 * picks, when given): strings spoiled or replaced, values of the wrong type, prototype keys.
 */
export function spoiledJson(base: unknown, prefer?: (at: (string | number)[]) => boolean): fc.Arbitrary<unknown> {
  const leaves: (string | number)[][] = [];
  const walk = (value: unknown, at: (string | number)[]) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...at, i]));
    else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
    else leaves.push(at);
  };
  walk(base, []);
  const preferred = prefer ? leaves.filter(prefer) : [];
  const change = fc.tuple(fc.nat(), fc.nat(4), fc.constantFrom("append", "append", "replace", "retype", "proto"), hostileText, hostileJson);
  return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => {
    const copy = structuredClone(base) as Record<string | number, unknown>;
    for (const [n, where, how, spoil, value] of changes) {
      const among = where > 0 && preferred.length ? preferred : leaves;
      const at = among[n % among.length]!;
      const parent = at
        .slice(0, -1)
        .reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy);
      const key = at.at(-1)!;
      if (how === "append") parent[key] = `${typeof parent[key] === "string" ? parent[key] : (JSON.stringify(parent[key]) ?? "")}${spoil}`;
      else if (how === "replace") parent[key] = spoil;
      else if (how === "retype") parent[key] = value;
      else
        Object.defineProperty(parent, PROTO_KEYS[n % PROTO_KEYS.length]!, { value, enumerable: true, configurable: true, writable: true });
    }
    return copy;
  });
}

// ---------------------------------------------------------------------------------------------
// What must hold
// ---------------------------------------------------------------------------------------------

/** Every table's rows (and the queue's jobs), to show that a refused case wrote nothing. */
export async function rowCounter(
  db: Database,
  ignored: readonly string[] = ["rate_limit_hits"],
): Promise<() => Promise<Record<string, number>>> {
  const { rows } = (await db.execute(
    sql`select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and (table_schema = 'public' or (table_schema = 'pgboss' and table_name = 'job'))
        order by 1, 2`,
  )) as unknown as { rows: { schema: string; name: string }[] };
  const tables = rows.filter((row) => !ignored.includes(row.name) && !row.name.startsWith("__drizzle"));
  const query = tables
    .map((t) => `select '${t.schema}.${t.name}' as name, count(*)::int as n from "${t.schema}"."${t.name}"`)
    .join(" union all ");
  return async () => {
    const counted = (await db.execute(sql.raw(query))) as unknown as { rows: { name: string; n: number }[] };
    return Object.fromEntries(counted.rows.map((row) => [row.name, Number(row.n)]));
  };
}

/**
 * What cases write, case after case: `changed()` says which tables' rows changed since it was
 * last asked. When no transaction has taken an id since (the snapshot's xmax stands still),
 * nothing was written and nothing is counted; otherwise every table is.
 */
export async function writeWatch(db: Database, ignored?: readonly string[]) {
  const count = await rowCounter(db, ignored);
  const nextXid = async () =>
    ((await db.execute(sql`select pg_snapshot_xmax(pg_current_snapshot())::text as x`)) as unknown as { rows: { x: string }[] }).rows[0]!.x;
  let counts = await count();
  let mark = await nextXid();
  return {
    async changed(allowed: readonly string[] = []): Promise<string[]> {
      const now = await nextXid();
      if (now === mark) return [];
      const after = await count();
      const changed = changedTables(counts, after, allowed);
      counts = after;
      mark = now;
      return changed;
    },
  };
}

/** The tables whose count changed, leaving out those allowed to. */
export function changedTables(before: Record<string, number>, after: Record<string, number>, allowed: readonly string[] = []): string[] {
  return Object.keys(after).filter((name) => before[name] !== after[name] && !allowed.some((table) => name.endsWith(`.${table}`)));
}

/**
 * Errors logged while `run` runs: an unexpected failure is logged at "error" (the action client's
 * "action failed", a callback's "not recorded"), even where the caller is answered politely.
 */
export function loggedErrors(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const spy = vi.spyOn(log, "error").mockImplementation((message, fields) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`));
  return { lines, stop: () => spy.mockRestore() };
}

/** The tags of some HTML, in order: the same list whatever text is shown means the text stayed text. */
export function tagsOf(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

/** A stand-in of the same emptiness, for rendering a page with and without the hostile text. */
export const placeholder = (text: string | null | undefined) => (text === null || text === undefined ? text : text === "" ? "" : "x");

/** A short description of a value for a failure message: never megabytes of it. */
export function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
}
