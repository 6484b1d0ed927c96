// The start scripts' version check and re-execution under a fetched Node.js, with a fake old
// version, a fake npm and a fake cached node, so that the path a person on Node 20 takes is tested
// on every machine. The last test runs the real `scripts/start.mjs` under a real older Node.js
// when the machine has one (these machines ship Node 20).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findBrowser, installedBrowser, playwrightChromium, systemChromium } from "./browser.mjs";
import { ensureNode, installNode, isAtLeast, minimumNode, nodeCacheDir, wantedMajor } from "./node-runtime.mjs";

const root = path.resolve(import.meta.dirname, "..");
let tmp;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-node-runtime-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * A stand-in for the node binary that `npm install node@24` puts in node_modules/.bin: answers
 * --version, and otherwise records how it was started and exits with 7.
 */
function fakeNodeScript(record) {
  return [
    "#!/bin/sh",
    'if [ "$1" = "--version" ]; then echo v24.99.0; exit 0; fi',
    `{ echo "args:$*"; echo "path:$PATH"; echo "rerun:$DIRISHA_NODE_RERUN"; } > "${record}"`,
    "exit 7",
    "",
  ].join("\n");
}

function putFakeNode(cacheDir, record) {
  const binDir = path.join(cacheDir, "node_modules", ".bin");
  fs.mkdirSync(binDir, { recursive: true });
  fs.writeFileSync(path.join(binDir, "node"), fakeNodeScript(record), { mode: 0o755 });
}

/** A stand-in for npm: records its arguments and installs the fake node under --prefix. */
function fakeNpm(record, nodeRecord, { fail = false } = {}) {
  const file = path.join(tmp, "fake-npm.mjs");
  fs.writeFileSync(
    file,
    `import fs from "node:fs"; import path from "node:path";
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify(args));
if (${fail}) process.exit(3);
const prefix = args[args.indexOf("--prefix") + 1];
const bin = path.join(prefix, "node_modules", ".bin");
fs.mkdirSync(bin, { recursive: true });
fs.writeFileSync(path.join(bin, "node"), ${JSON.stringify(fakeNodeScript(nodeRecord))}, { mode: 0o755 });
`,
  );
  return [process.execPath, file];
}

function readRecord(file) {
  const lines = fs.readFileSync(file, "utf8").trim().split("\n");
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]));
}

describe("the Node.js version check", () => {
  it("compares versions part by part", () => {
    expect(isAtLeast("20.20.2", "22.12")).toBe(false);
    expect(isAtLeast("v22.11.9", "22.12")).toBe(false);
    expect(isAtLeast("22.12.0", "22.12")).toBe(true);
    expect(isAtLeast("v24.0.0", "22.12")).toBe(true);
    expect(isAtLeast("100.0.0", "22.12")).toBe(true);
  });

  it("takes the minimum from package.json and the version to fetch from .nvmrc", () => {
    expect(minimumNode()).toBe("22.12");
    expect(wantedMajor()).toBe(24);
    expect(nodeCacheDir({ HOME: "/home/x", XDG_CACHE_HOME: "/c" }, 24)).toBe("/c/node24");
    expect(nodeCacheDir({ DIRISHA_NODE_CACHE: "/opt/node" }, 24)).toBe("/opt/node");
  });

  it("does nothing on a suitable Node.js", async () => {
    const said = [];
    const result = await ensureNode({
      version: "24.1.0",
      cacheDir: path.join(tmp, "cache"),
      install: () => {
        throw new Error("must not install");
      },
      say: (line) => said.push(line),
      exit: (code) => code,
    });
    expect(result).toBeUndefined();
    expect(said).toEqual([]);
    expect(fs.existsSync(path.join(tmp, "cache"))).toBe(false);
  });
});

