import { expect, test } from "../fixtures";
import { birthRegistration, catalogue } from "../catalogue-data";

test("services are listed page by page, with links and totals", async ({ request }) => {
  const response = await request.get("/api/v1/services?per_page=10&page=2");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.meta).toMatchObject({ page: 2, perPage: 10, total: catalogue.services.length });
  expect(body.data).toHaveLength(Math.min(10, catalogue.services.length - 10));
  expect(body.links.prev).toContain("page=1");
  expect(response.headers()["cache-control"]).toContain("public");
});

test("an unchanged answer is not sent twice (ETag)", async ({ request }) => {
  const first = await request.get("/api/v1/institutions");
  const etag = first.headers()["etag"]!;
  expect(etag).toMatch(/^".+"$/);
  const again = await request.get("/api/v1/institutions", { headers: { "If-None-Match": etag } });
  expect(again.status()).toBe(304);
});

test("one service by identifier or address, with both languages", async ({ request }) => {
  const bySlug = await (await request.get(`/api/v1/services/${birthRegistration.slug.en}`)).json();
  expect(bySlug.data.name).toEqual(birthRegistration.name);
  const byId = await request.get(`/api/v1/services/${bySlug.data.id}`);
  expect((await byId.json()).data.slug).toEqual(birthRegistration.slug);
  expect((await request.get("/api/v1/services/none")).status()).toBe(404);
  expect((await request.get("/api/v1/services?per_page=500")).status()).toBe(400);
});

test("categories and life events carry their services", async ({ request }) => {
  const categories = await (await request.get("/api/v1/categories")).json();
  expect(categories.meta.total).toBe(catalogue.categories.length);
  const events = await (await request.get("/api/v1/life-events")).json();
  expect(events.data.find((e: { key: string }) => e.key === "birth-of-a-child").services.length).toBeGreaterThan(0);
});

test("the CPSV-AP export describes every published service", async ({ request }) => {
  const response = await request.get("/api/v1/cpsv-ap");
  expect(response.headers()["content-type"]).toContain("application/ld+json");
  const body = await response.json();
  const services = body["@graph"].filter((node: { "@type": string }) => node["@type"] === "cpsv:PublicService");
  expect(services).toHaveLength(catalogue.services.length);
  expect(body["@context"].m8g).toBe("http://data.europa.eu/m8g/");
});

test("the sitemap names both languages of every service, and robots.txt points to it", async ({ request }) => {
  const sitemap = await (await request.get("/sitemap.xml")).text();
  expect(sitemap).toContain(`/sw/services/${birthRegistration.slug.sw}`);
  expect(sitemap).toContain(`hreflang="en"`);
  expect(sitemap).toContain(`/en/services/${birthRegistration.slug.en}`);
  const robots = await (await request.get("/robots.txt")).text();
  expect(robots).toContain("Sitemap:");
});
