import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { DataFolderLockedError, lockDataFolder } from "./pglite-lock";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-lock-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeLock(pid: number) {
  fs.writeFileSync(path.join(dir, "dirisha.lock"), JSON.stringify({ pid, host: os.hostname(), since: "2026-01-01T00:00:00Z" }));
}

describe("the embedded database's folder lock", () => {
  it("refuses a folder held by another live process, naming it", () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"]);
    try {
      writeLock(other.pid!);
      expect(() => lockDataFolder(dir)).toThrow(DataFolderLockedError);
      expect(() => lockDataFolder(dir)).toThrow(new RegExp(`in use by process ${other.pid}.*DATABASE_URL`));
    } finally {
      other.kill();
    }
  });

  it("takes over a lock left by a process that has ended", () => {
    const ended = spawnSync(process.execPath, ["-e", "0"]);
    writeLock(ended.pid!);
    const release = lockDataFolder(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "dirisha.lock"), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, "dirisha.lock"))).toBe(false);
  });

  it("takes over a lock that names this very pid from an earlier life (a restarted container)", () => {
    writeLock(process.pid);
    const release = lockDataFolder(dir);
    expect(() => lockDataFolder(dir)).toThrow("This process already holds");
    release();
  });

  it("stops a second process that opens the same folder, while the first keeps it", async () => {
    // Rule: PGlite has no lock of its own; two processes on one folder lose commits.
    const first = await openDatabase({ engine: "pglite", dataDir: dir });
    try {
      const script = `
        import { openDatabase } from "./db/client.ts";
        try { await openDatabase({ engine: "pglite", dataDir: ${JSON.stringify(dir)} }); console.log("opened"); }
        catch (error) { console.log(error.name + ": " + error.message); process.exit(3); }`;
      const second = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: path.resolve(import.meta.dirname, ".."),
        encoding: "utf8",
      });
      expect(second.stdout).toMatch(/DataFolderLockedError: The embedded database at .* is in use by process/);
      expect(second.status).toBe(3);
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, "dirisha.lock"))).toBe(false);
    // Two embedded databases opened and migrated, one in a second Node.js process: slow on a busy machine.
  }, 90_000);
});
