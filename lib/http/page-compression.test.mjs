import { randomBytes } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chooseEncoding, createPageCompressor } from "./page-compression.mjs";

const page = (words) =>
  Buffer.from(`<!doctype html><html><body>${"<p>Huduma za serikali mahali pamoja. ".repeat(words)}</p></body></html>`);

describe("whole-page compression", () => {
  it("takes brotli where the browser does, else gzip, else none", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(chooseEncoding("gzip")).toBe("gzip");
    expect(chooseEncoding("")).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });

  it("gives back exactly the page, compressed, and leaves small bodies and unwilling clients alone", async () => {
    const { compress } = createPageCompressor();
    const body = page(400);
    const br = await compress(body, "br");
    expect(br.encoding).toBe("br");
    expect(brotliDecompressSync(br.body).equals(body)).toBe(true);
    expect(br.body.length).toBeLessThan(body.length / 10);
    const gz = await compress(body, "gzip");
    expect(gunzipSync(gz.body).equals(body)).toBe(true);
    expect(await compress(Buffer.from("short"), "br")).toEqual({ body: Buffer.from("short") });
    expect((await compress(body, "identity")).encoding).toBeUndefined();
  });

  it("compresses a page version once, however many ask, even at the same moment", async () => {
    const compressor = createPageCompressor();
    const body = page(300);
    const results = await Promise.all(Array.from({ length: 10 }, () => compressor.compress(Buffer.from(body), "br")));
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    await compressor.compress(Buffer.from(body), "br");
    expect(compressor.stats).toEqual({ misses: 1, shared: 9, hits: 1 });
    // Another version of the page is compressed anew.
    await compressor.compress(page(301), "br");
    expect(compressor.stats.misses).toBe(2);
  });

  it("keeps its cache within its bounds, dropping the least recently used first", async () => {
    const compressor = createPageCompressor({ maxEntries: 2 });
    const [a, b, c] = [page(100), page(101), page(102)];
    await compressor.compress(a, "gzip");
    await compressor.compress(b, "gzip");
    await compressor.compress(a, "gzip"); // a is now the most recent
    await compressor.compress(c, "gzip"); // b goes
    expect(compressor.size().entries).toBe(2);
    await compressor.compress(a, "gzip");
    expect(compressor.stats.hits).toBe(2);
    await compressor.compress(b, "gzip");
    expect(compressor.stats.misses).toBe(4);
    const bounded = createPageCompressor({ maxBytes: 64 });
    await bounded.compress(Buffer.concat([page(50), randomBytes(4096)]), "gzip");
    expect(bounded.size()).toEqual({ entries: 0, bytes: 0 });
  });
});
