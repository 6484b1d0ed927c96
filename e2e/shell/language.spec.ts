import { expect, test } from "../fixtures";
import { birthRegistration } from "../catalogue-data";

const birth = birthRegistration.slug;

test.describe("language from the browser", () => {
  // A context's locale is what its browser sends as Accept-Language.
  for (const [browserLocale, expected] of [
    ["sw-TZ", "/sw"],
    ["en-GB", "/en"],
    ["fr-FR", "/sw"],
  ] as const) {
    test(`"/" from a ${browserLocale} browser goes to ${expected}`, async ({ browser }) => {
      const context = await browser.newContext({ locale: browserLocale });
      const page = await context.newPage();
      await page.goto("/");
      await expect(page).toHaveURL(new RegExp(`${expected}$`));
      await expect(page.locator("html")).toHaveAttribute("lang", expected.slice(1));
      await context.close();
    });
  }

  test("a path without a language keeps its page", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`/services/${birth.en}`);
    await expect(page).toHaveURL(new RegExp(`/en/services/${birth.en}$`));
    await context.close();
  });

  test("the language last chosen wins over the browser's", async ({ browser }) => {
    const context = await browser.newContext({ locale: "sw-TZ" });
    const page = await context.newPage();
    await page.goto("/en/contact");
    await page.goto("/");
    await expect(page).toHaveURL(/\/en$/);
    await context.close();
  });
});

test.describe("the language switch with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("switches a page to English and back, staying on it", async ({ page }) => {
    await page.goto("/sw/accessibility");
    await page.getByRole("navigation", { name: "Lugha" }).getByRole("link").click();
    await expect(page).toHaveURL(/\/en\/accessibility$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accessibility statement");
    await page.getByRole("navigation", { name: "Language" }).getByRole("link").click();
    await expect(page).toHaveURL(/\/sw\/accessibility$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "sw");
  });

  test("keeps the query string", async ({ page }) => {
    await page.goto("/sw/contact?from=footer");
    await page.getByRole("navigation", { name: "Lugha" }).getByRole("link").click();
    await expect(page).toHaveURL(/\/en\/contact\?from=footer$/);
  });
});

test("every page names its other-language version and a canonical address", async ({ page }) => {
  await page.goto(`/sw/services/${birth.sw}`);
  const origin = new URL(page.url()).origin;
  await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute("href", `${origin}/en/services/${birth.en}`);
  await expect(page.locator('link[rel="alternate"][hreflang="sw"]')).toHaveAttribute("href", `${origin}/sw/services/${birth.sw}`);
  await expect(page.locator('link[rel="alternate"][hreflang="x-default"]')).toHaveCount(1);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${origin}/sw/services/${birth.sw}`);
});
