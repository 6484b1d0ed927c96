import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ENHANCEMENTS, enhancement, enhancementForFile } from "./index";

describe("the portal's own scripts", () => {
  it("are each under 2 KB gzip, and every file in the folder is listed", () => {
    const files = fs.readdirSync(path.join(import.meta.dirname, "browser")).map((file) => file.replace(/\.js$/, ""));
    expect(files.sort()).toEqual([...ENHANCEMENTS].sort());
    for (const name of ENHANCEMENTS) expect(gzipSync(enhancement(name).body, { level: 9 }).length, name).toBeLessThan(2048);
  });

  it("have an address that changes with their content", () => {
    const { href, version } = enhancement("suggest");
    expect(href).toBe(`/enhance/suggest.${version}.js`);
    expect(enhancementForFile(`suggest.${version}.js`)?.current).toBe(true);
    expect(enhancementForFile("suggest.older0000000.js")?.current).toBe(false);
    expect(enhancementForFile("../suggest.js")).toBeNull();
    expect(enhancementForFile("other.abc.js")).toBeNull();
  });
});
