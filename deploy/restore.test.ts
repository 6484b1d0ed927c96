// deploy/test-restore.sh under Vitest: a base backup (deploy/backup.sh), then a restore to a
// moment and one to the end of the WAL archive (deploy/restore.sh), each checked row by row, on
// PostgreSQL servers of the script's own (initdb on free ports in a temporary folder, never a
// shared server). It needs PostgreSQL's server programs, as CI's machine has them; elsewhere it is
// skipped, and its name says why. It takes 5 to 20 seconds, with the machine's load.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const script = path.join(import.meta.dirname, "test-restore.sh");

/** Whether initdb is where the script looks: PG_BINDIR, /usr/lib/postgresql/<version>/bin, or PATH. */
function serverProgramsInstalled(): boolean {
  const bindir = process.env.PG_BINDIR;
  if (bindir) return fs.existsSync(path.join(bindir, "initdb"));
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql") : [];
  if (versions.some((version) => fs.existsSync(path.join("/usr/lib/postgresql", version, "bin", "initdb")))) return true;
  return spawnSync("sh", ["-c", "command -v initdb"], { stdio: "ignore" }).status === 0;
}

const installed = process.platform === "linux" && serverProgramsInstalled();

describe.skipIf(!installed)(
  `backup.sh and restore.sh on PostgreSQL${installed ? "" : " (skipped: PostgreSQL's server programs, initdb and pg_ctl, are not installed)"}`,
  () => {
    it("restores exactly the rows committed before the target time, and without a target every archived row", () => {
      const run = spawnSync("bash", [script], { encoding: "utf8", timeout: 120_000 });
      const output = `${run.stdout}${run.stderr}`;
      expect(run.status, output).toBe(0);
      expect(output).toMatch(/^test-restore: \d+ passed, 0 failed$/m);
    }, 150_000);
  },
);
