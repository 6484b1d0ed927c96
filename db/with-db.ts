import { getDb, type Database } from "./index";

/**
 * A domain function with the process's database supplied as its first argument: how a domain's
 * service (lib/<domain>/service.ts) hands its functions to routes. The domain function itself
 * keeps `db` as a parameter, so that tests pass it a database of their own.
 */
export function withDb<Args extends unknown[], Result>(
  run: (db: Database, ...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args) => run(await getDb(), ...args);
}
