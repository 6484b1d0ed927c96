import { expect, test } from "../fixtures";
import { factTrust, isMarked, listingFacts } from "../../lib/catalogue/trust";
import { catalogue, service } from "../catalogue-data";

/*
 * How far a citizen can trust each fact, on the page and in the open data: a fee from an old,
 * weak page is marked where it stands with its source's kind and date; a listing whose facts all
 * come from recent official sources carries no warning at all; nobody has confirmed the seeded
 * listings, so none says "last checked" or "kept by".
 */

// Today in Dar es Salaam (UTC+3).
const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);
// RITA's page of 19 November 2015 (official, LOW-MEDIUM) gives the fee for registering an existing marriage.
const marriage = service((s) => s.slug.en === "registering-an-existing-marriage");
const unmarked = service(
  (s) =>
    s.fees.length > 0 &&
    listingFacts(s).every((fact) => !isMarked(factTrust(fact, s.sources, today))) &&
    !["copy-of-a-marriage-certificate"].includes(s.slug.en),
);

for (const [locale, mark, warning, gathered] of [
  [
    "en",
    "Not confirmed by the institution. Source: official site, 19 November 2015",
    "Some facts on this page have not been confirmed by RITA: the fee",
    "Dirisha gathered these facts from the public sources listed below; RITA has not confirmed them yet.",
  ],
  [
    "sw",
    "Haijathibitishwa na taasisi. Chanzo: tovuti rasmi, 19 Novemba 2015",
    "Baadhi ya taarifa za ukurasa huu hazijathibitishwa na RITA: ada",
    "Taarifa hizi zimekusanywa na Dirisha kutoka vyanzo vya umma vilivyoorodheshwa hapa chini; RITA bado haijazithibitisha.",
  ],
] as const) {
  test(`an old, weakly sourced fee is marked where it stands, with its source (${locale})`, async ({ page }) => {
    await page.goto(`/${locale}/services/${marriage.slug[locale]}`);
    await expect(page.locator("table").getByTestId("fact-mark")).toHaveText(mark);
    await expect(page.getByTestId("trust-warning")).toContainText(warning);
    await expect(page.getByTestId("listing-trust")).toHaveText(gathered);
  });
}

test("a listing whose facts all rest on recent official sources carries no marks and no warning", async ({ page }) => {
  await page.goto(`/en/services/${unmarked.slug.en}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(unmarked.name.en);
  await expect(page.getByTestId("fact-mark")).toHaveCount(0);
  await expect(page.getByTestId("trust-warning")).toHaveCount(0);
});

test("the open data gives each fact's trust and the listing's review note", async ({ request }) => {
  const body = await (await request.get(`/api/v1/services/${marriage.slug.en}`)).json();
  expect(body.data.fees[0].trust).toMatchObject({
    confirmedOn: null,
    sourceKind: "official",
    sourceDate: "2015-11-19",
    confidence: "LOW-MEDIUM",
    unconfirmed: true,
    old: true,
  });
  expect(body.data.reviewNote).toBe(marriage.reviewNote);
  expect(body.data.lastReviewedOn).toBeNull();
  expect(catalogue.services.every((s) => s.lastReviewed === null)).toBe(true);
});