describe("on a Node.js older than the project needs", () => {
  it("fetches Node.js 24 through npm into the cache, says so in one line and runs the script again under it", async () => {
    const cacheDir = path.join(tmp, "cache", "node24");
    const npmRecord = path.join(tmp, "npm-args.json");
    const nodeRecord = path.join(tmp, "node-run.txt");
    const said = [];
    const code = await ensureNode({
      version: "20.20.2",
      argv: ["/usr/bin/node", path.join(root, "scripts", "start.mjs"), "--flag"],
      env: { PATH: "/usr/bin:/bin" },
      cacheDir,
      install: (dir) => installNode(dir, { major: 24, env: {}, npm: fakeNpm(npmRecord, nodeRecord) }),
      say: (line) => said.push(line),
      exit: (c) => c,
    });

    expect(said).toEqual([
      `Node.js 20.20.2 is older than Dirisha needs (22.12): fetching Node.js 24 from the npm registry into ${cacheDir} (once).`,
    ]);
    const npmArgs = JSON.parse(fs.readFileSync(npmRecord, "utf8"));
    expect(npmArgs[0]).toBe("install");
    expect(npmArgs).toContain("node@24");
    // Installed next to the cache first, then moved into place whole.
    expect(npmArgs[npmArgs.indexOf("--prefix") + 1]).toBe(`${cacheDir}.partial-${process.pid}`);
    expect(fs.existsSync(`${cacheDir}.partial-${process.pid}`)).toBe(false);
    expect(fs.existsSync(path.join(cacheDir, "node_modules", ".bin", "node"))).toBe(true);

    // The same script with the same arguments, under the fetched node, which is first on PATH.
    expect(code).toBe(7);
    const run = readRecord(nodeRecord);
    expect(run.args).toBe(`${path.join(root, "scripts", "start.mjs")} --flag`);
    expect(run.path).toBe(`${path.join(cacheDir, "node_modules", ".bin")}:/usr/bin:/bin`);
    expect(run.rerun).toBe("1");
  });

  it("uses a Node.js fetched before without fetching again", async () => {
    const cacheDir = path.join(tmp, "node24");
    const nodeRecord = path.join(tmp, "node-run.txt");
    putFakeNode(cacheDir, nodeRecord);
    const said = [];
    const code = await ensureNode({
      version: "20.20.2",
      argv: ["/usr/bin/node", path.join(root, "scripts", "test.mjs")],
      env: { PATH: "/usr/bin" },
      cacheDir,
      install: () => {
        throw new Error("must not install again");
      },
      say: (line) => said.push(line),
      exit: (c) => c,
    });
    expect(said).toEqual([`Node.js 20.20.2 is older than Dirisha needs (22.12): using Node.js 24.99.0 from ${cacheDir}.`]);
    expect(code).toBe(7);
    expect(readRecord(nodeRecord).args).toBe(path.join(root, "scripts", "test.mjs"));
  });

  it("stops with a clear message, and leaves no half-filled cache, when npm cannot fetch Node.js", async () => {
    const cacheDir = path.join(tmp, "node24");
    const errors = [];
    const original = console.error;
    console.error = (line) => errors.push(String(line));
    try {
      const code = await ensureNode({
        version: "20.20.2",
        argv: ["/usr/bin/node", "scripts/start.mjs"],
        env: {},
        cacheDir,
        install: (dir) => installNode(dir, { major: 24, env: {}, npm: fakeNpm(path.join(tmp, "a"), path.join(tmp, "b"), { fail: true }) }),
        say: () => {},
        exit: (c) => c,
      });
      expect(code).toBe(1);
    } finally {
      console.error = original;
    }
    expect(errors.join("\n")).toMatch(/Could not fetch Node.js 24: npm could not install node@24 \(exit code 3\)/);
    expect(errors.join("\n")).toMatch(/Install Node.js 22.12 or newer/);
    expect(fs.readdirSync(tmp).filter((name) => name.startsWith("node24"))).toEqual([]);
  });

  it("never loops: a script started again that still finds an old Node.js stops", async () => {
    const errors = [];
    const original = console.error;
    console.error = (line) => errors.push(String(line));
    try {
      const code = await ensureNode({
        version: "20.20.2",
        argv: ["/usr/bin/node", path.join(root, "scripts", "dev.mjs")],
        env: { DIRISHA_NODE_RERUN: "1" },
        cacheDir: path.join(tmp, "node24"),
        install: () => {
          throw new Error("must not install");
        },
        say: () => {},
        exit: (c) => c,
      });
      expect(code).toBe(1);
    } finally {
      console.error = original;
    }
    expect(errors[0]).toMatch(/scripts\/dev.mjs is running on 20.20.2 even after switching/);
  });
});

