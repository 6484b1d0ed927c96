import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import { cataloguePages, locales, shellPages } from "./pages";

const pages = [...shellPages, ...cataloguePages, { name: "not found", path: { sw: "/no-such-page", en: "/no-such-page" } }];

for (const locale of locales) {
  for (const { name, path } of pages) {
    test(`${name} (${locale}) has no accessibility violations`, async ({ page }) => {
      await page.goto(`/${locale}${path[locale]}`);
      const results = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
        .analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    });
  }
}
