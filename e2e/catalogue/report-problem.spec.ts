import { expect, test } from "../fixtures";
import { birthRegistration } from "../catalogue-data";

for (const javaScriptEnabled of [false, true]) {
  test.describe(`report a problem with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("errors show beside their fields, the text typed is kept, then the report is received", async ({ page }) => {
      await page.goto(`/sw/services/${birthRegistration.slug.sw}`);
      await page.getByRole("link", { name: "Ripoti tatizo kwenye ukurasa huu" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ripoti tatizo kwenye ukurasa huu");

      await page.getByLabel("Eleza tatizo").fill("fupi");
      await page.getByLabel("Barua pepe au namba ya simu (si lazima)").fill("mwananchi@example.org");
      await page.getByRole("button", { name: "Tuma ripoti" }).click();

      const summary = page.getByRole("alert", { name: "Kuna tatizo" });
      await expect(summary).toContainText("Kuna tatizo");
      await expect(summary).toContainText("Chagua aina ya tatizo");
      await expect(summary).toContainText("Eleza tatizo kwa herufi 10 au zaidi");
      await expect(page.locator("#details-error")).toHaveText("Eleza tatizo kwa herufi 10 au zaidi");
      await expect(page.getByLabel("Eleza tatizo")).toHaveValue("fupi");
      await expect(page.getByLabel("Barua pepe au namba ya simu (si lazima)")).toHaveValue("mwananchi@example.org");

      await page.getByLabel("Taarifa zimepitwa na wakati").check();
      await page.getByLabel("Eleza tatizo").fill("Ada imebadilika tangu mwaka jana.");
      await page.getByRole("button", { name: "Tuma ripoti" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Asante. Ripoti yako imepokelewa.");
    });
  });
}

test("the form is in English on the English page", async ({ page }) => {
  await page.goto(`/en/services/${birthRegistration.slug.en}/report`);
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("Choose what kind of problem it is");
});
