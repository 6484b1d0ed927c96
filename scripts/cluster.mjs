#!/usr/bin/env node
// Several portal instances and job workers against one PostgreSQL database, behind a small
// round-robin load balancer, with the sandbox playing the outside systems: the shape of a
// production deployment on one machine. Used by the cluster test (scripts/cluster-test.mjs) and
// runnable alone, for operators and benchmarks:
//
//   node scripts/cluster.mjs                   # 2 portals, 2 workers; Ctrl-C stops and cleans up
//   CLUSTER_PORT=8080 CLUSTER_PORTALS=3 node scripts/cluster.mjs
//   CLUSTER_START_TOGETHER=1 node scripts/cluster.mjs   # every instance at once on the empty database
//
// What it starts, each on a free port:
// - a fresh database, dirisha_cluster_<pid>_<random>, on the server of CLUSTER_POSTGRES_URL (else
//   TEST_DATABASE_URL, as in CI; else postgres://postgres@127.0.0.1:5432/postgres), dropped at the end;
// - the sandbox (sandbox/server.mjs), whose calls to the portal (e-Mrejesho's and the
//   institutions' updates, GePG's callbacks, the USSD phone, the SMS sender) go to the balancer;
// - a tap in front of the sandbox on the portals' side (scripts/lib/tap.mjs), recording every
//   hand-off the portals and workers deliver, so that duplicates can be counted;
// - the portals (`node server.mjs`, RUN_WORKER_IN_PORTAL=false, TRUSTED_PROXY_HOPS=1), sharing one
//   keys folder and AUTH_SECRET; the first one migrates and seeds (SEED_ON_START), the others
//   start once it is ready;
// - the job workers (scripts/run-worker.ts through tsx, as `npm run worker` runs it);
// - the load balancer (scripts/lib/balancer.mjs), whose URL is PORTAL_URL.
// The build used is DIRISHA_DIST_DIR, else .next-test (the test run's build) when it is there,
// else .next. Nothing is built here. Every process is stopped and every folder and the database
// removed when the cluster stops, on failure too (a database a killed run left behind is dropped
// by the next run, once the process that made it is gone).
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createBalancer } from "./lib/balancer.mjs";
import { createTap } from "./lib/tap.mjs";

export const root = path.resolve(import.meta.dirname, "..");
const DATABASE_PREFIX = "dirisha_cluster_";

