import { expect, test } from "../fixtures";
import { citizens, signInBySms } from "../helpers";

/*
 * Render once (server.mjs, lib/http/page-cache.mjs): an anonymous visitor's public page is
 * rendered once per catalogue version and day and then sent from a cache; a signed-in citizen's
 * page never comes from it nor goes into it, nor does a page that shows anything but the
 * catalogue. Each address here is a search of its own, so that other specs' visits do not decide
 * what these find (a parameter no page reads is never kept). The X-Dirisha-Cache header is told to
 * the metrics' addresses only, loopback here. That a publish shows at once is tested in e2e/editorial.
 */

test("an anonymous visitor's public page is rendered once, then sent from the cache as it was, for each data-saver mode", async ({
  request,
}) => {
  // Until an instance has loaded the catalogue, it does not know the generation: nothing is kept.
  await request.get("/sw/search?q=cache+warm");
  const address = "/sw/search?q=pasipoti+cache+one";
  const first = await request.get(address);
  expect(first.status()).toBe(200);
  expect(first.headers()["x-dirisha-cache"]).toBe("miss");
  const second = await request.get(address);
  expect(second.headers()["x-dirisha-cache"]).toBe("hit");
  expect(await second.text()).toBe(await first.text());
  expect(second.headers()["x-request-id"]).not.toBe(first.headers()["x-request-id"]);
  expect(second.headers()["etag"]).toBe(first.headers()["etag"]);
  expect(second.headers()["cache-control"]).toBe("private, no-cache");
  // A revisit of the unchanged page costs a 304 from the cache too.
  const revisit = await request.get(address, { headers: { "If-None-Match": second.headers()["etag"]! } });
  expect(revisit.status()).toBe(304);

  // Saving data: the page without even the portal's enhancements, never the cached page with them.
  expect(await first.text()).toContain("data-enhancement");
  const lite = await request.get(address, { headers: { "Save-Data": "on" } });
  expect(lite.headers()["x-dirisha-cache"]).toBe("miss");
  expect(await lite.text()).not.toContain("<script");
  expect((await request.get(address, { headers: { "Save-Data": "on" } })).headers()["x-dirisha-cache"]).toBe("hit");

  // A parameter no page reads: rendered every time, never kept (it cannot fill the cache).
  for (let i = 0; i < 2; i++) expect((await request.get("/sw/services?utm_source=x")).headers()["x-dirisha-cache"]).toBeUndefined();

  // The open data is the catalogue as JSON: kept the same way, and its own validator still answers.
  const data = await request.get("/api/v1/categories?per_page=7");
  expect(data.headers()["x-dirisha-cache"]).toBe("miss");
  const dataAgain = await request.get("/api/v1/categories?per_page=7");
  expect(dataAgain.headers()["x-dirisha-cache"]).toBe("hit");
  expect(await dataAgain.json()).toEqual(await data.json());
  expect(dataAgain.headers()["access-control-allow-origin"]).toBe("*");
  const unchanged = await request.get("/api/v1/categories?per_page=7", { headers: { "If-None-Match": data.headers()["etag"]! } });
  expect(unchanged.status()).toBe(304);
});

test("pages that show more than the catalogue are never shared, and a signed-in citizen's page neither comes from the cache nor goes into it", async ({
  page,
  request,
}) => {
  await request.get("/sw/search?q=cache+warm");
  // A page that does not say it may be shared (a form to report a problem): rendered each time.
  for (let i = 0; i < 2; i++) {
    const report = await request.get("/en/services/e-passport-application/report");
    expect(report.status()).toBe(200);
    expect(report.headers()["x-dirisha-cache"]).toBe("miss");
  }

  // (The visitor's language cookie is now English: an English page is kept for such visitors.)
  await request.get("/en/search?q=cache+warm");
  const address = "/en/search?q=cache+two";
  const anonymous = await request.get(address);
  expect(anonymous.headers()["x-dirisha-cache"]).toBe("miss");
  expect((await request.get(address)).headers()["x-dirisha-cache"]).toBe("hit");

  const citizen = citizens[8]!;
  await signInBySms(page, citizen);
  const mine = await page.goto(address);
  expect(mine!.headers()["x-dirisha-cache"]).toBeUndefined();
  expect(mine!.headers()["cache-control"]).toContain("no-store");
  await expect(page.getByRole("link", { name: "My account" })).toBeVisible();
  await page.goto("/en/search?q=cache+three");

  // The anonymous copy is still the anonymous page, and what the citizen saw was never kept.
  const after = await request.get(address);
  expect(after.headers()["x-dirisha-cache"]).toBe("hit");
  expect(await after.text()).not.toContain("/en/account");
  const notKept = await request.get("/en/search?q=cache+three");
  expect(notKept.headers()["x-dirisha-cache"]).toBe("miss");
});
