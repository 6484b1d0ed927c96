import { test as base, expect } from "@playwright/test";

export * from "@playwright/test";

const CITIZEN_PAGE = /^\/(sw|en)(\/|$)/;
const STAFF_PAGE = /^\/(sw|en)\/staff(\/|$)/;

/**
 * Every test, whatever it does: a citizens' page never loads a script other than the portal's
 * own small enhancements (/enhance/…). The staff area keeps the framework's scripts (decision 0006).
 */
export const test = base.extend<{ citizensPagesWithoutFramework: void; nothingRefusedByThePolicy: void }>({
  /**
   * Every test, whatever it does: nothing on any page is refused by the Content-Security-Policy
   * (a refused script or style means a page that works only without the policy).
   */
  nothingRefusedByThePolicy: [
    async ({ page }, use) => {
      const refused: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) refused.push(`${page.url()}: ${message.text()}`);
      });
      await use();
      expect(refused, "what the Content-Security-Policy refused").toEqual([]);
    },
    { auto: true },
  ],
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
