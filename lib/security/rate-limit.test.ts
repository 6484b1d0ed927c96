import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimitHits } from "@/db/schema";
import { testEngines, type TestDatabase } from "@/testing/database";
import { clearExpired } from "@/lib/maintenance";
import { clearRateLimit, countRateLimit, countRecent, giveBack, pausedUntil, startPause, takeRateLimit, takeRecent } from "./rate-limit";

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

describe.each(testEngines())("counts over two windows, give-backs and pauses on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.dispose();
  });
  const hourly = { bucket: "test-recent", limit: 5, windowSeconds: 3600 };
  const pause = { bucket: "test-pause", windowSeconds: 3600 };

  it("counts this window and the one before, each call seeing its own total", async () => {
    const hour = 3_600_000;
    const start = Math.floor(Date.now() / hour) * hour;
    expect((await takeRecent(database.db, hourly, "k", new Date(start - 10_000))).total).toBe(1);
    expect((await takeRecent(database.db, hourly, "k", new Date(start - 5_000))).total).toBe(2);
    const third = await takeRecent(database.db, hourly, "k", new Date(start + 1_000));
    expect(third).toEqual({ total: 3, windowStart: new Date(start) });
    // Given back: the attempt did not count after all.
    await giveBack(database.db, hourly, "k", third.windowStart);
    expect(await countRecent(database.db, hourly, "k", new Date(start + 2_000))).toBe(2);
    // Two windows later the first ones are forgotten; cleared, nothing is left.
    expect((await takeRecent(database.db, hourly, "k", new Date(start + 2 * hour))).total).toBe(1);
    await clearRateLimit(database.db, hourly, "k");
    expect(await countRecent(database.db, hourly, "k", new Date(start + 2 * hour))).toBe(0);
  });

  it("pauses a key for exactly its length from when it starts, whatever the clock's hour", async () => {
    const at = new Date("2026-12-01T09:59:30Z");
    expect(await pausedUntil(database.db, pause, "k", at)).toBeNull();
    const until = await startPause(database.db, pause, "k", at);
    expect(until).toEqual(new Date("2026-12-01T10:59:30Z"));
    expect(await pausedUntil(database.db, pause, "k", new Date("2026-12-01T10:59:29Z"))).toEqual(until);
    expect(await pausedUntil(database.db, pause, "k", new Date("2026-12-01T10:59:30Z"))).toBeNull();
    expect(await pausedUntil(database.db, pause, "other", at)).toBeNull();
  });
});
