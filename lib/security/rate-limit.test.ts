import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimitHits } from "@/db/schema";
import { testEngines, type TestDatabase } from "@/testing/database";
import { clearExpired } from "@/lib/maintenance";
import { countRateLimit, takeRateLimit } from "./rate-limit";

const rule = { bucket: "test", limit: 3, windowSeconds: 60 };
// The hashes are keyed with the session secret, made here in a folder of the test's own.
process.env.KEYS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-keys-"));
const threeDaysAgo = Date.now() - 3 * 86_400_000;

describe.each(testEngines())("rate limits kept in the database on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("allows up to the limit in a window, then refuses, per key", async () => {
    const at = new Date(threeDaysAgo);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await takeRateLimit(database.db, rule, "198.51.100.1", at));
    expect(results).toEqual([true, true, true, false]);
    expect(await countRateLimit(database.db, rule, "198.51.100.1", at)).toBe(4);
    // Another key, and the next window, start again.
    expect(await takeRateLimit(database.db, rule, "198.51.100.2", at)).toBe(true);
    expect(await takeRateLimit(database.db, rule, "198.51.100.1", new Date(threeDaysAgo + 60_000))).toBe(true);
  });

  it("keeps only a keyed hash of the key, and forgets old windows", async () => {
    const rows = await database.db.select().from(rateLimitHits);
    expect(rows.every((row) => !row.keyHash.includes("198.51.100"))).toBe(true);
    await clearExpired(database.db);
    expect(await database.db.select().from(rateLimitHits)).toHaveLength(0);
  });
});
