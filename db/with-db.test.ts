import { describe, expect, it, vi } from "vitest";
import type { Database } from "./index";
import { withDb } from "./with-db";

const processDb = { name: "the process's database" } as unknown as Database;
vi.mock("./index", () => ({ getDb: async () => processDb }));

describe("withDb", () => {
  it("calls the domain function with the process's database first, then the caller's arguments", async () => {
    const domain = vi.fn(async (db: Database, id: string, count: number) => ({ db, id, count }));
    expect(await withDb(domain)("a", 2)).toEqual({ db: processDb, id: "a", count: 2 });
    expect(domain).toHaveBeenCalledWith(processDb, "a", 2);
  });
});
