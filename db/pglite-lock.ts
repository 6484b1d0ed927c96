import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite takes no lock of its own: a second process that opens the same data folder silently
 * loses commits. This lock file makes the second process stop with a clear message instead.
 */

export class DataFolderLockedError extends Error {
  override name = "DataFolderLockedError";
}

type LockOwner = { pid: number; host: string; since: string };

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
}

// The folders this process has locked: a lock file naming this pid but not listed here was left
// by an earlier process that had the same pid (a restarted container is pid 1 again).
const heldHere = new Set<string>();

/** Takes the lock for a data folder, or throws naming the process that holds it. Returns the release. */
export function lockDataFolder(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "dirisha.lock");
  const me: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: "wx" });
      // Two processes taking over one stale lock at once: only the one whose file stands goes on.
      if (readOwner(lockPath)?.since !== me.since || readOwner(lockPath)?.pid !== me.pid) continue;
      heldHere.add(lockPath);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener("exit", release);
        heldHere.delete(lockPath);
        if (readOwner(lockPath)?.pid === me.pid) fs.rmSync(lockPath, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(lockPath);
    // A lock left by a process that is gone (a crash, a killed container) is taken over.
    // An unreadable lock younger than a few seconds is one being written right now.
    const stale =
      owner === undefined
        ? Date.now() - fs.statSync(lockPath, { throwIfNoEntry: false })!.mtimeMs > 5_000
        : owner.host === me.host && (!processIsAlive(owner.pid) || (owner.pid === me.pid && !heldHere.has(lockPath)));
    if (owner && owner.pid === me.pid && owner.host === me.host && heldHere.has(lockPath)) {
      throw new DataFolderLockedError(`This process already holds the embedded database at ${dataDir}.`);
    }
    if (!stale && !owner) {
      throw new DataFolderLockedError(`The embedded database at ${dataDir} is being opened by another process.`);
    }
    if (!stale && owner) {
      throw new DataFolderLockedError(
        `The embedded database at ${dataDir} is in use by process ${owner.pid} on ${owner.host} (since ${owner.since}). ` +
          "Only one process may open it: stop that process first, or set DATABASE_URL to use PostgreSQL, " +
          "which any number of portal and worker processes can share.",
      );
    }
    fs.rmSync(lockPath, { force: true });
  }
  throw new DataFolderLockedError(`Could not take the lock on the embedded database at ${dataDir}.`);
}