/** A port nobody listens on now (the kernel's choice). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The production build to run: DIRISHA_DIST_DIR, else .next-test when built, else .next. */
export function defaultDistDir(env = process.env) {
  if (env.DIRISHA_DIST_DIR) return env.DIRISHA_DIST_DIR;
  return fs.existsSync(path.join(root, ".next-test", "BUILD_ID")) ? ".next-test" : ".next";
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` resolves true, trying every `every` ms for at most `ms`; throws `what` when it never does. */
export async function waitFor(what, check, { ms = 90_000, every = 250 } = {}) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await sleep(every);
  }
  throw new Error(`${what}: not within ${Math.round(ms / 1000)} s${last ? ` (${last.message})` : ""}`);
}

async function answers200(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status === 200;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Drops the cluster databases whose run is over (the pid in their name no longer runs). */
async function dropLeftovers(admin) {
  const { rows } = await admin.query("select datname from pg_database where datname like $1", [`${DATABASE_PREFIX}%`]);
  for (const { datname } of rows) {
    const pid = Number(/^dirisha_cluster_(\d+)_/.exec(datname)?.[1]);
    if (pid && !isAlive(pid)) await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => {});
  }
}

/**
 * The portal's own key pairs (GovESB's ECDSA, GePG's RSA), made once before any instance starts,
 * as an operator provides them: on a trial machine each instance would otherwise make a missing
 * pair at its first use, and two instances doing so at once could leave halves of different pairs.
 */
function makePortalKeys(dir) {
  const write = (name, key, type) => fs.writeFileSync(path.join(dir, name), key.export({ type, format: "pem" }), { mode: 0o600 });
  const govesb = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
  write("govesb-portal-private.pem", govesb.privateKey, "pkcs8");
  write("govesb-portal-public.pem", govesb.publicKey, "spki");
  const gepg = generateKeyPairSync("rsa", { modulusLength: 2048 });
  write("gepg-sp-private.pem", gepg.privateKey, "pkcs8");
  write("gepg-sp-public.pem", gepg.publicKey, "spki");
}

/** Clusters being started or running in this process, so that Ctrl-C can stop even one still starting. */
const running = new Set();

/** Stops every cluster this process started (for a signal handler). */
export function stopAllClusters() {
  return Promise.all([...running].map((stop) => stop()));
}

/** The last `lines` lines of a log file. */
export function tail(file, lines = 40) {
  try {
    return fs
      .readFileSync(file, "utf8")
      .split("\n")
      .slice(-lines - 1)
      .join("\n");
  } catch {
    return "";
  }
}

/**
 * Starts the cluster; resolves once every portal is ready and every worker has started.
 * Options: portals (2), workers (2), distDir, postgresUrl, balancerPort (0: any), together (start
 * every instance at once, each portal seeding; default: the first portal with the workers, then
 * the others one by one), env (added to the portals' and workers' environment), sandboxEnv, recordHandOffs (true: the tap keeps every
 * body, for counting deliveries; false for long benchmarks), keepLogs, onBalancerEvent, log (a
 * function for progress lines).
 */
export async function startCluster(options = {}) {
  const portalCount = options.portals ?? 2;
  const workerCount = options.workers ?? 2;
  const distDir = options.distDir ?? defaultDistDir();
  const postgresUrl =
    options.postgresUrl ??
    process.env.CLUSTER_POSTGRES_URL ??
    process.env.TEST_DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/postgres";
  const say = options.log ?? (() => {});
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
    throw new Error(`No production build in ${distDir}: run \`npm run build\` (or \`npm test\`, which builds .next-test) first.`);
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-cluster-"));
  const keysDir = path.join(work, "keys");
  const logDir = path.join(work, "logs");
  fs.mkdirSync(keysDir, { mode: 0o700 });
  fs.mkdirSync(logDir);
  makePortalKeys(keysDir);
  const databaseName = `${DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
  const databaseUrl = Object.assign(new URL(postgresUrl), { pathname: `/${databaseName}` }).toString();
  const authSecret = randomBytes(32).toString("base64url");

  /** Every process started, by name: { name, child, logFile, expectedExit, exited }. */
  const processes = new Map();
  const unexpectedExits = [];
  let admin;
  let pool;
  let balancer;
  let tap;
  let stopped = false;

  const killAllNow = () => {
    for (const entry of processes.values()) {
      if (entry.child.exitCode === null && entry.child.signalCode === null) {
        try {
          process.kill(-entry.child.pid, "SIGKILL");
        } catch {}
      }
    }
  };
  process.once("exit", killAllNow);

  function launch(name, command, args, env) {
    const logFile = path.join(logDir, `${name}.log`);
    const out = fs.openSync(logFile, "a");
    // Its own process group, so that stopping it reaches what it started (tsx runs node under it).
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", out, out], detached: true });
    fs.closeSync(out);
    const entry = { name, child, logFile, expectedExit: false };
    entry.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        if (!entry.expectedExit && !stopped) {
          unexpectedExits.push({ name, code, signal });
          say(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); its log: ${logFile}`);
        }
        resolve({ code, signal });
      });
    });
    processes.set(name, entry);
    return entry;
  }

  /** Sends a signal to a process's group; resolves when it has exited (SIGKILL after `graceMs`). */
  async function signal(name, sig = "SIGTERM", graceMs = 20_000) {
    const entry = processes.get(name);
    if (!entry || entry.child.exitCode !== null || entry.child.signalCode !== null) return entry?.exited;
    entry.expectedExit = true;
    try {
      // SIGKILL to the whole group; a polite signal to the process itself, which passes it on
      // (tsx relays it to the worker it runs: sent to both, the worker would get it twice).
      process.kill(sig === "SIGKILL" ? -entry.child.pid : entry.child.pid, sig);
    } catch {}
    const late = setTimeout(() => {
      try {
        process.kill(-entry.child.pid, "SIGKILL");
      } catch {}
    }, graceMs);
    const result = await entry.exited;
    clearTimeout(late);
    return result;
  }

  const sandboxPort = await freePort();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const portals = [];
  for (let i = 0; i < portalCount; i++) {
    const port = await freePort();
    portals.push({ name: `portal-${i + 1}`, index: i, port, url: `http://127.0.0.1:${port}` });
  }
  const workers = Array.from({ length: workerCount }, (_, i) => ({ name: `worker-${i + 1}`, index: i }));

  const portalEnv = (portal, extra) => ({
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    DIRISHA_DEPLOYMENT: "trial",
    DIRISHA_DIST_DIR: distDir,
    DATABASE_URL: databaseUrl,
    PORTAL_URL: balancer.url,
    KEYS_DIR: keysDir,
    AUTH_SECRET: authSecret,
    RUN_WORKER_IN_PORTAL: "false",
    // A short grace on SIGTERM: the test's balancer checks no readiness, it skips a closed port.
    SHUTDOWN_GRACE_SECONDS: "2",
    TRUSTED_PROXY_HOPS: "1",
    GOVESB_TOKEN_URL: `${tap.url}/govesb/gw/govesb-uaa/oauth/token`,
    GOVESB_ENGINE_URL: `${tap.url}/govesb/engine/esb`,
    MGOV_SMS_URL: `${tap.url}/mgov/quick_sms`,
    GEPG_URL: `${tap.url}/gepg`,
    JOB_POLL_SECONDS: "0.5",
    LOG_LEVEL: "info",
    ...(portal ? { PORT: String(portal.port), HOSTNAME: "127.0.0.1" } : {}),
    ...options.env,
    ...extra,
  });

  async function startPortal(index, { seed = false, env = {} } = {}) {
    const portal = portals[index];
    portal.entry = launch(
      portal.name,
      process.execPath,
      ["server.mjs"],
      portalEnv(portal, { SEED_ON_START: seed ? "true" : "false", ...env }),
    );
    await Promise.race([
      waitFor(`${portal.name} ready`, () => answers200(`${portal.url}/api/health/ready`)),
      portal.entry.exited.then(({ code, signal: sig }) => {
        throw new Error(`${portal.name} exited while starting (${sig ?? `code ${code}`}):\n${tail(portal.entry.logFile)}`);
      }),
    ]);
    say(`${portal.name} ready on ${portal.url}`);
    return portal;
  }

  async function startWorker(index) {
    const worker = workers[index];
    const logFile = path.join(logDir, `${worker.name}.log`);
    const before = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").length : 0;
    worker.entry = launch(
      worker.name,
      path.join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "scripts/run-worker.ts"],
      portalEnv(undefined, {}),
    );
    await Promise.race([
      waitFor(`${worker.name} started`, () => fs.readFileSync(logFile, "utf8").slice(before).includes('"job worker started"')),
      worker.entry.exited.then(({ code, signal: sig }) => {
        throw new Error(`${worker.name} exited while starting (${sig ?? `code ${code}`}):\n${tail(logFile)}`);
      }),
    ]);
    say(`${worker.name} started`);
    return worker;
  }

  async function stop() {
    if (stopped) return;
    stopped = true;
    running.delete(stop);
    // Workers and portals first (gracefully: their jobs in flight finish), then what they talk to.
    await Promise.all([...processes.keys()].filter((name) => name !== "sandbox").map((name) => signal(name, "SIGTERM", 15_000)));
    await signal("sandbox", "SIGTERM", 5_000);
    await Promise.all([balancer?.close(), tap?.close()]);
    await pool?.end().catch(() => {});
    if (admin) {
      await admin
        .query(`drop database if exists "${databaseName}" with (force)`)
        .catch((error) => say(`database not dropped: ${error.message}`));
      await admin.end().catch(() => {});
    }
    process.off("exit", killAllNow);
    if (options.keepLogs) say(`logs kept in ${logDir}`);
    fs.rmSync(options.keepLogs ? keysDir : work, { recursive: true, force: true });
  }

  running.add(stop);
  try {
    admin = new pg.Client({ connectionString: postgresUrl });
    // A database server restarted under the cluster (scripts/faults.mjs) ends this connection:
    // the drop at the end then fails and says so, rather than taking the process down.
    admin.on("error", (error) => say(`admin connection lost: ${error.message}`));
    await admin.connect();
    await dropLeftovers(admin);
    await admin.query(`create database "${databaseName}"`);
    pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    pool.on("error", () => {});
    say(`database ${databaseName}`);

    balancer = createBalancer({
      backends: portals.map(({ name, port }) => ({ name, host: "127.0.0.1", port })),
      port: options.balancerPort ?? 0,
      onEvent: options.onBalancerEvent,
    });
    await balancer.listen();
    tap = createTap({ target: sandboxUrl, record: options.recordHandOffs !== false });
    await tap.listen();

    launch("sandbox", process.execPath, ["sandbox/server.mjs"], {
      ...process.env,
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_HOST: "127.0.0.1",
      SANDBOX_KEYS_DIR: keysDir,
      SANDBOX_PORTAL_EMREJESHO_URL: `${balancer.url}/api/govesb/emrejesho`,
      SANDBOX_PORTAL_APPLICATIONS_URL: `${balancer.url}/api/govesb/applications`,
      SANDBOX_PORTAL_GEPG_URL: `${balancer.url}/api/gepg`,
      SANDBOX_PORTAL_USSD_URL: `${balancer.url}/api/ussd`,
      SANDBOX_PORTAL_SMS_URL: `${balancer.url}/api/sms/inbound`,
      ...options.sandboxEnv,
    });
    await waitFor("sandbox up", () => answers200(`${sandboxUrl}/health`), { ms: 20_000 });
    say(`sandbox on ${sandboxUrl}`);

    if (options.together) {
      // Everything at once, every portal seeding an empty catalogue as a trial machine does: how
      // a fresh deployment whose instances all start together comes up (or does not).
      await Promise.all([...portals.map((_, i) => startPortal(i, { seed: true })), ...workers.map((_, i) => startWorker(i))]);
    } else {
      // The first portal migrates and seeds, the workers beside it (the migrations take turns
      // under a lock; a worker makes the job queue's tables, without which no portal is ready);
      // the other portals start once the first is ready, as a rolling start would.
      await Promise.all([startPortal(0, { seed: true }), ...workers.map((_, i) => startWorker(i))]);
      for (let i = 1; i < portals.length; i++) await startPortal(i);
    }
  } catch (error) {
    const logs = [...processes.values()].map((entry) => `--- ${entry.name} (${entry.logFile})\n${tail(entry.logFile, 20)}`).join("\n");
    await stop().catch(() => {});
    error.message += `\n${logs}`;
    throw error;
  }

  return {
    url: balancer.url,
    sandboxUrl,
    tapUrl: tap.url,
    databaseUrl,
    databaseName,
    keysDir,
    logDir,
    distDir,
    authSecret,
    portals,
    workers,
    balancer,
    tap,
    unexpectedExits,
    /** A query on the cluster's database. */
    query: (text, params) => pool.query(text, params),
    /** Stops a portal: SIGTERM (graceful) or SIGKILL; resolves with its exit. */
    stopPortal: (index, sig = "SIGTERM") => signal(portals[index].name, sig),
    /** Starts a portal again (after stopPortal); `env` adds to or overrides its environment. */
    startPortal: (index, { env } = {}) => startPortal(index, { env }),
    /** Sends a signal to a portal without waiting for it to exit; resolves with its exit later. */
    signalPortal(index, sig) {
      const entry = processes.get(portals[index].name);
      entry.expectedExit = true;
      process.kill(sig === "SIGKILL" ? -entry.child.pid : entry.child.pid, sig);
      return entry.exited;
    },
    stopWorker: (index, sig = "SIGTERM") => signal(workers[index].name, sig),
    startWorker: (index) => startWorker(index),
    /** The environment a portal runs with: for a tsx script on the same database and secrets. */
    env: () => portalEnv(undefined, {}),
    logOf: (name, lines) => tail(path.join(logDir, `${name}.log`), lines),
    stop,
  };
}

