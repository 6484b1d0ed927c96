// Runs the project's scripts under a Node.js the project supports, whatever the machine ships.
//
// When the running Node.js is older than package.json's `engines.node`, the Node.js of `.nvmrc`
// is fetched from the npm registry (the `node` package) into a cache folder outside the
// repository, once, and the script runs itself again under it, with that Node first on PATH so
// that every tool it starts (next, vitest, playwright, tsx) uses it too. On a machine whose
// Node.js is already suitable nothing happens.
//
// This file must itself run on old Node.js (20 and newer): only long-standing APIs here.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The oldest Node.js the project runs on, from package.json's engines (">=22.12"). */
export function minimumNode() {
  const engines = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).engines?.node ?? "";
  const match = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(engines.trim());
  if (!match) throw new Error(`package.json engines.node should read ">=X.Y", not "${engines}"`);
  return match[1];
}

/** The Node.js major version to fetch when the machine's is too old: .nvmrc's. */
export function wantedMajor() {
  const text = fs.readFileSync(path.join(root, ".nvmrc"), "utf8").trim().replace(/^v/, "");
  const major = Number.parseInt(text, 10);
  if (!Number.isInteger(major)) throw new Error(`.nvmrc should name a Node.js version, not "${text}"`);
  return major;
}

function parts(version) {
  return String(version)
    .replace(/^v/, "")
    .split(".")
    .map((part) => Number.parseInt(part, 10) || 0);
}

/** True when `version` (e.g. "20.20.2" or "v24.1.0") is at least `minimum` (e.g. "22.12"). */
export function isAtLeast(version, minimum) {
  const a = parts(version);
  const b = parts(minimum);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** Where the fetched Node.js is kept: DIRISHA_NODE_CACHE, else ~/.cache/node<major>. */
export function nodeCacheDir(env = process.env, major = wantedMajor()) {
  if (env.DIRISHA_NODE_CACHE) return path.resolve(env.DIRISHA_NODE_CACHE);
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(cache, `node${major}`);
}

/** The node binary in a cache folder and its version, when it is there and runs. */
export function cachedNode(cacheDir) {
  const binary = path.join(cacheDir, "node_modules", ".bin", "node");
  if (!fs.existsSync(binary)) return undefined;
  const result = spawnSync(binary, ["--version"], { encoding: "utf8", timeout: 20_000 });
  if (result.status !== 0) return undefined;
  const version = result.stdout.trim();
  return /^v\d+\.\d+\.\d+/.test(version) ? { binary, version } : undefined;
}

/** The npm to install with: the one running this script when started by `npm run`, else PATH's. */
function npmCommand(env) {
  const cli = env.npm_execpath;
  if (cli && /\.c?js$/.test(cli) && fs.existsSync(cli)) return [process.execPath, cli];
  return ["npm"];
}

/**
 * Installs node@<major> from the npm registry into cacheDir: into a folder of its own first,
 * moved into place only when complete, so that an interrupted or concurrent install never leaves
 * a half-filled cache behind.
 */
export function installNode(cacheDir, { major = wantedMajor(), env = process.env, npm = npmCommand(env) } = {}) {
  fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
  const staging = `${cacheDir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging);
  const [command, ...prefixArgs] = npm;
  const result = spawnSync(
    command,
    [...prefixArgs, "install", "--prefix", staging, "--no-audit", "--no-fund", "--loglevel=error", `node@${major}`],
    // npm's own output goes to stderr only on failure; the person sees one line from us.
    { env: { ...env, npm_config_update_notifier: "false" }, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm could not install node@${major} (exit code ${result.status ?? result.signal})`);
  }
  if (!cachedNode(staging)) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`node@${major} was installed but its node binary does not run`);
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });
  try {
    fs.renameSync(staging, cacheDir);
  } catch (error) {
    // Another script finished the same install first: use theirs.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!cachedNode(cacheDir)) throw error;
  }
}

/**
 * While `child` runs, a stop asked of this process is passed on to it and this process waits for
 * it to finish. Ctrl-C already reaches the child from the terminal, so it is only waited for here
 * (passing it on would interrupt the child's own orderly stop a second time).
 */
export function forwardSignals(child) {
  const forward = (signal) => child.kill(signal);
  const wait = () => {};
  process.on("SIGTERM", forward);
  process.on("SIGHUP", forward);
  process.on("SIGINT", wait);
  return () => {
    process.off("SIGTERM", forward);
    process.off("SIGHUP", forward);
    process.off("SIGINT", wait);
  };
}

/**
 * Runs a command to its end, output shown, passing on a stop asked of this process (see
 * forwardSignals); resolves with its exit code.
 */
export function runToEnd(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    const stopForwarding = forwardSignals(child);
    child.on("exit", (code, signal) => {
      stopForwarding();
      resolve(code ?? (signal ? 1 : 0));
    });
    child.on("error", (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolve(1);
    });
  });
}

/**
 * Makes sure the calling script runs on a suitable Node.js. Returns at once when it does;
 * otherwise fetches one when needed, runs the script again under it and exits with its exit
 * code (never returns). Every part can be replaced for tests.
 */
export async function ensureNode({
  version = process.versions.node,
  argv = process.argv,
  env = process.env,
  minimum = minimumNode(),
  major = wantedMajor(),
  cacheDir = nodeCacheDir(env, major),
  install = (dir) => installNode(dir, { major, env }),
  say = (line) => console.log(line),
  exit = (code) => process.exit(code),
} = {}) {
  if (isAtLeast(version, minimum)) return;
  const script = path.relative(root, argv[1] ?? "") || "this script";
  if (env.DIRISHA_NODE_RERUN) {
    // Already started again under the fetched Node.js and still too old: never loop.
    console.error(`Dirisha needs Node.js ${minimum} or newer; ${script} is running on ${version} even after switching.`);
    return exit(1);
  }
  let found = cachedNode(cacheDir);
  if (found && !isAtLeast(found.version, minimum)) found = undefined;
  if (found) {
    say(`Node.js ${version} is older than Dirisha needs (${minimum}): using Node.js ${found.version.replace(/^v/, "")} from ${cacheDir}.`);
  } else {
    say(
      `Node.js ${version} is older than Dirisha needs (${minimum}): fetching Node.js ${major} from the npm registry into ${cacheDir} (once).`,
    );
    try {
      install(cacheDir);
    } catch (error) {
      console.error(
        `Could not fetch Node.js ${major}: ${error instanceof Error ? error.message : String(error)}.\n` +
          `Install Node.js ${minimum} or newer (see .nvmrc) and run the command again.`,
      );
      return exit(1);
    }
    found = cachedNode(cacheDir);
    if (!found || !isAtLeast(found.version, minimum)) {
      console.error(`The Node.js fetched into ${cacheDir} is not usable; remove that folder and try again.`);
      return exit(1);
    }
  }
  const binDir = path.dirname(found.binary);
  const code = await runToEnd(found.binary, argv.slice(1), {
    env: { ...env, PATH: `${binDir}${path.delimiter}${env.PATH ?? ""}`, DIRISHA_NODE_RERUN: "1" },
  });
  return exit(code);
}
