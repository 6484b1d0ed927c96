import { expect, test } from "../fixtures";
import { birthRegistration, rita } from "../catalogue-data";
import { citizens, latestSms, sandbox, signInBySms } from "../helpers";

test.use({ javaScriptEnabled: false });
// The sandbox's bus switch is shared: these run one at a time.
test.describe.configure({ mode: "serial" });

const pdf = { name: "barua.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n") };

async function statusOf(page: import("@playwright/test").Page, reference: string, locale = "sw") {
  await page.goto(`/${locale}/feedback/status?reference=${reference}`);
  return page.locator("article");
}

test("an anonymous complaint from a service page gets a reference, an SMS, and the institution's reply (Swahili)", async ({ page }) => {
  await page.goto(`/sw/services/${birthRegistration.slug.sw}`);
  await page.getByRole("link", { name: "Toa malalamiko au maoni kuhusu huduma hii" }).click();
  await expect(page.getByLabel("Taasisi", { exact: true })).toHaveValue(`${rita.name.sw} (RITA)`);

  await page.getByLabel("Malalamiko").check();
  await page.getByLabel("Kichwa cha ujumbe").fill("Cheti kimechelewa");
  await page.getByLabel("Ujumbe wako").fill("Niliomba cheti cha kuzaliwa miezi mitatu iliyopita na bado sijakipata.");
  await page.getByLabel("Kiambatisho (si lazima)").setInputFiles(pdf);
  await page.getByLabel("Namba ya simu ya mkononi").fill("0712 000 111");
  await page.getByRole("button", { name: "Tuma mrejesho" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mrejesho wako umepokelewa");
  const reference = (await page.locator("p.font-mono").textContent())!.trim();
  expect(reference).toMatch(/^MRJ-/);
  expect(await latestSms("255712000111", new RegExp(reference))).toContain(reference);

  // e-Mrejesho acknowledges through the bus (the job queue delivers, the sandbox calls back).
  await expect(async () => {
    await expect(await statusOf(page, reference)).toContainText("Umepokelewa na taasisi");
  }).toPass({ timeout: 15_000 });
  await expect(page.locator("article")).toContainText("EMR-");

  const answered = await fetch(`${sandbox}/emrejesho/answer.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ portalReference: reference, reply: "Cheti chako kiko tayari. Karibu ofisini.", by: "RITA Dodoma" }),
  });
  expect(answered.ok).toBe(true);
  await expect(async () => {
    const article = await statusOf(page, reference);
    await expect(article).toContainText("Taasisi imejibu");
    await expect(article).toContainText("Cheti chako kiko tayari. Karibu ofisini.");
  }).toPass({ timeout: 15_000 });
});

test("a signed-in citizen's inquiry shows in their account (English)", async ({ page }) => {
  await signInBySms(page, citizens[6]!);
  await page.goto(`/en/feedback?institution=${rita.slug}`);
  await page.getByLabel("Question").check();
  await page.getByLabel("Subject").fill("Late registration");
  await page.getByLabel("Your message").fill("Can I register my son's birth after ten years, and what do I bring?");
  await expect(page.getByText(`You are sending as ${citizens[6]!.firstName}`)).toBeVisible();
  await page.getByRole("button", { name: "Send feedback" }).click();
  const reference = (await page.locator("p.font-mono").textContent())!.trim();
  await page.goto("/en/account");
  await expect(page.getByRole("region", { name: "My feedback" })).toContainText(reference);
  await expect(page.getByRole("region", { name: "My feedback" })).toContainText("Late registration");
});

test("mistakes are shown beside their fields, and what was typed is kept", async ({ page }) => {
  await page.goto("/en/feedback");
  await page.getByLabel("Institution", { exact: true }).fill("Registration Insolvncy Agency");
  await page.getByLabel("Your message").fill("Too short");
  await page.getByLabel("Mobile phone number").fill("022 212 3456");
  await page
    .getByLabel("Attachment (optional)")
    .setInputFiles({ name: "virus.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00 not a pdf") });
  await page.getByRole("button", { name: "Send feedback" }).click();

  await expect(page.locator("#kind-error")).toHaveText("Choose what kind of feedback it is");
  await expect(page.locator("#institution-error")).toHaveText(`We did not find that institution. Did you mean: ${rita.name.en} (RITA)?`);
  await expect(page.locator("#subject-error")).toHaveText("Write a subject of 3 characters or more");
  await expect(page.locator("#message-error")).toHaveText("Write a message of 10 characters or more");
  await expect(page.locator("#phone-error")).toHaveText("Enter a Tanzanian mobile number, such as 0712 345 678");
  await expect(page.locator("#attachment-error")).toHaveText("The attachment must be a PDF, JPEG or PNG");
  await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("If you attached a file, attach it again.");
  await expect(page.getByLabel("Institution", { exact: true })).toHaveValue("Registration Insolvncy Agency");
  await expect(page.getByLabel("Your message")).toHaveValue("Too short");
  await expect(page.getByLabel("Mobile phone number")).toHaveValue("022 212 3456");
});

test("a photo too large gets the field's error, and the text is kept", async ({ page }) => {
  await page.goto(`/sw/feedback?institution=${rita.slug}`);
  await page.getByLabel("Pongezi").check();
  await page.getByLabel("Kichwa cha ujumbe").fill("Huduma nzuri");
  await page.getByLabel("Ujumbe wako").fill("Watumishi wa ofisi ya Dodoma walinihudumia vizuri sana.");
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5 * 1024 * 1024, 1)]);
  await page.getByLabel("Kiambatisho (si lazima)").setInputFiles({ name: "picha.jpg", mimeType: "image/jpeg", buffer: photo });
  await page.getByRole("button", { name: "Tuma mrejesho" }).click();
  await expect(page.locator("#attachment-error")).toHaveText("Kiambatisho kisizidi MB 2");
  await expect(page.getByLabel("Ujumbe wako")).toHaveValue("Watumishi wa ofisi ya Dodoma walinihudumia vizuri sana.");
});

test("feedback sent while the bus is down is delivered when it is back, once", async ({ page }) => {
  await fetch(`${sandbox}/govesb/_control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode: "down" }),
  });
  await page.goto(`/en/feedback?institution=${rita.slug}`);
  await page.getByLabel("Compliment").check();
  await page.getByLabel("Subject").fill("Quick service");
  await page.getByLabel("Your message").fill("The staff at the Dodoma office were quick and kind.");
  await page.getByRole("button", { name: "Send feedback" }).click();
  const reference = (await page.locator("p.font-mono").textContent())!.trim();
  await expect(await statusOf(page, reference, "en")).toContainText("Received by Dirisha, waiting to be sent on");

  await fetch(`${sandbox}/govesb/_control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode: "normal" }),
  });
  // The worker retries after its back-off (5 s for the first retry).
  await expect(async () => {
    await expect(await statusOf(page, reference, "en")).toContainText("Received by the institution");
  }).toPass({ timeout: 30_000 });
  const { submissions } = (await (await fetch(`${sandbox}/emrejesho.json`)).json()) as { submissions: Record<string, unknown>[] };
  expect(submissions.filter((s) => JSON.stringify(s).includes(reference))).toHaveLength(1);
});

test("a reference typed with spaces, in small letters, without dashes or with long ones finds the feedback (both languages)", async ({
  page,
}) => {
  await page.goto(`/en/feedback?institution=${rita.slug}`);
  await page.getByLabel("Suggestion or opinion").check();
  await page.getByLabel("Subject").fill("Saturday opening");
  await page.getByLabel("Your message").fill("Please open the Dodoma office on Saturday mornings too.");
  await page.getByRole("button", { name: "Send feedback" }).click();
  const reference = (await page.locator("p.font-mono").textContent())!.trim();
  const [, first, second] = /^MRJ-([A-Z0-9]{4})-([A-Z0-9]{4})$/.exec(reference)!;
  const canonicalUrl = (locale: string) => new RegExp(`/${locale}/feedback/status\\?reference=${reference}$`);

  // Swahili: with spaces and in small letters, in the page's own form (a GET form, no scripts).
  await page.goto("/sw/feedback/status");
  await page.getByLabel("Namba ya kufuatilia").fill(` mrj ${first!.toLowerCase()} ${second!.toLowerCase()} `);
  await page.getByRole("button", { name: "Angalia" }).click();
  await expect(page).toHaveURL(canonicalUrl("sw"));
  await expect(page.getByLabel("Namba ya kufuatilia")).toHaveValue(reference);
  await expect(page.locator("article")).toContainText("Saturday opening");

  // English: without dashes, then with en dashes.
  for (const typed of [`MRJ${first}${second}`, `MRJ\u2013${first}\u2013${second}`]) {
    await page.goto("/en/feedback/status");
    await page.getByLabel("Tracking reference").fill(typed);
    await page.getByRole("button", { name: "Check" }).click();
    await expect(page).toHaveURL(canonicalUrl("en"));
    await expect(page.getByLabel("Tracking reference")).toHaveValue(reference);
    await expect(page.locator("article")).toContainText("Saturday opening");
  }

  // What is not a reference at all is said to be so, in each language.
  await page.goto("/en/feedback/status?reference=MRJ-12");
  await expect(page.locator("#reference-error")).toHaveText(
    "That does not look like a tracking reference. A reference is MRJ and 8 letters or digits, such as MRJ-7K2Q-9XWD.",
  );
  await page.goto("/sw/feedback/status?reference=MRJ-12");
  await expect(page.locator("#reference-error")).toHaveText(
    "Hii haionekani kama namba ya kufuatilia. Namba ya kufuatilia ni MRJ na herufi au tarakimu 8, kama MRJ-7K2Q-9XWD.",
  );
});

test("an unknown reference is said to be unknown", async ({ page }) => {
  await page.goto("/en/feedback/status?reference=MRJ-ZZZZ-ZZZZ");
  await expect(page.locator("#reference-error")).toHaveText("We found no feedback with that reference. Check the letters and digits.");
});

test("an update not signed by the bus is refused and changes nothing", async ({ request }) => {
  // Rule: only the bus's signature, checked on the bytes received, makes an update trusted.
  const data = JSON.stringify({
    pushCode: "EMREJESHO-SANDBOX-UPDATES",
    esbBody: { Update: { PortalReference: "MRJ-ZZZZ-ZZZZ", Reference: "EMR-1", Status: "CLOSED", Reply: null, UpdateId: "forged-1" } },
  });
  const forged = await request.post("/api/govesb/emrejesho", {
    headers: { "Content-Type": "application/json" },
    data: `{"data":${data},"signature":"MEUCIQDx"}`,
  });
  expect(forged.status()).toBe(401);
  const garbage = await request.post("/api/govesb/emrejesho", { headers: { "Content-Type": "application/json" }, data: "not json" });
  expect(garbage.status()).toBe(401);
});
