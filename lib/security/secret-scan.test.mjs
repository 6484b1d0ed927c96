import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFiles, sandboxDefaults, scanBytes, scanFiles, secretValues } from "./secret-scan.mjs";

// The secrets planted here are made as the test runs, so that this file itself holds none.
const root = path.resolve(import.meta.dirname, "..", "..");
const pemHeader = ["-----BEGIN", "PRIVATE", "KEY-----"].join(" ");

describe("the secret scan", () => {
  let dir;
  let keysDir;
  let key;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-secret-scan-"));
    keysDir = path.join(dir, "keys");
    fs.mkdirSync(keysDir);
    fs.writeFileSync(path.join(keysDir, "auth-secret"), "made-in-keys-dir-" + randomBytes(16).toString("hex"));
    key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
    fs.writeFileSync(path.join(keysDir, "govesb-private.pem"), key);
    fs.writeFileSync(path.join(keysDir, "govesb-public.pem"), "-----BEGIN PUBLIC KEY-----\nnot secret\n-----END PUBLIC KEY-----\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("looks for the secret variables' values as set, the database password and the keys in KEYS_DIR; not the sandbox's public defaults", () => {
    const authSecret = randomBytes(24).toString("base64url");
    const values = secretValues(
      {
        AUTH_SECRET: authSecret,
        MGOV_API_KEY: "sandbox-mgov-api-key",
        USSD_SECRET: "short",
        DATABASE_URL: `${"postgres"}://dirisha:p%40ss-word-123@db.internal:5432/dirisha`,
        KEYS_DIR: keysDir,
      },
      { root },
    );
    const byName = Object.fromEntries(values.map(({ name, value }) => [name, value]));
    expect(byName["the value of AUTH_SECRET"]).toBe(authSecret);
    expect(byName["the password of DATABASE_URL"]).toBe("p@ss-word-123");
    expect(byName["the session secret made in KEYS_DIR"]).toMatch(/^made-in-keys-dir-/);
    expect(values.filter(({ name }) => name === "the private key KEYS_DIR/govesb-private.pem").length).toBeGreaterThan(10);
    // A trial machine's defaults are written in lib/env.ts on purpose; a short value would be found by chance.
    expect(sandboxDefaults(root)).toContain("sandbox-mgov-api-key");
    expect(Object.keys(byName)).not.toContain("the value of MGOV_API_KEY");
    expect(Object.keys(byName)).not.toContain("the value of USSD_SECRET");
    expect(values.some(({ name }) => name.includes("govesb-public"))).toBe(false);
  });

  it("finds a planted secret in a build's client files, naming the file and the kind, never the secret", () => {
    const dist = path.join(dir, "dist");
    const chunk = path.join(dist, "static", "chunks", "app.js");
    const page = path.join(dist, "server", "app", "sw.html");
    fs.mkdirSync(path.dirname(chunk), { recursive: true });
    fs.mkdirSync(path.dirname(page), { recursive: true });
    fs.writeFileSync(chunk, 'self.x=function(){return"hello"};');
    fs.writeFileSync(page, "<!doctype html><p>Karibu</p>");
    // Server code is not sent to browsers; its tracing files neither.
    fs.writeFileSync(path.join(dist, "server", "app", "page.js"), "module.exports = {}");
    fs.writeFileSync(path.join(dist, "server", "app", "page.js.nft.json"), "{}");
    const files = clientFiles({ root: dir, distDir: dist });
    expect(files.map((file) => path.relative(dist, file)).sort()).toEqual([
      path.join("server", "app", "sw.html"),
      path.join("static", "chunks", "app.js"),
    ]);

    const secret = randomBytes(24).toString("base64url");
    const values = [{ name: "the value of AUTH_SECRET", value: secret }];
    expect(scanFiles(files, values, { root: dir })).toEqual([]);
    fs.appendFileSync(chunk, `var s="${secret}";`);
    const findings = scanFiles(files, values, { root: dir });
    expect(findings).toEqual([`${path.join("dist", "static", "chunks", "app.js")}: the value of AUTH_SECRET`]);
    expect(findings.join()).not.toContain(secret);
    fs.appendFileSync(page, `<pre>${key}</pre>`);
    expect(scanFiles(files, values, { root: dir })).toContain(
      `${path.join("dist", "server", "app", "sw.html")}: a private key in PEM form`,
    );
  });

  it("knows the shapes of private keys and well-known tokens, and lets the examples' placeholders be", () => {
    const found = (text) => scanBytes(Buffer.from(text), "f", []);
    expect(found(`${pemHeader}\nMIIE...`)).toEqual(["f: a private key in PEM form"]);
    expect(found(["-----BEGIN", "RSA", "PRIVATE", "KEY-----"].join(" "))).toEqual(["f: a private key in PEM form"]);
    expect(found(["-----BEGIN", "OPENSSH", "PRIVATE", "KEY-----"].join(" "))).toEqual(["f: a private key in PEM form"]);
    expect(found(["AKIA", "IOSFODNN7EXAMPLE"].join(""))).toEqual(["f: an AWS access key"]);
    expect(found(`token=${["ghp", "_"].join("")}${"a1B2".repeat(9)}`)).toEqual(["f: a GitHub token"]);
    expect(found(`${["xoxb", "-"].join("")}1234567890-abcdefghij`)).toEqual(["f: a Slack token"]);
    expect(found(`key=${["AI", "za"].join("")}${"x".repeat(35)}`)).toEqual(["f: a Google API key"]);
    expect(found(`${["npm", "_"].join("")}${"A1b2".repeat(9)}`)).toEqual(["f: an npm token"]);
    const jwt = ["ey" + "J" + "hbGciOiJIUzI1NiJ9", "ey" + "J" + "zdWIiOiIxMjM0NTYifQ", "c2lnbmF0dXJlLXNpZ25hdHVyZQ"].join(".");
    expect(found(jwt)).toEqual(["f: a JSON Web Token"]);
    expect(found(`${"postgres"}://dirisha:Hx7-real-one@db:5432/x`)).toEqual(["f: a password in a connection address"]);
    // The examples in .env.example and deploy/: placeholders, not secrets.
    for (const example of ["secret", "<password>", "${DIRISHA_DB_PASSWORD}"])
      expect(found(`${"postgres"}://dirisha:${example}@db:5432/x`), example).toEqual([]);
    // Public keys, and words about keys, are not secrets.
    expect(found("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----")).toEqual([]);
    expect(found("the portal's private key signs each request")).toEqual([]);
  });
});
