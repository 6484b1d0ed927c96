import { expect, test, type Page } from "../fixtures";
import { birthRegistration } from "../catalogue-data";
import { citizens, signInBySms } from "../helpers";
import { cataloguePages, locales, shellPages } from "../pages";

/*
 * Citizens' pages go out without the framework's scripts for every visitor (decision 0006), with
 * JavaScript on in the browser: only the portal's own small enhancements, where a page uses one.
 * (Every other test also fails if a citizens' page loads any other script: e2e/fixtures.ts.)
 */
const frameworkScripts = (page: Page) => page.locator('script:not([type="application/ld+json"]):not([data-enhancement])');
const enhancements = (page: Page) => page.locator("script[data-enhancement]");

async function expectOnlyEnhancements(page: Page, expected: string[]) {
  await expect(frameworkScripts(page)).toHaveCount(0);
  await expect(page.locator('link[rel="modulepreload"], link[as="script"]')).toHaveCount(0);
  expect(await enhancements(page).evaluateAll((scripts) => scripts.map((s) => s.getAttribute("data-enhancement")))).toEqual(expected);
}

const usesSearch = new Set(["home", "search results", "search without results"]);
const usesCounter = new Set(["feedback form", "report a problem"]);

for (const locale of locales) {
  test(`every kind of public page (${locale}) comes without the framework's scripts`, async ({ page }) => {
    for (const { name, path } of [...shellPages, ...cataloguePages]) {
      const response = await page.goto(`/${locale}${path[locale]}`);
      expect(response?.status(), name).toBe(200);
      await expect(page.getByRole("heading", { level: 1 }), name).toBeVisible();
      await expectOnlyEnhancements(page, usesSearch.has(name) ? ["suggest"] : usesCounter.has(name) ? ["counter"] : []);
    }
    const missing = await page.goto(`/${locale}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await expectOnlyEnhancements(page, ["suggest"]);
  });
}

test("a citizen finds a service from the home page and reads it, with no script but the suggestions", async ({ page }) => {
  await page.goto("/sw");
  await page.getByLabel("Tafuta huduma").fill("cheti cha kuzaliwa");
  await page.getByRole("button", { name: "Tafuta" }).click();
  await expectOnlyEnhancements(page, ["suggest"]);
  await page.getByRole("list", { name: "Huduma zilizopatikana" }).getByRole("link", { name: birthRegistration.name.sw }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(birthRegistration.name.sw);
  await expectOnlyEnhancements(page, []);
});

test("sign-in and the account pages come without scripts, and signing in works", async ({ page }) => {
  await page.goto("/en/sign-in");
  await expectOnlyEnhancements(page, []);
  await signInBySms(page, citizens[5]!);
  await expectOnlyEnhancements(page, []);
  await page.goto("/en/account");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectOnlyEnhancements(page, []);
});

test("the staff area keeps the framework's scripts", async ({ page }) => {
  await page.goto("/en/staff/sign-in");
  await expect(frameworkScripts(page)).not.toHaveCount(0);
});

test("suggestions fill the search box's list while typing (the suggest script)", async ({ page }) => {
  await page.goto("/en");
  await page.getByLabel("Search for a service").pressSequentially("birth cert", { delay: 30 });
  await expect(page.locator("#q-suggestions option").first()).toHaveAttribute("value", /birth/i);
});

test("a long message shows how many characters are left (the counter script), in each language", async ({ page }) => {
  await page.goto("/sw/feedback");
  const message = page.getByLabel("Ujumbe wako");
  await expect(page.locator("#message-count")).toHaveText("Zimebaki herufi 5,000");
  await message.fill("Habari");
  await expect(page.locator("#message-count")).toHaveText("Zimebaki herufi 4,994");
  await page.goto(`/en/services/${birthRegistration.slug.en}/report`);
  await page.getByLabel("Describe the problem").fill("x".repeat(1999));
  await expect(page.locator("#details-count")).toHaveText("1 character left");
});

test("a browser that asks to save data gets not even the small scripts, and search still works", async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "Save-Data": "on" } });
  const page = await context.newPage();
  await page.goto("/en");
  await expect(page.locator("script:not([type='application/ld+json'])")).toHaveCount(0);
  await page.getByLabel("Search for a service").fill("birth certificate");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("list", { name: "Services found" }).getByRole("link").first()).toBeVisible();
  await context.close();
});

test("the portal's scripts are small, and kept for a year under an address that changes with them", async ({ page, request }) => {
  await page.goto("/sw/feedback");
  const counter = await page.locator("script[data-enhancement='counter']").getAttribute("src");
  await page.goto("/sw");
  const suggest = await page.locator("script[data-enhancement='suggest']").getAttribute("src");
  for (const src of [counter!, suggest!]) {
    expect(src).toMatch(/^\/enhance\/[a-z]+\.[\w-]{12}\.js$/);
    const response = await request.get(src, { headers: { "accept-encoding": "gzip" } });
    expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(response.headers()["content-type"]).toBe("text/javascript; charset=utf-8");
  }
  expect((await request.get("/enhance/suggest.000000000000.js")).headers()["cache-control"]).toBe("public, no-cache");
  expect((await request.get("/enhance/nothing.000000000000.js")).status()).toBe(404);
});
