import { expect, test } from "./fixtures";

const sandbox = process.env.E2E_SANDBOX_URL!;

test("the sandbox answers its health check and shows its phone inbox", async ({ page, request }) => {
  const health = await request.get(`${sandbox}/health`);
  expect(await health.json()).toMatchObject({ status: "ok" });
  await page.goto(`${sandbox}/mgov/inbox`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phone inbox (mGov SMS)");
});
