import { test as base, expect } from "@playwright/test";

export * from "@playwright/test";

const CITIZEN_PAGE = /^\/(sw|en)(\/|$)/;
const STAFF_PAGE = /^\/(sw|en)\/staff(\/|$)/;

/**
 * Every test, whatever it does: a citizens' page never loads a script other than the portal's
 * own small enhancements (/enhance/…). The staff area keeps the framework's scripts (decision 0006).
 */
export const test = base.extend<{ citizensPagesWithoutFramework: void }>({
  citizensPagesWithoutFramework: [
    async ({ page }, use) => {
      const loaded: string[] = [];
      page.on("request", (request) => {
        if (request.resourceType() !== "script") return;
        const from = new URL(request.frame().url()).pathname;
        const script = new URL(request.url()).pathname;
        if (CITIZEN_PAGE.test(from) && !STAFF_PAGE.test(from) && !script.startsWith("/enhance/")) loaded.push(`${from} → ${script}`);
      });
      await use();
      expect(loaded, "scripts loaded by citizens' pages beyond the portal's own enhancements").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
