import { expect, test, type Page } from "@playwright/test";
import { birthRegistration } from "../catalogue-data";

const executableScripts = (page: Page) => page.locator('script:not([type="application/ld+json"])');

test.describe("a browser that asks to save data", () => {
  test.use({ extraHTTPHeaders: { "Save-Data": "on" } });

  test("gets complete pages without a single script", async ({ page }) => {
    await page.goto(`/sw/services/${birthRegistration.slug.sw}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(birthRegistration.name.sw);
    await expect(executableScripts(page)).toHaveCount(0);
    await expect(page.locator('script[type="application/ld+json"]')).toHaveCount(1);
    await expect(page.getByRole("contentinfo")).toContainText("Hali ya kuokoa data imewashwa");
  });

  test("can still search and send a problem report", async ({ page }) => {
    await page.goto("/en");
    await page.getByLabel("Search for a service").fill("birth certificate");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("list", { name: "Services found" }).getByRole("link").first()).toBeVisible();
    await page.goto(`/en/services/${birthRegistration.slug.en}/report`);
    await expect(executableScripts(page)).toHaveCount(0);
    await page.getByLabel("A link does not work").check();
    await page.getByLabel("Describe the problem").fill("The online link opens an error page.");
    await page.getByRole("button", { name: "Send report" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you. Your report has been received.");
  });
});

test("anyone can turn data saver on and off from the footer, staying on the page", async ({ page }) => {
  await page.goto("/en/categories");
  await expect(executableScripts(page)).not.toHaveCount(0);
  await page.getByRole("link", { name: "Turn data saver on" }).click();
  await expect(page).toHaveURL(/\/en\/categories$/);
  await expect(executableScripts(page)).toHaveCount(0);
  await page.getByRole("link", { name: "Turn data saver off" }).click();
  await expect(page).toHaveURL(/\/en\/categories$/);
  await expect(executableScripts(page)).not.toHaveCount(0);
});

test("the data-saver switch never sends anyone to another site", async ({ request }) => {
  const response = await request.get("/api/data-saver?on=1&return=//evil.example/x", { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(new URL(response.headers()["location"]!, "http://x").pathname).toBe("/");
});
