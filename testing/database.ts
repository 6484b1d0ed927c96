import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "@/db/client";

/**
 * The database engines that database-layer tests run on: always a throwaway embedded PGlite,
 * and PostgreSQL as well when TEST_DATABASE_URL is set, each test file in a database of its
 * own that is dropped afterwards.
 */
export type TestEngine = { name: "pglite" | "postgresql"; open(): Promise<TestDatabase> };
export type TestDatabase = DatabaseHandle & { dispose(): Promise<void> };

export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [{ name: "pglite", open: openTestPglite }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) engines.push({ name: "postgresql", open: () => openTestPostgres(url) });
  return engines;
}

async function openTestPglite(): Promise<TestDatabase> {
  const handle = await openDatabase({ engine: "pglite", dataDir: "memory://" });
  await handle.migrate();
  return { ...handle, dispose: () => handle.close() };
}

async function openTestPostgres(serverUrl: string): Promise<TestDatabase> {
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
  await handle.migrate();
  return {
    ...handle,
    async dispose() {
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
