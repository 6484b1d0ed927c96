import { env, isBuildPhase } from "@/lib/env";
import { openDatabase, type Database, type DatabaseHandle, type DatabaseTarget } from "./client";

export type { Database } from "./client";

/** Where the configuration points: PostgreSQL when DATABASE_URL is set, else the embedded folder. */
export function configuredTarget(): DatabaseTarget {
  const config = env();
  return config.DATABASE_URL ? { engine: "postgresql", url: config.DATABASE_URL } : { engine: "pglite", dataDir: config.PGLITE_DATA_DIR };
}

// Kept on globalThis so that a module reloaded in development reuses the open database
// instead of opening the same PGlite folder twice.
const holder = globalThis as typeof globalThis & { dirishaDatabase?: Promise<DatabaseHandle> };

/** The process's one database handle, opened on first use. */
export function databaseHandle(): Promise<DatabaseHandle> {
  if (isBuildPhase()) {
    throw new Error("The database was opened during `next build`. Pages that read it must render at request time.");
  }
  holder.dirishaDatabase ??= openDatabase(configuredTarget()).catch((error: unknown) => {
    holder.dirishaDatabase = undefined;
    throw error;
  });
  return holder.dirishaDatabase;
}

export async function getDb(): Promise<Database> {
  return (await databaseHandle()).db;
}
