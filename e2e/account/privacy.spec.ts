import { expect, test } from "../fixtures";
import { citizens, signInBySms } from "../helpers";

// Citizens 30 and 31 are this file's own: the data page and the erasure.
test.use({ javaScriptEnabled: false });

test("the privacy notice says what is kept, why, how long and who receives it, in both languages", async ({ page }) => {
  await page.goto("/sw/privacy");
  await expect(page.getByRole("heading", { level: 1, name: "Taarifa ya faragha" })).toBeVisible();
  await expect(page.getByText("Sheria ya Ulinzi wa Taarifa Binafsi ya mwaka 2022", { exact: false })).toBeVisible();
  // The periods come from the rules the clean-up enforces.
  await expect(page.getByText("nyaraka baada ya siku 90", { exact: false })).toBeVisible();
  await page.goto("/en/privacy");
  for (const heading of ["Signing in", "Being signed in", "Paying fees", "Applications", "Feedback", "USSD and SMS"])
    await expect(page.getByRole("heading", { level: 3, name: heading })).toBeVisible();
  await expect(page.getByText("the documents after 90 days, and the whole application after 2 years", { exact: false })).toBeVisible();
  await expect(page.getByText("Personal Data Protection Commission", { exact: false })).toBeVisible();
  // Every page links to it.
  await page.goto("/en");
  await page.getByRole("contentinfo").getByRole("link", { name: "Privacy" }).click();
  await expect(page).toHaveURL(/\/en\/privacy$/);
});

test("a signed-in citizen sees and downloads everything held about them", async ({ page }) => {
  const citizen = citizens[31]!;
  await page.goto("/en/account/data");
  await expect(page).toHaveURL(/\/en\/sign-in\?return=%2Fen%2Faccount%2Fdata/);
  await signInBySms(page, citizen);
  await page.getByRole("link", { name: "See and download everything we hold about you" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your data" })).toBeVisible();
  await expect(page.getByText(`${citizen.firstName}`, { exact: false }).first()).toBeVisible();
  await expect(page.getByText(`•${citizen.nin.slice(-4, -2)}-${citizen.nin.slice(-2)}`, { exact: false }).first()).toBeVisible();
  await expect(page.getByText("Sign-in (identity confirmed by NIDA)", { exact: false }).first()).toBeVisible();

  const download = await page.request.get("/en/account/data/download");
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toContain("application/json");
  expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="dirisha-data-\d{4}-\d{2}-\d{2}\.json"$/);
  expect(download.headers()["cache-control"]).toContain("no-store");
  const data = (await download.json()) as { profile: { firstName: string; ninEnding: string }; sessions: unknown[] };
  expect(data.profile.firstName).toBe(citizen.firstName);
  expect(data.profile.ninEnding).toBe(citizen.nin.slice(-4));
  expect(data.sessions.length).toBeGreaterThan(0);

  // In Swahili too.
  await page.goto("/sw/account/data");
  await expect(page.getByRole("heading", { level: 1, name: "Taarifa zako" })).toBeVisible();
});

test("no one downloads anyone's data without signing in", async ({ request }) => {
  const answer = await request.get("/en/account/data/download", { maxRedirects: 0 });
  expect(answer.status()).toBe(303);
  expect(answer.headers()["location"]).toBe("/en/sign-in?return=%2Fen%2Faccount%2Fdata");
});

test("a citizen erases their data: asked to confirm, then signed out everywhere and told what stayed", async ({ page }) => {
  const citizen = citizens[30]!;
  await signInBySms(page, citizen);
  await page.getByRole("link", { name: "Erase what is no longer needed" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Erase your data" })).toBeVisible();
  await expect(page.getByText("The security record of your sign-ins", { exact: false })).toBeVisible();
  // Without the box ticked nothing happens, and the page says why beside the box.
  await page.getByRole("button", { name: "Erase my data" }).click();
  await expect(page).toHaveURL(/\/en\/account\/erase\?problem=confirm/);
  await expect(page.locator("#confirm-error")).toHaveText("Tick the box to say you understand that this cannot be undone");
  await page.getByLabel("I understand that this cannot be undone").check();
  await page.getByRole("button", { name: "Erase my data" }).click();
  await expect(page).toHaveURL(/\/en\/account\/erased$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your data has been erased" })).toBeVisible();
  // Signed out: the account asks for a sign-in again.
  await page.goto("/en/account");
  await expect(page).toHaveURL(/\/en\/sign-in/);
  // Signing in again works, with a fresh account.
  await signInBySms(page, citizen);
});
