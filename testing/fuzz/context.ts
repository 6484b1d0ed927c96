import fs from "node:fs";
import { afterAll, beforeAll } from "vitest";
import type { TestDatabase, TestEngine } from "@/testing/database";
import { KEYS, seedWorld, type World } from "./world";

/*
 * One database and one world per engine for all the suites of a fuzz file: an embedded
 * database takes seconds to start, so a file runs several suites on one. The suites register
 * their own hooks and tests inside the engine's describe, after these.
 */

let current: TestDatabase | undefined;

/** What "@/db" gives the code under test: the database of the engine being fuzzed. */
export const databaseModule = {
  getDb: async () => current!.db,
  databaseHandle: async () => current!,
};

export type FuzzContext = { engine: string; database: () => TestDatabase; world: () => World };

/** Opens the engine's database and seeds the world before the suites, and throws it away after them. */
export function fuzzContext(engine: TestEngine["name"], open: TestEngine["open"]): FuzzContext {
  let world: World | undefined;
  beforeAll(async () => {
    current = await open();
    world = await seedWorld(current);
  });
  afterAll(async () => {
    await current?.dispose();
    current = undefined;
  });
  return { engine, database: () => current!, world: () => world! };
}

/** The file's keys, made by world.ts, gone once its tests are done. */
export function removeKeysAfterAll(): void {
  afterAll(() => fs.rmSync(KEYS, { recursive: true, force: true }));
}
