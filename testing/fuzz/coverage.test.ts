import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, ROUTES } from "./targets";

/*
 * Every Server Action and every route is fuzzed (issue 21): the modules with "use server" and the
 * route files found under app/, lib/ and components/ now, against the list the fuzz files take
 * their targets from (targets.ts). A new action or route fails here until it has a target.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");

function files(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const at = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : files(at, keep);
    return keep(at) ? [at] : [];
  });
}

/** The names a module exports, as its source declares them (`export const { GET, POST } = …` included). */
function exportsOf(file: string): string[] {
  const source = fs.readFileSync(path.join(ROOT, file), "utf8");
  const names = [...source.matchAll(/^export (?:async )?(?:const|function|let) (\w+)/gm)].map((m) => m[1]!);
  for (const m of source.matchAll(/^export const \{([^}]+)\}/gm))
    names.push(
      ...m[1]!.split(",").map((part) =>
        part
          .trim()
          .split(/\s*:\s*/)
          .pop()!,
      ),
    );
  return names.filter((name) => !name.startsWith("$")).sort();
}

describe("what the fuzz tests cover", () => {
  it("has every export of every Server Action module", () => {
    const modules = ["app", "lib", "components"].flatMap((dir) =>
      files(
        dir,
        (file) =>
          /\.(ts|tsx)$/.test(file) &&
          !file.endsWith(".test.ts") &&
          /^["']use server["'];?\s*$/m.test(fs.readFileSync(path.join(ROOT, file), "utf8")),
      ),
    );
    const listed: Record<string, readonly string[]> = { ...ACTIONS.citizen, ...ACTIONS.staff };
    expect(modules.sort()).toEqual(Object.keys(listed).sort());
    for (const file of modules) expect(exportsOf(file), file).toEqual([...listed[file]!].sort());
  });

  it("has every method of every route", () => {
    const routes = files("app", (file) => file.endsWith("/route.ts"));
    const listed: Record<string, readonly string[]> = Object.assign({}, ...Object.values(ROUTES));
    expect(routes.sort()).toEqual(Object.keys(listed).sort());
    for (const file of routes) expect(exportsOf(file), file).toEqual([...listed[file]!].sort());
  });
});
