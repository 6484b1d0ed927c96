import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "../fixtures";
import { service } from "../catalogue-data";
import { citizens, latestSms, sandbox, signInBySms, payInSandbox } from "../helpers";

/*
 * Paying a fee through GePG (the sandbox), with JavaScript off: from the service page to the
 * control number, the payment from a mobile network, the receipt and the SMS; GePG down and back;
 * a payment notified twice; a forged notification.
 */
test.use({ javaScriptEnabled: false });
test.describe.configure({ mode: "serial", timeout: 120_000 });

const licence = service((s) => s.slug.en === "commercial-driver-registration-and-certification-latra");

async function gepgMode(mode: string) {
  const response = await fetch(`${sandbox}/gepg/_control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  });
  expect(response.status).toBe(200);
}

/** Opens the page again and reads something off it; the page's own refresh may be under way, so a failed look is just another try. */
async function lookAgain<T>(page: Page, read: () => Promise<T>, failed: T): Promise<T> {
  try {
    await page.goto(page.url().replace(/#.*$/, ""));
    return await read();
  } catch {
    return failed;
  }
}

/** Reloads the bill page (as its refresh does without JavaScript) until it shows this state. */
async function waitForState(page: Page, state: string, timeout = 60_000) {
  await expect
    .poll(() => lookAgain(page, () => page.getByTestId("bill-state").innerText({ timeout: 2000 }), ""), { timeout, intervals: [1000] })
    .toBe(state);
}

test("a citizen pays a fee from the service page: control number, payment by M-Pesa, receipt and SMS", async ({ page }) => {
  const citizen = citizens[10]!;
  await gepgMode("normal");
  await signInBySms(page, citizen);
  await page.goto(`/en/services/${licence.slug.en}`);
  await page.getByLabel("Mobile number for the SMS (optional)").fill("07 not a phone");
  await page.getByRole("button", { name: "Get a control number" }).click();
  await expect(page.locator("#phone-0-error")).toHaveText("Write a Tanzanian mobile number, for example 0712 345 678, or leave it empty.");
  await page.getByLabel("Mobile number for the SMS (optional)").fill(citizen.phone);
  await page.getByRole("button", { name: "Get a control number" }).click();
  await expect(page).toHaveURL(/\/en\/payments\/[0-9a-f-]{36}(#pay)?$/);
  await expect(
    page.getByRole("heading", { name: "Your control number is on its way" }).or(page.getByTestId("control-number")),
  ).toBeVisible();
  // The page asks again by itself, without scripts.
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount((await page.getByTestId("control-number").count()) ? 0 : 1);
  await waitForState(page, "Awaiting payment");
  const controlNumber = await page.getByTestId("control-number").innerText();
  expect(controlNumber).toMatch(/^\d{12}$/);
  await expect(page.getByText("TZS 20,000.00").first()).toBeVisible();
  await expect(page.getByText(/dial \*150\*00#/)).toBeVisible();
  // In the language the citizen asked in, in one SMS, with the date as people write it and a short link.
  const issuedSms = await latestSms(citizen.phone, new RegExp(controlNumber));
  expect(issuedSms).toContain("TZS 20,000");
  expect(issuedSms).toMatch(
    /^Dirisha: Control number \d{12} for TZS 20,000, .+\. Pay before \d{1,2} [A-Z][a-z]+ \d{4}\. \S+\/en\/b\/DRS\d+$/,
  );
  expect(issuedSms.length).toBeLessThanOrEqual(160);

  // Swahili too.
  await page.goto(page.url().replace("/en/", "/sw/"));
  await expect(page.getByRole("heading", { name: "Lipa kwa namba hii ya malipo" })).toBeVisible();

  expect(await payInSandbox(controlNumber)).toBe(200);
  await page.goto(page.url().replace("/sw/", "/en/"));
  await waitForState(page, "Paid");
  await page.getByRole("link", { name: "See and print the receipt" }).click();
  const receipt = page.getByTestId("receipt");
  await expect(receipt).toContainText(/DRS-\d{4}-\d{6}/);
  await expect(receipt).toContainText("TZS 20,000.00");
  await expect(receipt).toContainText("M-Pesa");
  await expect(receipt).toContainText(controlNumber);
  const paidSms = await latestSms(citizen.phone, /We received/);
  expect(paidSms).toContain(controlNumber);
  // The short link leads to the bill.
  const link = /(\S+\/en\/b\/DRS\d+)$/.exec(paidSms)![1]!;
  await page.goto(link.replace(/^[^/]+/, ""));
  await expect(page.getByTestId("bill-state")).toHaveText("Paid");

  await page.goto("/en/account");
  await expect(page.getByRole("link", { name: licence.name.en })).toBeVisible();
  await expect(page.getByText(/Paid · Control number/)).toBeVisible();
});

test("the receipt says who was paid, for what, and what comes next; it prints without scripts", async ({ page }) => {
  const citizen = citizens[40]!;
  await gepgMode("normal");
  await signInBySms(page, citizen);
  await page.goto(`/sw/services/${licence.slug.sw}`);
  await page.getByLabel("Namba ya simu ya kupokea SMS (si lazima)").fill(citizen.phone);
  await page.getByRole("button", { name: "Pata namba ya malipo" }).click();
  await waitForState(page, "Inasubiri malipo");
  await expect(page.getByText("Mamlaka ya Udhibiti Usafiri Ardhini").first()).toBeVisible();
  const controlNumber = await page.getByTestId("control-number").innerText();
  expect(await payInSandbox(controlNumber)).toBe(200);
  await waitForState(page, "Imelipwa");
  // In Swahili, as asked.
  expect(await latestSms(citizen.phone, /Tumepokea/)).toContain(controlNumber);
  await page.getByRole("link", { name: "Tazama na uchapishe risiti" }).click();
  await expect(page.getByTestId("receipt")).toContainText("Taasisi");
  await expect(page.getByRole("heading", { name: "Nini kinafuata" })).toBeVisible();
  await page.getByRole("link", { name: "Chapisha risiti" }).click();
  await expect(page).toHaveURL(/\/receipt\?print=1$/);
  await expect(page.getByText(/Chagua "Chapisha"/)).toBeVisible();

  // Asking for the same fee again: told it was paid, and only a plain "pay again" makes a second bill.
  await page.goto(`/sw/services/${licence.slug.sw}`);
  await expect(page.getByTestId("paid-before")).toContainText("Umeshalipa ada hii tarehe");
  await expect(page.getByRole("button", { name: "Pata namba ya malipo" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Ndiyo, nahitaji kulipa tena/ })).toBeVisible();
});

test("no Pay online for a fee another system or an embassy bills: the page says where the control number comes from", async ({ page }) => {
  const citizen = citizens[41]!;
  await signInBySms(page, citizen);
  const renewal = service((s) => s.slug.en === "renew-a-driving-licence");
  await page.goto(`/en/services/${renewal.slug.en}`);
  await expect(page.getByRole("button", { name: "Get a control number" })).toHaveCount(0);
  await expect(page.getByTestId("fee-billing").first()).toContainText("The control number comes from TRA");
  const passport = service((s) => s.slug.en === "e-passport-application");
  await page.goto(`/sw/services/${passport.slug.sw}`);
  await expect(page.getByRole("button", { name: "Pata namba ya malipo" })).toHaveCount(0);
  await expect(page.getByText(/Hulipwa nje ya nchi/)).toBeVisible();
  const birth = service((s) => s.slug.en === "birth-registration-and-birth-certificate");
  await page.goto(`/en/services/${birth.slug.en}`);
  await expect(page.getByRole("button", { name: "Get a control number" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Open eRITA" })).toHaveAttribute("href", "https://erita.rita.go.tz/auth");
});

test("GePG down: the citizen sees an honest state, and the bill goes through once when GePG is back", async ({ page }) => {
  const citizen = citizens[11]!;
  await gepgMode("down");
  await signInBySms(page, citizen);
  await page.goto(`/en/services/${licence.slug.en}`);
  await page.getByRole("button", { name: "Get a control number" }).click();
  await expect(page.getByRole("heading", { name: "Your control number is on its way" })).toBeVisible();
  await expect
    .poll(() => lookAgain(page, () => page.getByText("GePG is not answering right now.").count(), -1), {
      timeout: 30_000,
      intervals: [1000],
    })
    .toBe(1);
  const billId = await page.locator("dd.font-mono").first().innerText();
  await gepgMode("normal");
  await waitForState(page, "Awaiting payment", 90_000);
  // However many deliveries were tried while it was down, GePG holds the bill once.
  const { bills } = (await (await fetch(`${sandbox}/gepg/bills.json`)).json()) as { bills: unknown[] };
  expect(bills.filter((bill) => JSON.stringify(bill).includes(billId))).toHaveLength(1);
});

test("a payment GePG notifies twice is counted once", async ({ page }) => {
  const citizen = citizens[12]!;
  await gepgMode("normal");
  await signInBySms(page, citizen);
  await page.goto(`/en/services/${licence.slug.en}`);
  await page.getByRole("button", { name: "Get a control number" }).click();
  await waitForState(page, "Awaiting payment");
  const controlNumber = await page.getByTestId("control-number").innerText();
  await gepgMode("duplicate-callback");
  expect(await payInSandbox(controlNumber, "airtel")).toBe(200);
  await waitForState(page, "Paid");
  await gepgMode("normal");
  await page.getByRole("link", { name: "See and print the receipt" }).click();
  // One receipt for one payment.
  await expect(page.getByTestId("receipt").getByText(/^DRS-\d{4}-\d{6}$/)).toHaveCount(1);
  await expect(page.getByTestId("receipt")).toContainText("Airtel Money");
});

test("a citizen cancels an unpaid bill at GePG, and can get a new control number", async ({ page }) => {
  const citizen = citizens[13]!;
  await gepgMode("normal");
  await signInBySms(page, citizen);
  await page.goto(`/sw/services/${licence.slug.sw}`);
  await page.getByRole("button", { name: "Pata namba ya malipo" }).click();
  await waitForState(page, "Inasubiri malipo");
  const controlNumber = await page.getByTestId("control-number").innerText();
  await page.getByRole("button", { name: "Futa bili hii" }).click();
  await expect(page.getByRole("heading", { name: "Bili hii imefutwa" })).toBeVisible();
  // GePG no longer takes payments for it.
  expect(await payInSandbox(controlNumber, "nmb")).toBe(409);
  await page.getByRole("button", { name: "Pata namba mpya ya malipo" }).click();
  await expect(page.getByRole("heading", { name: "Namba yako ya malipo inakuja" }).or(page.getByTestId("control-number"))).toBeVisible();
});

test("another citizen's bill, its receipt and its short link answer exactly as an unknown bill's do", async ({ page, browser }) => {
  // Issue 21: another citizen's bill answered 200 "not yours" where an unknown one is a 404.
  const owner = citizens[20]!;
  await gepgMode("normal");
  await signInBySms(page, owner);
  await page.goto(`/en/services/${licence.slug.en}`);
  await page.getByLabel("Mobile number for the SMS (optional)").fill(owner.phone);
  await page.getByRole("button", { name: "Get a control number" }).click();
  await waitForState(page, "Awaiting payment");
  const theirId = /\/payments\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const controlNumber = await page.getByTestId("control-number").innerText();
  expect(await payInSandbox(controlNumber)).toBe(200);
  await waitForState(page, "Paid");
  // Its owner sees the bill and the receipt, and the SMS's short link leads there.
  expect((await page.request.get(`/en/payments/${theirId}`)).status()).toBe(200);
  expect((await page.request.get(`/en/payments/${theirId}/receipt`)).status()).toBe(200);
  const shortLink = /(\S+\/en\/b\/DRS\d+)$/
    .exec(await latestSms(owner.phone, new RegExp(`We received.*${controlNumber}`)))![1]!
    .replace(/^[^/]+/, "");
  await page.goto(shortLink);
  await expect(page).toHaveURL(new RegExp(`/en/payments/${theirId}$`));

  const context = await browser.newContext({ javaScriptEnabled: false });
  const stranger = await context.newPage();
  await signInBySms(stranger, citizens[21]!);
  const guessedId = "00000000-0000-4000-8000-000000000000";
  for (const [theirs, guessed] of [
    [`/en/payments/${theirId}`, `/en/payments/${guessedId}`],
    [`/en/payments/${theirId}/receipt`, `/en/payments/${guessedId}/receipt`],
    [`/sw/payments/${theirId}`, `/sw/payments/${guessedId}`],
  ]) {
    const [their, unknown] = [await stranger.request.get(theirs!), await stranger.request.get(guessed!)];
    expect([their.status(), unknown.status()], theirs).toEqual([404, 404]);
    // Word for word the same page, but for the address it names.
    expect((await their.text()).replaceAll(theirId, "ID")).toBe((await unknown.text()).replaceAll(guessedId, "ID"));
  }
  // Their bill's short link leads where an unknown BillId's does, naming nothing of theirs.
  await stranger.goto(shortLink);
  const fromTheirs = stranger.url();
  await stranger.goto("/en/b/DRS999999999999");
  expect(fromTheirs).toBe(stranger.url());
  expect(fromTheirs).toMatch(/\/en\/account#payments$/);
  await context.close();
});

test("a forged payment notification is refused with GePG's invalid-signature code, and records nothing", async ({ request }) => {
  const forged = `<Gepg><pmtSpNtfReq><PmtHdr><ReqId>FORGED-1</ReqId><GrpBillId>DRS000</GrpBillId><SpGrpCode>SPG9901</SpGrpCode><CustCntrNum>991111111111</CustCntrNum><EntryCnt>1</EntryCnt></PmtHdr></pmtSpNtfReq><signature>${Buffer.from("not a signature").toString("base64")}</signature></Gepg>`;
  const response = await request.post("/api/gepg/payment", { data: forged, headers: { "Content-Type": "application/xml" } });
  expect(response.status()).toBe(200);
  const body = await response.text();
  expect(body).toContain("<AckStsCode>7303</AckStsCode>");
  expect(body).toContain("<ReqId>FORGED-1</ReqId>");
  expect(body).toMatch(/<signature>[A-Za-z0-9+/=]+<\/signature><\/Gepg>$/);
});

test("the payment pages pass axe in both languages", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  const citizen = citizens[14]!;
  await gepgMode("normal");
  await signInBySms(page, citizen);
  await page.goto(`/en/services/${licence.slug.en}`);
  await page.getByRole("button", { name: "Get a control number" }).click();
  await page.waitForURL(/\/en\/payments\/[0-9a-f-]{36}/);
  await waitForState(page, "Awaiting payment");
  const controlNumber = await page.getByTestId("control-number").innerText();
  const check = async (label: string) => {
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
      .analyze();
    expect(results.violations.map((v) => `${label} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  };
  await check("bill (en)");
  await page.goto(page.url().replace("/en/", "/sw/"));
  await check("bill (sw)");
  await payInSandbox(controlNumber, "crdb");
  await page.goto(page.url().replace("/sw/", "/en/"));
  await waitForState(page, "Paid");
  await page.getByRole("link", { name: "See and print the receipt" }).click();
  await check("receipt (en)");
  await page.goto(page.url().replace("/en/", "/sw/"));
  await check("receipt (sw)");
  await page.goto(`/sw/services/${licence.slug.sw}`);
  await check("service page with the payment form (sw)");
  await context.close();
});