/** A Node.js on this machine older than the project needs, if there is one. */
function olderNode() {
  for (const candidate of ["/usr/bin/node", "/usr/local/bin/node", "/bin/node"]) {
    const result = spawnSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" });
    if (result.status === 0 && !isAtLeast(result.stdout.trim(), minimumNode())) return candidate;
  }
  return undefined;
}

const oldNode = olderNode();
describe.skipIf(!oldNode)(`the real start and worker scripts under this machine's ${oldNode ?? "(no older Node.js here)"}`, () => {
  it.each(["start", "worker"])("scripts/%s.mjs runs itself again under the cached Node.js", (name) => {
    const cacheDir = path.join(tmp, "node24");
    const nodeRecord = path.join(tmp, "node-run.txt");
    putFakeNode(cacheDir, nodeRecord);
    const result = spawnSync(oldNode, [path.join("scripts", `${name}.mjs`)], {
      cwd: root,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: tmp, DIRISHA_NODE_CACHE: cacheDir },
    });
    expect(result.stdout).toContain(`older than Dirisha needs (22.12): using Node.js 24.99.0 from ${cacheDir}.`);
    expect(result.status).toBe(7);
    expect(readRecord(nodeRecord).args).toBe(path.join(root, "scripts", `${name}.mjs`));
  });
});

describe("the browser for the end-to-end tests", () => {
  function fakeChromium() {
    const dir = path.join(tmp, "bin");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "chromium"), "#!/bin/sh\n", { mode: 0o755 });
    return path.join(dir, "chromium");
  }
  const notInstalled = () => ({ executable: "/nowhere/chrome", installed: false });

  it("is Playwright's own when installed", () => {
    const found = findBrowser({ env: {}, playwright: () => ({ executable: "/pw/chrome", installed: true }), say: () => {} });
    expect(found).toEqual({ source: "Playwright's own Chromium", executable: undefined });
  });

  it("is Playwright's own when it can be installed now", () => {
    let installed = false;
    const found = findBrowser({
      env: { PATH: path.dirname(fakeChromium()) },
      playwright: () => ({ executable: "/pw/chrome", installed }),
      install: () => (installed = true),
      say: () => {},
    });
    expect(found?.source).toBe("Playwright's own Chromium (installed now)");
  });

  it("is the system's Chromium when Playwright cannot install its own", () => {
    const chromium = fakeChromium();
    const found = findBrowser({ env: { PATH: path.dirname(chromium) }, playwright: notInstalled, install: () => false, say: () => {} });
    expect(found).toEqual({ source: "the system's Chromium", executable: chromium });
    expect(systemChromium({ PATH: path.dirname(chromium) }, [])).toBe(chromium);
  });

  it("without installing anything (the e2e config's look-up), falls back to the system's Chromium", () => {
    const chromium = fakeChromium();
    const found = installedBrowser({ PATH: path.dirname(chromium) });
    if (playwrightChromium().installed) expect(found?.source).toBe("Playwright's own Chromium");
    else expect(found).toEqual({ source: "the system's Chromium", executable: chromium });
  });

  it("is none when there is neither (npm test then stops before the browser tests)", () => {
    const env = { PATH: path.join(tmp, "empty") };
    expect(systemChromium(env, [])).toBeUndefined();
    const found = findBrowser({ env, playwright: notInstalled, install: () => false, system: (e) => systemChromium(e, []), say: () => {} });
    expect(found).toBeUndefined();
  });
});
