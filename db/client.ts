import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import pg from "pg";
import * as schema from "./schema";
import { lockDataFolder } from "./pglite-lock";

export type Schema = typeof schema;
/** The portal's database, whichever engine is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget =
  | { engine: "pglite"; dataDir: string } // a folder, or "memory://" for a throwaway database
  | { engine: "postgresql"; url: string };

export type DatabaseHandle = {
  engine: DatabaseTarget["engine"];
  db: Database;
  /** What the job queue (pg-boss) connects with: the same embedded database, or the server. */
  queue: { engine: "pglite"; client: PGlite } | { engine: "postgresql"; url: string };
  /** Applies the committed SQL migrations that have not run yet (those of another folder: tests of a migration). */
  migrate(migrationsFolder?: string): Promise<void>;
  /**
   * Runs `work` while no other process runs work under the same key (a PostgreSQL advisory lock
   * held on a connection of its own; the embedded database has one process anyway): start-up's
   * seeding, when several instances start together on an empty database.
   */
  exclusively<T>(key: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// Any fixed number: it names the lock that lets one of several starting processes migrate at a time.
export const MIGRATION_LOCK_KEY = 4_104_201;

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.engine === "pglite") {
    const inMemory = target.dataDir.startsWith("memory://");
    const release = inMemory ? () => {} : lockDataFolder(path.resolve(target.dataDir));
    try {
      const client = await PGlite.create(inMemory ? target.dataDir : path.resolve(target.dataDir));
      const db = drizzlePglite(client, { schema }) as unknown as Database;
      return {
        engine: "pglite",
        db,
        queue: { engine: "pglite", client },
        migrate: (migrationsFolder = MIGRATIONS_FOLDER) => migratePglite(db as never, { migrationsFolder }),
        exclusively: (_key, work) => work(),
        async close() {
          await client.close();
          release();
        },
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  // An idle client that loses its connection must not take the process down with it.
  pool.on("error", () => {});
  const db = drizzlePostgres(pool, { schema }) as unknown as Database;
  return {
    engine: "postgresql",
    db,
    queue: { engine: "postgresql", url: target.url },
    async migrate(migrationsFolder = MIGRATIONS_FOLDER) {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    async exclusively(key, work) {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [key]);
        return await work();
      } finally {
        await client.query("select pg_advisory_unlock($1)", [key]).catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** A cheap round trip, for health checks. */
export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
