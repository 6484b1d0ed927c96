#!/usr/bin/env node
// The secret scan of `npm test` (issue 21), run after the production build: no file a browser can
// fetch from the build (DIRISHA_DIST_DIR, else .next-test, else .next: /_next/static, the pages
// rendered at build time, public/) and no file git tracks holds a secret: the values of the
// portal's secret variables as set here (npm test builds with made-up ones, so that a value that
// reached the client would be found), the keys in KEYS_DIR, a private key in PEM form, a token
// of a well-known shape (lib/security/secret-scan.mjs). Node's test runner, so that `npm test`
// counts its results; `node --test scripts/secret-scan.mjs` runs it alone.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { clientFiles, scanFiles, secretValues, trackedFiles } from "../lib/security/secret-scan.mjs";

const root = path.resolve(import.meta.dirname, "..");
const distDir = path.resolve(
  root,
  process.env.DIRISHA_DIST_DIR ?? [".next-test", ".next"].find((dir) => fs.existsSync(path.join(root, dir, "BUILD_ID"))) ?? ".next-test",
);
const values = secretValues(process.env, { root });

test("the scan knows the secrets to look for", () => {
  console.log(
    `looking for ${values.length} secret values (${values.map((v) => v.name).join("; ") || "none set here"}) and the known shapes`,
  );
  // `npm test` sets made-up secrets for the build and the scan (scripts/test.mjs).
  if (process.env.SECRET_SCAN_EXPECT_VALUES)
    assert.ok(values.length >= Number(process.env.SECRET_SCAN_EXPECT_VALUES), "the secrets set for the build are missing");
});

test("no file a browser can fetch from the build holds a secret", () => {
  assert.ok(fs.existsSync(path.join(distDir, "BUILD_ID")), `no production build in ${path.relative(root, distDir)}`);
  const files = clientFiles({ root, distDir });
  assert.ok(
    files.some((file) => file.includes(`${path.sep}static${path.sep}`)),
    "the build has no static files",
  );
  assert.deepEqual(scanFiles(files, values, { root }), []);
  console.log(`${files.length} files a browser can fetch: no secret`);
});

test("no file git tracks holds a secret", () => {
  const files = trackedFiles({ root });
  assert.ok(files.length > 100, "the project's files were not found");
  assert.deepEqual(scanFiles(files, values, { root }), []);
  console.log(`${files.length} tracked files: no secret`);
});
