// The secret scan (issue 21): the files a browser can fetch from a build, and the files git
// tracks, must hold none of the portal's secrets: not the value of a secret variable as set where
// the scan runs (AUTH_SECRET and the shared secrets and keys of lib/env.ts), not a key made in
// KEYS_DIR (lib/keys.ts), not a private key in PEM form, not a token of a well-known shape.
// scripts/secret-scan.mjs runs it after the production build in `npm test`; plain JavaScript so
// that it runs under Node alone. What it reports names the file and the kind of secret, never
// the secret.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The variables of lib/env.ts whose values are secrets (DATABASE_URL: its password only). */
export const SECRET_VARIABLES = [
  "AUTH_SECRET",
  "GOVESB_CLIENT_SECRET",
  "MGOV_API_KEY",
  "USSD_SECRET",
  "SMS_INBOUND_SECRET",
  "METRICS_TOKEN",
  // deploy/compose.yaml's database password.
  "DIRISHA_DB_PASSWORD",
];
/** The variables naming a private key's file. */
export const KEY_FILE_VARIABLES = ["GOVESB_PRIVATE_KEY_FILE", "GEPG_PRIVATE_KEY_FILE"];

/** Shorter values are not looked for: they would be found by chance. */
const SHORTEST = 8;

/**
 * Secrets by their shape, wherever they come from. A connection address's password is one
 * unless it is a placeholder of the examples (".env.example", deploy/), which are documentation.
 */
export const TOKEN_SHAPES = [
  { name: "a private key in PEM form", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/g },
  { name: "an AWS access key", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { name: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { name: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { name: "a Stripe live key", pattern: /\b[sr]k_live_[0-9A-Za-z]{16,}/g },
  { name: "an npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { name: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  {
    name: "a password in a connection address",
    pattern: /\b(?:postgres(?:ql)?|mysql|redis|amqp|mongodb(?:\+srv)?):\/\/[^\s:@/'"`]+:([^\s:@/'"`]+)@/g,
    allowed: (match) => /^(\$\{[A-Z0-9_]+\}|<[^>]+>|secret|s3cret|password)$/.test(match[1] ?? ""),
  },
];

/**
 * The public values of lib/env.ts's sandbox defaults: a trial machine's "secrets", written in
 * the source on purpose, so not looked for (lib/env.ts itself would be found).
 */
export function sandboxDefaults(root) {
  const source = fs.readFileSync(path.join(root, "lib", "env.ts"), "utf8");
  const block = /const sandboxDefaults = \{([\s\S]*?)\} as const/.exec(source)?.[1] ?? "";
  return new Set([...block.matchAll(/^\s*[A-Z0-9_]+:\s*"([^"]*)"/gm)].map((match) => match[1]));
}

/** The base64 lines of a PEM private key (the key itself, whatever wraps it). */
function keyLines(text) {
  if (!/PRIVATE KEY/.test(text)) return [];
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => /^[A-Za-z0-9+/=]{40,}$/.test(line));
}

/**
 * What the scan looks for, as { name, value }: the secret variables' values as set in `env`
 * (sandbox defaults aside), the database password, the private keys named by `env` and every
 * secret made in KEYS_DIR (the session secret, the portal's private keys).
 */
export function secretValues(env, { root }) {
  const publicValues = sandboxDefaults(root);
  const found = [];
  const add = (name, value) => {
    if (typeof value === "string" && value.length >= SHORTEST && !publicValues.has(value)) found.push({ name, value });
  };
  for (const name of SECRET_VARIABLES) add(`the value of ${name}`, env[name]);
  if (env.DATABASE_URL) {
    try {
      add("the password of DATABASE_URL", decodeURIComponent(new URL(env.DATABASE_URL).password));
    } catch {
      // Not an address: lib/env.ts refuses it anyway.
    }
  }
  const keyFiles = KEY_FILE_VARIABLES.filter((name) => env[name]).map((name) => [name, path.resolve(root, env[name])]);
  const keysDir = path.resolve(root, env.KEYS_DIR ?? ".data/keys");
  if (fs.existsSync(keysDir)) {
    for (const entry of fs.readdirSync(keysDir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(keysDir, entry.name);
      if (entry.name === "auth-secret") add("the session secret made in KEYS_DIR", fs.readFileSync(file, "utf8").trim());
      else if (entry.name.endsWith(".pem")) keyFiles.push([`KEYS_DIR/${entry.name}`, file]);
    }
  }
  for (const [name, file] of keyFiles) {
    if (!fs.existsSync(file)) continue;
    for (const line of keyLines(fs.readFileSync(file, "utf8"))) add(`the private key ${name}`, line);
  }
  // One report per secret and file is enough: the same value under two names is looked for once.
  const seen = new Set();
  return found.filter(({ value }) => !seen.has(value) && seen.add(value));
}

/** What one file's bytes hold: each kind of secret found once, as "file: kind". */
export function scanBytes(bytes, label, values) {
  const findings = new Set();
  for (const { name, value } of values) if (bytes.includes(value)) findings.add(`${label}: ${name}`);
  const text = bytes.toString("latin1");
  for (const shape of TOKEN_SHAPES) {
    for (const match of text.matchAll(shape.pattern)) {
      if (shape.allowed?.(match)) continue;
      findings.add(`${label}: ${shape.name}`);
      break;
    }
  }
  return [...findings];
}

/** Every finding in these files, labelled by their path from `root`. */
export function scanFiles(files, values, { root }) {
  return files.flatMap((file) => scanBytes(fs.readFileSync(file), path.relative(root, file), values));
}

function walk(dir, keep = () => true) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(full, keep));
    else if (entry.isFile() && keep(full)) found.push(full);
  }
  return found;
}

/**
 * The files of a build a browser can fetch: the framework's static files (/_next/static), the
 * pages and route answers rendered at build time, and public/.
 */
export function clientFiles({ root, distDir }) {
  return [
    ...walk(path.join(distDir, "static")),
    ...walk(path.join(distDir, "server", "app"), (file) => /\.(html|rsc|body|meta|json)$/.test(file) && !/\.js\.nft\.json$/.test(file)),
    ...walk(path.join(root, "public")),
  ];
}

/** Folders that are never the project's own files (when git cannot list them). */
const NOT_TRACKED = new Set(["node_modules", ".git", ".data", "test-results", "playwright-report", "coverage"]);

/** The files git tracks (that still exist); without git, every file but the ignored folders. */
export function trackedFiles({ root }) {
  try {
    const listed = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return listed
      .split("\0")
      .filter(Boolean)
      .map((file) => path.join(root, file))
      .filter((file) => fs.existsSync(file) && fs.statSync(file).isFile());
  } catch {
    const files = [];
    const visit = (dir) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (NOT_TRACKED.has(entry.name) || entry.name.startsWith(".next")) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.isFile()) files.push(full);
      }
    };
    visit(root);
    return files;
  }
}
