import { expect, test } from "../fixtures";
import { anyCategory, anyLifeEvent, birthRegistration, catalogue, rita } from "../catalogue-data";

test.use({ javaScriptEnabled: false });

test("a citizen browses from a life event to a service, in Swahili", async ({ page }) => {
  await page.goto("/sw");
  const event = catalogue.lifeEvents.find((e) => e.key === "birth-of-a-child")!;
  await page.getByRole("link", { name: event.name.sw, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(event.name.sw);
  await page.getByRole("link", { name: birthRegistration.name.sw, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/sw/services/${birthRegistration.slug.sw}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(birthRegistration.name.sw);
});

test("browse by category and by institution, in English", async ({ page }) => {
  await page.goto("/en/categories");
  await page.getByRole("link", { name: anyCategory.name.en, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(anyCategory.name.en);
  await expect(page.locator("main li a").first()).toBeVisible();

  await page.goto("/en/institutions");
  await page.getByRole("link", { name: rita.name.en, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(rita.name.en);
  await expect(page.getByRole("link", { name: birthRegistration.name.en, exact: true })).toBeVisible();
});

// The list of all services, A–Z over several pages, is followed in a-to-z.spec.ts.
test("the life-event list is complete", async ({ page }) => {
  await page.goto("/sw/life-events");
  for (const event of catalogue.lifeEvents) await expect(page.getByRole("link", { name: event.name.sw, exact: true })).toBeVisible();
});

for (const locale of ["sw", "en"] as const) {
  test(`an institution's page lists its most used services first, then featured ones, then the rest by name (${locale})`, async ({
    page,
  }) => {
    // One test browser is one visitor a day, far below what a count needs to move anything: so
    // here the featured services come first, then the others in this language's order.
    const byName = (a: string, b: string) => a.localeCompare(b, locale === "sw" ? "sw-TZ" : "en-GB");
    const tra = catalogue.services.filter((s) => s.institution === "tra" || s.competentAuthority === "tra");
    const featured = tra.filter((s) => s.featured).map((s) => s.name[locale]);
    expect(featured.length).toBeGreaterThan(1);
    await page.goto(`/${locale}/institutions/tra`);
    const names = await page
      .getByRole("list", { name: locale === "sw" ? "Huduma" : "Services", exact: true })
      .getByRole("link")
      .allTextContents();
    expect(names).toHaveLength(tra.length);
    expect(names.slice(0, featured.length)).toEqual([...featured].sort(byName));
    const rest = names.slice(featured.length);
    expect(rest).toEqual([...rest].sort(byName));
  });

  test(`a life event lists its services in the order a person needs them (${locale})`, async ({ page }) => {
    const event = catalogue.lifeEvents.find((e) => e.key === "birth-of-a-child")!;
    const name = (slug: string) => catalogue.services.find((s) => s.slug.en === slug)!.name[locale];
    await page.goto(`/${locale}/life-events/${event.slug[locale]}`);
    const listed = page.locator("main ul > li > a");
    await expect(listed.first()).toHaveText(birthRegistration.name[locale]);
    await expect(listed).toHaveText(event.serviceOrder.map(name));
  });
}

for (const locale of ["sw", "en"] as const) {
  test(`the service page shows the listing's facts (${locale})`, async ({ page }) => {
    await page.goto(`/${locale}/services/${birthRegistration.slug[locale]}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(birthRegistration.name[locale]);
    await expect(page.getByText(birthRegistration.summary[locale])).toBeVisible();
    for (const step of birthRegistration.steps) await expect(page.getByText(step[locale], { exact: true })).toBeVisible();
    if (birthRegistration.fees[0]) {
      await expect(page.getByRole("table")).toContainText(birthRegistration.fees[0].label[locale]);
    }
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
    expect(jsonLd).toMatchObject({ "@type": "GovernmentService", name: birthRegistration.name[locale], inLanguage: locale });
  });
}

test("the language switch keeps the service, with its address in each language", async ({ page }) => {
  await page.goto(`/sw/services/${birthRegistration.slug.sw}`);
  await page.getByRole("navigation", { name: "Lugha" }).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/en/services/${birthRegistration.slug.en}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(birthRegistration.name.en);
  await page.getByRole("navigation", { name: "Language" }).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/sw/services/${birthRegistration.slug.sw}$`));
});

test("a life event's page switches language too", async ({ page }) => {
  await page.goto(`/en/life-events/${anyLifeEvent.slug.en}`);
  await page.getByRole("navigation", { name: "Language" }).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/sw/life-events/${anyLifeEvent.slug.sw}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(anyLifeEvent.name.sw);
});

for (const path of [
  "/sw/services/no-such-service",
  "/en/categories/nothing",
  "/sw/life-events/nothing",
  "/en/institutions/nobody",
  "/sw/services/no-such-service/report",
]) {
  test(`${path} answers a complete 404 page`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });
}

test("a large category comes thirty to a page, every service once, with next and previous links", async ({ page }) => {
  const business = catalogue.categories.find((c) => c.key === "business")!;
  const expected = catalogue.services.filter((s) => s.categories.includes("business")).map((s) => s.name.en);
  expect(expected.length).toBeGreaterThan(30);
  const seen: string[] = [];
  let next: string | null = `/en/categories/${business.slug.en}`;
  while (next) {
    await page.goto(next);
    const names = await page.locator("main ul > li > a").allInnerTexts();
    expect(names.length).toBeLessThanOrEqual(30);
    seen.push(...names);
    next = await page
      .locator('a[rel="next"]')
      .getAttribute("href", { timeout: 1000 })
      .catch(() => null);
  }
  expect(seen.sort()).toEqual([...expected].sort());
  await expect(page.getByText(/page \d+ of \d+/)).toBeVisible();
  await page.locator('a[rel="prev"]').click();
  await expect(page).toHaveURL(/\?page=\d+$|categories\/[a-z-]+$/);
});
