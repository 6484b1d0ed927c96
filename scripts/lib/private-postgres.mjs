// A PostgreSQL server of our own, on a free port of 127.0.0.1, in a temporary folder: for tests
// that restart the database under the portal (scripts/faults.mjs), which must never touch a shared
// server. Made with initdb and run with pg_ctl, as deploy/test-restore.sh does: PG_BINDIR chooses
// the programs (default: the newest /usr/lib/postgresql/*/bin, else those on PATH). initdb and
// postgres refuse to run as root: as root they run as the `postgres` user (PRIVATE_PG_USER chooses
// another), the folder given to it.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** The folder of initdb and pg_ctl, or null when PostgreSQL's server programs are not installed. */
export function postgresBinDir(env = process.env) {
  if (env.PG_BINDIR) return fs.existsSync(path.join(env.PG_BINDIR, "initdb")) ? env.PG_BINDIR : null;
  const versions = fs.existsSync("/usr/lib/postgresql")
    ? fs
        .readdirSync("/usr/lib/postgresql")
        .filter((name) => fs.existsSync(path.join("/usr/lib/postgresql", name, "bin", "initdb")))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  if (versions.length) return path.join("/usr/lib/postgresql", versions.at(-1), "bin");
  const found = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).stdout.trim();
  return found ? path.dirname(found) : null;
}

/** Why a private server cannot be made here (no programs, root without a user to run it as), or null. */
export function whyNoPrivatePostgres(env = process.env) {
  if (!postgresBinDir(env))
    return "PostgreSQL's server programs (initdb, pg_ctl) are not installed (apt-get install postgresql, or set PG_BINDIR)";
  if (process.getuid?.() === 0) {
    const user = env.PRIVATE_PG_USER ?? "postgres";
    if (spawnSync("id", ["-u", user]).status !== 0)
      return `running as root, and there is no '${user}' user to run PostgreSQL as (set PRIVATE_PG_USER)`;
  }
  return null;
}

/**
 * Makes and starts the server: resolves with { url (its postgres database), port, dataDir, logFile,
 * restart({ mode, downMs, whileDown }), stop() }. `restart` stops it (pg_ctl's `mode`: "immediate",
 * as a crash, or "fast"), keeps it down `downMs`, and starts it again; `stop` stops it and removes
 * the folder.
 */
export async function startPrivatePostgres({ port, log = () => {}, env = process.env } = {}) {
  const bin = postgresBinDir(env);
  const problem = whyNoPrivatePostgres(env);
  if (problem) throw new Error(problem);
  const asRoot = process.getuid?.() === 0;
  const user = env.PRIVATE_PG_USER ?? "postgres";
  // Without blocking: the balancer and the tap of the same process go on meanwhile.
  const run = async (program, args) => {
    const command = asRoot ? "runuser" : path.join(bin, program);
    const full = asRoot ? ["-u", user, "--", path.join(bin, program), ...args] : args;
    try {
      return (await execFileAsync(command, full, { encoding: "utf8" })).stdout;
    } catch (error) {
      throw new Error(`${program} failed: ${error.stderr || error.message}`);
    }
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-private-pg-"));
  const dataDir = path.join(work, "data");
  const logFile = path.join(work, "postgres.log");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
    fs.chownSync(work, uid, gid);
  }
  await run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  fs.appendFileSync(
    path.join(dataDir, "postgresql.conf"),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${work}'`,
      // Two portals and two workers, each with its pools, and the test's own connections.
      "max_connections = 200",
      "",
    ].join("\n"),
  );
  const start = () => run("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "start"]);
  const stopNow = (mode) => run("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "stop"]);
  await start();
  log(`private PostgreSQL on 127.0.0.1:${port} (${dataDir})`);
  let running = true;
  // The process ending without stop() (an uncaught error): the server goes with it, not left running.
  const onExit = () => {
    if (!running) return;
    try {
      const stopArgs = [path.join(bin, "pg_ctl"), "-D", dataDir, "-m", "immediate", "-w", "stop"];
      execFileSync(asRoot ? "runuser" : stopArgs[0], asRoot ? ["-u", user, "--", ...stopArgs] : stopArgs.slice(1), { stdio: "ignore" });
      fs.rmSync(work, { recursive: true, force: true });
    } catch {}
  };
  process.once("exit", onExit);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    logFile,
    /** `whileDown()` runs once the server has stopped, before it starts again (at least `downMs` later). */
    async restart({ mode = "immediate", downMs = 3000, whileDown = async () => {} } = {}) {
      await stopNow(mode);
      running = false;
      await Promise.all([sleep(downMs), whileDown()]);
      await start();
      running = true;
    },
    async stop() {
      process.off("exit", onExit);
      if (running) {
        await stopNow("immediate").catch(() => {});
        running = false;
      }
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
