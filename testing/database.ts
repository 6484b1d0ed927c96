import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { MIGRATIONS_FOLDER, openDatabase, type DatabaseHandle } from "@/db/client";
import { stopJobQueue } from "@/lib/jobs/queue";

/**
 * The database engines that database-layer tests run on: always a throwaway embedded PGlite,
 * and PostgreSQL as well when TEST_DATABASE_URL is set, each test file in a database of its
 * own that is dropped afterwards.
 */
export type TestEngine = { name: "pglite" | "postgresql"; open(options?: OpenOptions): Promise<TestDatabase> };
/** `dispose` stops the database's job queue, if a test started one, and throws the database away. */
export type TestDatabase = DatabaseHandle & { dispose(): Promise<void> };
/** `migrationsUpTo`: a migration's tag; the database is left as that migration left it (tests of the next one). */
type OpenOptions = { migrationsUpTo?: string };

export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [{ name: "pglite", open: openTestPglite }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) engines.push({ name: "postgresql", open: (options) => openTestPostgres(url, options) });
  return engines;
}

/** Applies the committed migrations, or those up to one of them (a copy of the folder, its journal cut there). */
async function migrate(handle: DatabaseHandle, { migrationsUpTo }: OpenOptions = {}): Promise<void> {
  if (!migrationsUpTo) return handle.migrate();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-migrations-"));
  try {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
      entries: { tag: string }[];
    };
    const last = journal.entries.findIndex((entry) => entry.tag === migrationsUpTo);
    if (last < 0) throw new Error(`No migration is tagged ${migrationsUpTo}.`);
    const entries = journal.entries.slice(0, last + 1);
    fs.mkdirSync(path.join(folder, "meta"));
    fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
    for (const { tag } of entries) fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), path.join(folder, `${tag}.sql`));
    await handle.migrate(folder);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function openTestPglite(options?: OpenOptions): Promise<TestDatabase> {
  const handle = await openDatabase({ engine: "pglite", dataDir: "memory://" });
  await migrate(handle, options);
  return {
    ...handle,
    async dispose() {
      await stopJobQueue(handle);
      await handle.close();
    },
  };
}

async function openTestPostgres(serverUrl: string, options?: OpenOptions): Promise<TestDatabase> {
  const name = `dirisha_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ engine: "postgresql", url: url.toString() });
  await migrate(handle, options);
  return {
    ...handle,
    async dispose() {
      await stopJobQueue(handle);
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
