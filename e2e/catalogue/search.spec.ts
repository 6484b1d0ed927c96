import { expect, test } from "../fixtures";
import { birthRegistration, catalogue, service } from "../catalogue-data";

const passport = service((s) => s.slug.en === "e-passport-application");
const customs = service((s) => s.slug.en === "customs-clearance-of-imports-tancis");
const tra = catalogue.institutions.find((i) => i.slug === "tra")!;

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

  test("institutions come first only when the query names one, after the services otherwise", async ({ page }) => {
    await page.goto("/en/search?q=TIN");
    await expect(page.getByRole("heading", { name: "Institutions", exact: true })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Institutions providing these services" })).toBeVisible();
    await expect(page.getByRole("link", { name: `${tra.name.en} (TRA)`, exact: true })).toBeVisible();
    // An acronym already in the name is written once.
    await page.goto("/en/search?q=GePG");
    await expect(page.getByRole("link", { name: "Government electronic Payment Gateway (GePG)", exact: true }).first()).toBeVisible();
  });

  test("results end where relevance falls off, and a life situation finds its services", async ({ page }) => {
    await page.goto(`/sw/search?q=${encodeURIComponent("cheti cha kuzaliwa")}`);
    await expect(page.getByRole("link", { name: "Matokeo zaidi →" })).toHaveCount(0);
    await page.goto(`/sw/search?q=${encodeURIComponent("kutoa gari bandarini")}`);
    await expect(page.getByRole("list", { name: "Huduma zilizopatikana" }).getByRole("link").first()).toHaveText(customs.name.sw);
    await page.goto(`/sw/search?q=${encodeURIComponent("kuomba pasipoti")}`);
    await expect(page.getByRole("list", { name: "Huduma zilizopatikana" }).getByRole("link").first()).toHaveText(passport.name.sw);
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

test("suggestions on a Swahili page offer Swahili names first", async ({ page }) => {
  await page.goto("/sw");
  await page.getByLabel("Tafuta huduma").pressSequentially("pas", { delay: 20 });
  await expect(page.locator("#q-suggestions option").first()).toHaveAttribute("value", passport.name.sw);
});
