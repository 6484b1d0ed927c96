import { expect, test } from "../fixtures";
import { catalogue } from "../catalogue-data";
import { locales, shellPages } from "../pages";

test.describe("the page shell", () => {
  test.use({ javaScriptEnabled: false });

  for (const locale of locales) {
    for (const { name, path } of shellPages) {
      test(`${name} (${locale}) is complete without JavaScript and fits a 320-px screen`, async ({ page }) => {
        await page.setViewportSize({ width: 320, height: 640 });
        const response = await page.goto(`/${locale}${path[locale]}`);
        expect(response?.status()).toBe(200);
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        await expect(page.getByRole("banner")).toContainText("Dirisha");
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.getByRole("contentinfo").getByRole("navigation").getByRole("link")).toHaveCount(4);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      });
    }
  }

  test("the skip link is the first stop for the keyboard and moves to the main content", async ({ page }) => {
    await page.goto("/sw");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Ruka hadi maudhui makuu" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main$/);
  });

  test("the footer leads to the contact page, the accessibility statement and the privacy notice", async ({ page }) => {
    await page.goto("/en");
    await page.getByRole("contentinfo").getByRole("link", { name: "Privacy" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy notice");
    await page.getByRole("contentinfo").getByRole("link", { name: "Accessibility statement" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accessibility statement");
    await page.getByRole("contentinfo").getByRole("link", { name: "Contact us" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contact us");
    await expect(page.getByRole("link", { name: "msaada@dirisha.test" })).toHaveAttribute("href", "mailto:msaada@dirisha.test");
  });

  test("the home page leads to the most used services", async ({ page }) => {
    await page.goto("/sw");
    const popular = page.getByRole("region", { name: "Huduma zinazotumika zaidi" }).getByRole("link");
    await expect(popular).toHaveCount(10);
    const name = await popular.first().textContent();
    const service = catalogue.services.find((s) => s.name.sw === name)!;
    await popular.first().click();
    await expect(page).toHaveURL(new RegExp(`/sw/services/${service.slug.sw}$`));
  });

  for (const locale of locales) {
    test(`an unknown address answers 404 with a translated page (${locale})`, async ({ page }) => {
      const response = await page.goto(`/${locale}/no/such/page`);
      expect(response?.status()).toBe(404);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(locale === "sw" ? "Ukurasa huu haupatikani" : "Page not found");
    });
  }

  const notFoundWords = {
    sw: { search: "Tafuta huduma", button: "Tafuta", home: "Rudi ukurasa wa mwanzo", query: "cheti cha kuzaliwa" },
    en: { search: "Search for a service", button: "Search", home: "Go to the home page", query: "birth certificate" },
  };
  for (const locale of locales) {
    for (const path of ["/no/such/page", "/services/no-such-service"]) {
      test(`the 404 page of ${path} offers the search box and the way home (${locale})`, async ({ page }) => {
        const words = notFoundWords[locale];
        const response = await page.goto(`/${locale}${path}`);
        expect(response?.status()).toBe(404);
        const form = page.getByRole("main").getByRole("search");
        await expect(form).toHaveAttribute("method", "get");
        await expect(form).toHaveAttribute("action", `/${locale}/search`);
        await form.getByLabel(words.search).fill(words.query);
        await form.getByRole("button", { name: words.button, exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`/${locale}/search\\?q=`));
        await expect(page.getByRole("heading", { level: 1 })).toContainText(words.query);

        await page.goto(`/${locale}${path}`);
        await page.getByRole("main").getByRole("link", { name: words.home }).click();
        await expect(page).toHaveURL(new RegExp(`/${locale}$`));
      });
    }
  }

  for (const locale of locales) {
    test(`an unknown service answers 404 with a complete translated page (${locale})`, async ({ page }) => {
      const response = await page.goto(`/${locale}/services/no-such-service`);
      expect(response?.status()).toBe(404);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(locale === "sw" ? "Ukurasa huu haupatikani" : "Page not found");
      await expect(page.getByRole("banner")).toContainText("Dirisha");
    });
  }
});

test("the favicon is a small image kept in the cache, never redirected", async ({ request }) => {
  const response = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect(response.headers()["cache-control"]).toMatch(/max-age=\d{6,}/);
  const body = await response.body();
  expect(body.length).toBeLessThan(1024);
  expect([...body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
});

test("the health check reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "pglite" });
});

test("a public page is revalidated cheaply for an anonymous visitor, and anything personal is never kept", async ({ request, baseURL }) => {
  const page = `${baseURL}/sw/life-events`;
  // The request fixture keeps cookies; plain fetch shows what a first-time visitor gets.
  const first = await fetch(page, { headers: { "accept-encoding": "br" } });
  expect(first.status).toBe(200);
  expect(first.headers.get("cache-control")).toBe("private, no-cache");
  const tag = first.headers.get("etag");
  expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
  // A repeat visit costs no page: 304, with nothing in the body.
  const again = await fetch(page, { headers: { "accept-encoding": "br", "if-none-match": tag! } });
  expect(again.status).toBe(304);
  expect((await again.arrayBuffer()).byteLength).toBe(0);
  // The same page in the other encoding carries the same validator (it is the same page).
  const gzip = await fetch(page, { headers: { "accept-encoding": "gzip" } });
  expect(gzip.headers.get("etag")).toBe(tag);
  // With a session cookie, or on a personal page, nothing is kept and nothing is validated.
  const signedIn = await fetch(page, { headers: { cookie: "authjs.session-token=anything", "if-none-match": tag! } });
  expect(signedIn.status).toBe(200);
  expect(signedIn.headers.get("etag")).toBeNull();
  expect(signedIn.headers.get("cache-control")).toContain("no-store");
  const signIn = await request.get("/en/sign-in");
  expect(signIn.headers()["cache-control"]).toContain("no-store");
  expect(signIn.headers()["etag"]).toBeUndefined();
});
