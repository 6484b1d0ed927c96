import { expect, test } from "../fixtures";
import { birthRegistration } from "../catalogue-data";

test.describe("search without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a Swahili search from the home page lands on the right service first", async ({ page }) => {
    await page.goto("/sw");
    await page.getByLabel("Tafuta huduma").fill("cheti cha kuzaliwa");
    await page.getByRole("button", { name: "Tafuta" }).click();
    await expect(page).toHaveURL(/\/sw\/search\?q=cheti\+cha\+kuzaliwa$/);
    await expect(page.getByRole("list", { name: "Huduma zilizopatikana" }).getByRole("link").first()).toHaveText(birthRegistration.name.sw);
  });

  test("a misspelt English search still finds it", async ({ page }) => {
    await page.goto(`/en/search?q=${encodeURIComponent("birth certifcate")}`);
    const names = await page.getByRole("list", { name: "Services found" }).getByRole("link").allTextContents();
    expect(names.slice(0, 3)).toContain(birthRegistration.name.en);
  });

  test("an acronym finds the institution and its services", async ({ page }) => {
    await page.goto("/en/search?q=RITA");
    await expect(page.getByRole("heading", { name: "Institutions" })).toBeVisible();
    await expect(page.getByRole("link", { name: /Registration, Insolvency and Trusteeship Agency/ })).toBeVisible();
    await expect(page.getByRole("list", { name: "Services found" }).getByRole("link").first()).toBeVisible();
  });

  test("many results come twenty to a page", async ({ page }) => {
    await page.goto("/en/search?q=registration");
    const results = page.getByRole("list", { name: "Services found" }).getByRole("link");
    await expect(results).toHaveCount(20);
    await expect(page.getByText(/page 1 of \d+/)).toBeVisible();
    await page.getByRole("link", { name: "More results →" }).click();
    await expect(page).toHaveURL(/page=2$/);
    await expect(page.getByText(/page 2 of \d+/)).toBeVisible();
    await expect(page.getByRole("link", { name: "← Previous results" })).toBeVisible();
  });

  test("no results says so, and helps", async ({ page }) => {
    await page.goto("/sw/search?q=xyzzyqq");
    await expect(page.getByText('Hatukupata huduma inayolingana na "xyzzyqq".')).toBeVisible();
    await expect(page.getByRole("link", { name: "Huduma kwa sekta" })).toBeVisible();
  });

  test("an empty search asks for words, and the language switch keeps the query", async ({ page }) => {
    await page.goto("/en/search?q=");
    await expect(page.getByText("Type what you are looking for in the box above.")).toBeVisible();
    await page.goto("/en/search?q=passport");
    await page.getByRole("navigation", { name: "Language" }).getByRole("link").click();
    await expect(page).toHaveURL(/\/sw\/search\?q=passport$/);
  });
});

test("suggestions appear while typing when JavaScript runs", async ({ page }) => {
  await page.goto("/sw");
  await page.getByLabel("Tafuta huduma").pressSequentially("cheti cha kuza", { delay: 20 });
  await expect(page.locator("#q-suggestions option").first()).toHaveAttribute("value", birthRegistration.name.sw);
});
