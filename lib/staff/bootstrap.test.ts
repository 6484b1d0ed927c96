import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines, type TestDatabase } from "@/testing/database";
import { findInvitation } from "./accounts";
import { ensureFirstAdministrator, FIRST_ADMIN_FILE } from "./bootstrap";

describe.each(testEngines())("the first administrator's link on $name", ({ open }) => {
  let database: TestDatabase;
  const folders: string[] = [];
  const keysFolder = () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-keys-"));
    folders.push(folder);
    return folder;
  };
  const tokenIn = (folder: string) => /invitation\/([^\s/]+)/.exec(fs.readFileSync(path.join(folder, FIRST_ADMIN_FILE), "utf8"))![1]!;

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.dispose();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("is made once, and an instance on another machine (another keys folder) leaves it working", async () => {
    const options = { email: "admin@egov.go.tz", portalUrl: "https://dirisha.go.tz" };
    const first = keysFolder();
    expect(await ensureFirstAdministrator(database.db, { ...options, keysDir: first })).toBe("written");
    const token = tokenIn(first);
    // A restart of the same instance, then another instance with a keys folder of its own.
    expect(await ensureFirstAdministrator(database.db, { ...options, keysDir: first })).toBe("written");
    const second = keysFolder();
    expect(await ensureFirstAdministrator(database.db, { ...options, keysDir: second })).toBe("pending");
    expect(fs.existsSync(path.join(second, FIRST_ADMIN_FILE))).toBe(false);
    expect(tokenIn(first)).toBe(token);
    expect(await findInvitation(database.db, token)).toBeTruthy();
  });
});
