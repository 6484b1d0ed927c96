import fs from "node:fs";
import path from "node:path";
import * as staticInfo from "next/dist/build/analysis/get-page-static-info";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { config } from "@/proxy";

const root = path.resolve(import.meta.dirname, "../..");
// How Next turns the proxy's matcher into the expressions it tests each path with (not in its types).
const { getMiddlewareMatchers } = staticInfo as unknown as {
  getMiddlewareMatchers: (matcher: unknown, config: unknown) => { regexp: string }[];
};

describe("the favicon", () => {
  const icon = fs.readFileSync(path.join(root, "public/favicon.ico"));

  it("is a real icon, 16 and 32 pixels, in a few hundred bytes", () => {
    expect(icon.length).toBeLessThan(1024);
    // ICONDIR: reserved 0, type 1 (icon), then one 16-byte entry per image.
    expect(icon.readUInt16LE(0)).toBe(0);
    expect(icon.readUInt16LE(2)).toBe(1);
    const count = icon.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const bytes = icon.readUInt32LE(entry + 8);
      const offset = icon.readUInt32LE(entry + 12);
      expect(offset + bytes).toBeLessThanOrEqual(icon.length);
      const image = icon.subarray(offset, offset + bytes);
      expect(image.subarray(0, 8).toString("latin1")).toBe("\x89PNG\r\n\x1a\n");
      // The PNG's own width and height agree with the directory's.
      expect(image.readUInt32BE(16)).toBe(icon[entry] || 256);
      expect(image.readUInt32BE(20)).toBe(icon[entry + 1] || 256);
      sizes.push(icon[entry]!);
    }
    expect(sizes.sort((a, b) => a - b)).toEqual([16, 32]);
  });

  it("is served as a file, never sent through the proxy (which would redirect it to /sw/favicon.ico)", () => {
    const matchers = getMiddlewareMatchers(config.matcher, {}).map((m) => new RegExp(m.regexp));
    const proxied = (pathname: string) => matchers.some((m) => m.test(pathname));
    expect(proxied("/favicon.ico")).toBe(false);
    expect(proxied("/sw/services")).toBe(true);
    expect(proxied("/")).toBe(true);
    expect(proxied("/favicon.icon")).toBe(true);
  });

  it("is kept in the browser's cache for weeks", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const cache = rules.find((r) => r.source === "/favicon.ico")?.headers.find((h) => h.key === "Cache-Control")?.value ?? "";
    const maxAge = Number(/max-age=(\d+)/.exec(cache)?.[1] ?? 0);
    expect(cache).toMatch(/^public\b/);
    expect(maxAge).toBeGreaterThanOrEqual(7 * 24 * 3600);
  });
});
