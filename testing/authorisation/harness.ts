import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Database } from "@/db";

/*
 * What the authorisation matrix (testing/authorisation/*.test.ts) shares: the roles, the answers a
 * cell may expect, the request a cell runs in (who is signed in, from which address, with which
 * cookies), the enumeration of every Server Action and route handler in the tree, and a
 * fingerprint of the whole database to show that a refused call wrote nothing.
 */

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** Who calls, in the matrix's column order. */
export const ROLES = ["anonymous", "owner", "otherCitizen", "otherEditor", "editor", "publisher", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const CITIZEN_ROLES: readonly Role[] = ["owner", "otherCitizen"];
export const STAFF_ROLES: readonly Role[] = ["otherEditor", "editor", "publisher", "admin"];

/**
 * A cell's written answer:
 * - allowed: the work is done (the row's own check says what that is) and something is written;
 * - signIn: sent to a sign-in page, nothing written;
 * - forbidden: refused with the permission error (`problem=forbidden`), nothing written;
 * - notFound: answered exactly as the same call with an unknown id is, nothing written;
 * - sentAway: sent on to the page the row names (the signed-in, away from signing in), nothing written.
 */
export type Expected = "allowed" | "signIn" | "forbidden" | "notFound" | "sentAway";
export type Cells = Record<Role, Expected>;

/** A row of the table: seven answers in ROLES' order. */
export function cells(...answers: [Expected, Expected, Expected, Expected, Expected, Expected, Expected]): Cells {
  return Object.fromEntries(ROLES.map((role, i) => [role, answers[i]])) as Cells;
}

/** The request a call runs in: read by the mocked next/headers and session modules of each test file. */
export const request = {
  role: "anonymous" as Role,
  address: "198.51.100.1",
  cookies: new Map<string, string>(),
};

/** next/headers' cookies() over `request.cookies`, as a Server Action or route handler sees them. */
export const cookieJar = {
  get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
  getAll: () => [...request.cookies].map(([name, value]) => ({ name, value })),
  has: (name: string) => request.cookies.has(name),
  /** Set, or removed when set expired (maxAge 0 or a past expiry), as a browser keeps it. */
  set: (
    name: string | { name: string; value: string; maxAge?: number },
    value?: string,
    options: { maxAge?: number; expires?: Date } = {},
  ) => {
    const cookie = typeof name === "string" ? { name, value: value ?? "", ...options } : { ...name, ...options };
    const expired =
      (cookie.maxAge !== undefined && cookie.maxAge <= 0) || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
    if (expired) request.cookies.delete(cookie.name);
    else request.cookies.set(cookie.name, cookie.value);
  },
  delete: (name: string) => void request.cookies.delete(name),
};

/** next/headers' headers(): the client's address as server.mjs sets it. */
export const requestHeaders = () => new Headers({ "x-dirisha-client-address": request.address });

let addresses = 0;
/** A new caller's address for each cell, so that one cell's rate limits never decide another's. */
export function freshAddress(): string {
  addresses += 1;
  return `198.51.${100 + Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
}

/** Every file of the tree under these folders, relative to the root, in a stable order. */
function filesUnder(folders: string[], accept: (file: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (accept(full)) found.push(path.relative(ROOT, full).split(path.sep).join("/"));
    }
  };
  for (const folder of folders) walk(path.join(ROOT, folder));
  return found.sort();
}

/** A module whose first statement is the "use server" directive: every export is a Server Action. */
const SERVER_MODULE = /^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*["']use server["'];?/;
const ANY_DIRECTIVE = /["']use server["']/;

/**
 * The Server Action modules of app/, lib/ and components/. A "use server" that is not a module's
 * first statement (an action written inline in a page or component) fails the matrix: it could
 * not be enumerated, so it must live in an actions.ts with its rows.
 */
export function serverActionModules(): { modules: string[]; inline: string[] } {
  const sources = filesUnder(["app", "lib", "components"], (file) => /\.(ts|tsx|js|mjs)$/.test(file) && !/\.test\.(ts|mjs)$/.test(file));
  const modules: string[] = [];
  const inline: string[] = [];
  for (const file of sources) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    if (!ANY_DIRECTIVE.test(text)) continue;
    (SERVER_MODULE.test(text) ? modules : inline).push(file);
  }
  return { modules, inline };
}

/** Every route handler file under app/. */
export function routeFiles(): string[] {
  return filesUnder(["app"], (file) => /[/\\]route\.(ts|js|mjs)$/.test(file));
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

const watched = new WeakMap<Database, Promise<void>>();

/**
 * Counts every row written to every table of the portal's schema from now on: a trigger on each
 * adds one to the table's count in `authorisation_writes`, in the writing transaction (so that a
 * write rolled back is not counted). Made once per test database, after its migrations.
 */
function watchWrites(db: Database): Promise<void> {
  let done = watched.get(db);
  if (!done) {
    done = (async () => {
      await db.execute(sql`create table authorisation_writes (name text primary key, n bigint not null)`);
      await db.execute(
        sql.raw(`create function authorisation_count_write() returns trigger language plpgsql as $$
          begin
            insert into authorisation_writes values (TG_TABLE_NAME, 1) on conflict (name) do update set n = authorisation_writes.n + 1;
            return null;
          end $$`),
      );
      const result = await db.execute(
        sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'authorisation_writes'`,
      );
      for (const { name } of (result as unknown as { rows: { name: string }[] }).rows)
        await db.execute(
          sql.raw(
            `create trigger authorisation_writes after insert or update or delete on "${name}" for each row execute function authorisation_count_write()`,
          ),
        );
    })();
    watched.set(db, done);
  }
  return done;
}

/**
 * The whole database in one value: the rows written so far to each table of the portal's schema
 * (inserted, updated even to the same values, or deleted), and the number of jobs in the queue.
 * Two equal fingerprints mean nothing was written in between.
 */
export async function fingerprint(db: Database): Promise<string> {
  await watchWrites(db);
  const result = await db.execute(
    sql`select coalesce(string_agg(name || '=' || n, ';' order by name), '') || ';jobs=' || (select count(*) from pgboss.job) as f from authorisation_writes`,
  );
  return (result as unknown as { rows: { f: string }[] }).rows[0]!.f;
}

/** The tables two fingerprints differ in, to say what a refused call wrote. */
export function differences(before: string, after: string): string[] {
  const parts = (f: string) => new Map(f.split(";").map((part) => part.split("=") as [string, string]));
  const a = parts(before);
  return [...parts(after)].filter(([name, digest]) => a.get(name) !== digest).map(([name]) => name);
}

/** What a call answered: the redirect it threw (Next's own redirect error), its value, or a Response. */
export type Answer = { redirect: string } | { value: unknown };

export async function answerOf(run: () => Promise<unknown>): Promise<Answer> {
  try {
    return { value: await run() };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return { redirect: digest.split(";").slice(2, -2).join(";") };
    throw error;
  }
}

/** An answer as text with these ids replaced by a placeholder, to compare a record's answer with an unknown one's. */
export function masked(answer: unknown, ids: readonly string[]): string {
  let text = JSON.stringify(answer, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  for (const id of ids) text = text.split(id).join("<id>");
  return text;
}

/** The problem an answer names, if any: `?problem=` of a redirect, or a state's `problem`. */
export function problemOf(answer: Answer): string | null {
  if ("redirect" in answer) return new URL(answer.redirect, "http://portal.invalid").searchParams.get("problem");
  const value = answer.value as { ok?: unknown; problem?: unknown } | null;
  return value && value.ok === false && typeof value.problem === "string" ? value.problem : null;
}
