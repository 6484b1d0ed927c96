import http from "node:http";
import { expect, test, type Page } from "../fixtures";
import { catalogue } from "../catalogue-data";
import { locales } from "../pages";

test.use({ javaScriptEnabled: false });

// What a new connection delivers in its first round trip (docs/performance.md).
const FIRST_FLIGHT = 14 * 1024;

const words = {
  sw: {
    index: "Huduma kwa herufi ya kwanza",
    pages: "Kurasa za huduma zote",
    pageOf: /Ukurasa (\d+) kati ya (\d+)/,
    next: /^Ukurasa unaofuata/,
    previous: /^Ukurasa uliotangulia/,
  },
  en: {
    index: "Services by first letter",
    pages: "Pages of all services",
    pageOf: /Page (\d+) of (\d+)/,
    next: /^Next page/,
    previous: /^Previous page/,
  },
};

/** The first letter a person sees in a name, without accents. */
const initial = (name: string) => /[\p{L}\p{N}]/u.exec(name.normalize("NFD").replace(/\p{M}/gu, ""))![0].toUpperCase();

/** Every service's name in the page's language, A–Z as a reader of that language sorts them. */
function expectedOrder(locale: "sw" | "en") {
  const collator = new Intl.Collator(locale, { numeric: true });
  return catalogue.services.map((s) => s.name[locale]).sort((a, b) => initial(a).localeCompare(initial(b)) || collator.compare(a, b));
}

const serviceLinks = (page: Page) => page.locator("main h2 + ul > li > a");

/** Bytes of the page on the wire, compressed as the portal sends it to a browser that takes gzip. */
function gzipBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "accept-encoding": "gzip" } }, (res) => {
        let size = 0;
        res.on("data", (chunk: Buffer) => (size += chunk.length));
        res.on("end", () =>
          res.headers["content-encoding"] === "gzip" || size < 1024 ? resolve(size) : reject(new Error("not compressed")),
        );
      })
      .on("error", reject);
  });
}

for (const locale of locales) {
  const w = words[locale];

  test(`the letter index leads to a letter's services (${locale})`, async ({ page }) => {
    await page.goto(`/${locale}/services`);
    const index = page.getByRole("navigation", { name: w.index });
    const initials = new Set(catalogue.services.map((s) => initial(s.name[locale])));
    for (const letter of initials) await expect(index.getByRole("link", { name: letter, exact: true })).toBeVisible();
    // A letter no service starts with is shown, but leads nowhere.
    const empty = [..."ABCDEFGHIJKLMNOPRSTUVWYZ"].find((l) => !initials.has(l))!;
    await expect(index.getByText(`${empty} (${locale === "sw" ? "hakuna huduma" : "no services"})`, { exact: true })).toBeVisible();
    await expect(index.getByRole("link", { name: empty, exact: true })).toHaveCount(0);

    // A letter further on: its link opens the page where its services begin, at its heading.
    const names = expectedOrder(locale);
    const letter = initial(names[Math.floor(names.length * 0.6)]!);
    await index.getByRole("link", { name: letter, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/services\\?page=\\d+#[a-z]+-${letter.toLowerCase()}$`));
    const heading = page.getByRole("heading", { level: 2, name: letter, exact: true });
    await expect(heading).toBeVisible();
    const first = names.find((n) => initial(n) === letter)!;
    await expect(page.locator(`h2:text-is("${letter}") + ul > li > a`).first()).toHaveText(first);
    // The index is on every page.
    await expect(page.getByRole("navigation", { name: w.index }).getByRole("link").first()).toBeVisible();
  });

  test(`paging through lists every service once, A–Z, each page within the first flight (${locale})`, async ({ page, baseURL }) => {
    test.setTimeout(60_000);
    await page.goto(`/${locale}/services`);
    const [, , total] = w.pageOf.exec((await page.getByText(w.pageOf).textContent()) ?? "")!;
    const pages = Number(total);
    expect(pages).toBeGreaterThan(1);
    const listed: string[] = [];
    for (let n = 1; n <= pages; n++) {
      await expect(page.getByText(w.pageOf)).toHaveText(
        new RegExp(`^${locale === "sw" ? `Ukurasa ${n} kati ya ${pages}` : `Page ${n} of ${pages}`}:`),
      );
      await expect(page.getByRole("navigation", { name: w.index })).toBeVisible();
      const links = await serviceLinks(page).allTextContents();
      expect(links.length).toBeGreaterThan(0);
      expect(links.length).toBeLessThanOrEqual(20);
      listed.push(...links);
      expect(await gzipBytes(new URL(page.url(), baseURL).href), `page ${n}`).toBeLessThanOrEqual(FIRST_FLIGHT);
      // Later pages are their own pages for search engines, not copies of the first.
      if (n > 1)
        await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`/${locale}/services\\?page=${n}$`));
      const nav = page.getByRole("navigation", { name: w.pages });
      if (n < pages) await nav.getByRole("link", { name: w.next }).click();
      else await expect(nav.getByRole("link", { name: w.next })).toHaveCount(0);
    }
    expect(listed).toEqual(expectedOrder(locale));

    await page.getByRole("navigation", { name: w.pages }).getByRole("link", { name: w.previous }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/services\\?page=${pages - 1}$`));
  });

  test(`a page that does not exist shows the first (${locale})`, async ({ page }) => {
    for (const query of ["?page=999", "?page=abc", "?page=0"]) {
      const response = await page.goto(`/${locale}/services${query}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByText(w.pageOf)).toHaveText(new RegExp(`^${locale === "sw" ? "Ukurasa 1 kati" : "Page 1 of"}`));
      await expect(serviceLinks(page).first()).toHaveText(expectedOrder(locale)[0]!);
    }
  });
}