// Run alone: start, say where everything is, and stop on Ctrl-C (or SIGTERM).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { ensureNode } = await import("./lib.mjs");
  await ensureNode();
  const started = Date.now();
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log("\ncluster: stopping…");
    await stopAllClusters();
    console.log("cluster: stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  const cluster = await startCluster({
    portals: Number(process.env.CLUSTER_PORTALS ?? 2),
    workers: Number(process.env.CLUSTER_WORKERS ?? 2),
    balancerPort: Number(process.env.CLUSTER_PORT ?? 0),
    // Nobody reads them here: a long benchmark must not keep every message in memory.
    recordHandOffs: false,
    keepLogs: process.env.CLUSTER_KEEP_LOGS === "1",
    together: process.env.CLUSTER_START_TOGETHER === "1",
    log: (line) => console.log(`cluster: ${line}`),
  });
  console.log(
    [
      `\nDirisha cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s (build ${cluster.distDir}):`,
      `  portal (load balancer): ${cluster.url}`,
      ...cluster.portals.map((p) => `  ${p.name}: ${p.url}`),
      `  workers: ${cluster.workers.length}`,
      `  sandbox: ${cluster.sandboxUrl}`,
      `  database: ${cluster.databaseUrl}`,
      `  logs: ${cluster.logDir}`,
      "Ctrl-C stops everything and drops the database.",
    ].join("\n"),
  );
  process.on("exit", () => console.log(`cluster: balancer ${JSON.stringify(cluster.balancer.stats())}`));
}
