import http from "node:http";
import { expect, test } from "../fixtures";
import { cataloguePages, locales, shellPages } from "../pages";

/*
 * Every public page fits the first flight of a new connection (issue 15): its first HTML
 * response, as the portal compresses it, at most 14 KB gzip and 11 KB brotli. Sizes are
 * deterministic for a given catalogue, so they are tested; times belong in bench/.
 */
const BUDGET = { gzip: 14 * 1024, br: 11 * 1024 };

/** Bytes on the wire of one page in one encoding (the response body as sent, not decoded). */
function wireSize(url: string, encoding: "gzip" | "br"): Promise<{ status: number; size: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "accept-encoding": encoding } }, (res) => {
        let size = 0;
        res.on("data", (chunk: Buffer) => (size += chunk.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, size, encoding: String(res.headers["content-encoding"] ?? "none") }));
      })
      .on("error", reject);
  });
}

type Listing = { slug: string | Record<"sw" | "en", string> };

async function everyPage(baseURL: string): Promise<string[]> {
  const list = async (what: string): Promise<Listing[]> => {
    const rows: Listing[] = [];
    for (let page = 1; ; page++) {
      const body = (await (await fetch(`${baseURL}/api/v1/${what}?per_page=100&page=${page}`)).json()) as {
        data: Listing[];
        meta?: { totalPages: number };
      };
      rows.push(...body.data);
      if (!body.meta || page >= body.meta.totalPages) return rows;
    }
  };
  const slugIn = (row: Listing, locale: "sw" | "en") => (typeof row.slug === "string" ? row.slug : row.slug[locale]);
  const [services, institutions, categories, lifeEvents] = await Promise.all([
    list("services"),
    list("institutions"),
    list("categories"),
    list("life-events"),
  ]);
  const paths: string[] = [];
  for (const locale of locales) {
    for (const { path } of [...shellPages, ...cataloguePages]) paths.push(`/${locale}${path[locale]}`);
    paths.push(`/${locale}/sign-in`, `/${locale}/no-such-page`);
    for (const row of services) paths.push(`/${locale}/services/${slugIn(row, locale)}`);
    for (const row of institutions) paths.push(`/${locale}/institutions/${slugIn(row, locale)}`);
    // Each page of the long lists (every category and life event among them), followed by their "next" links.
    for (const start of [
      `/${locale}/services`,
      `/${locale}/institutions`,
      `/${locale}/search?q=a`,
      ...categories.map((row) => `/${locale}/categories/${slugIn(row, locale)}`),
      ...lifeEvents.map((row) => `/${locale}/life-events/${slugIn(row, locale)}`),
    ]) {
      let next: string | undefined = start;
      for (let hops = 0; next && hops < 60; hops++) {
        paths.push(next);
        const html = await (await fetch(baseURL + next)).text();
        next = /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
      }
    }
  }
  return [...new Set(paths)];
}

test("every public page's HTML fits the first flight: 14 KB gzip, 11 KB brotli", async ({ baseURL }) => {
  test.setTimeout(240_000);
  const paths = await everyPage(baseURL!);
  expect(paths.length).toBeGreaterThan(400);
  const over: string[] = [];
  let largest = { path: "", gzip: 0, br: 0 };
  // A few at a time: the portal renders each page once and compresses it once per encoding.
  for (let i = 0; i < paths.length; i += 4) {
    await Promise.all(
      paths.slice(i, i + 4).map(async (path) => {
        const gzip = await wireSize(baseURL + path, "gzip");
        const br = await wireSize(baseURL + path, "br");
        expect([200, 404], path).toContain(gzip.status);
        expect(gzip.encoding, path).toBe("gzip");
        expect(br.encoding, path).toBe("br");
        if (gzip.size > BUDGET.gzip || br.size > BUDGET.br) over.push(`${path}: ${gzip.size} B gzip, ${br.size} B brotli`);
        if (gzip.size > largest.gzip) largest = { path, gzip: gzip.size, br: br.size };
      }),
    );
  }
  test.info().annotations.push({ type: "largest page", description: `${largest.path}: ${largest.gzip} B gzip, ${largest.br} B brotli` });
  expect(over, `pages over the first flight (of ${paths.length})`).toEqual([]);
});
