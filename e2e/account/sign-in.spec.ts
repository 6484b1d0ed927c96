import { expect, test, type Page } from "../fixtures";
import { citizens, sandbox } from "../helpers";
const grouped = (nin: string) => `${nin.slice(0, 8)}-${nin.slice(8, 13)}-${nin.slice(13, 18)}-${nin.slice(18)}`;

// One at a time: the sandbox's switches (bus down, bad signature) are shared by everyone.
test.describe.configure({ mode: "serial" });
test.use({ javaScriptEnabled: false });

/** The newest SMS before this test began: messages before it are another test's. */
let floor = 0;

async function latestCodeFor(phone: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const { messages } = (await (await fetch(`${sandbox}/mgov/inbox.json`)).json()) as Inbox;
    const found = messages.find((m) => m.recipient === phone && m.id > floor);
    if (found) return /(\d{6})/.exec(found.message)![1]!;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("no SMS reached the sandbox's phone inbox");
}

type Inbox = { messages: { id: number; recipient: string; message: string }[] };

/** The id of the newest SMS in the sandbox's phone inbox (0 when it is empty). */
async function newestSmsId(): Promise<number> {
  const { messages } = (await (await fetch(`${sandbox}/mgov/inbox.json`)).json()) as Inbox;
  return messages[0]?.id ?? 0;
}

/** The code of an SMS to this phone newer than `afterId`: a new code, not the one before it. */
async function codeAfter(phone: string, afterId: number): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const { messages } = (await (await fetch(`${sandbox}/mgov/inbox.json`)).json()) as Inbox;
    const found = messages.find((m) => m.recipient === phone && m.id > afterId);
    if (found) return /(\d{6})/.exec(found.message)![1]!;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("no new SMS reached the sandbox's phone inbox");
}

const otherThan = (code: string) => (code === "111111" ? "222222" : "111111");

async function setBus(mode: string) {
  await fetch(`${sandbox}/govesb/_control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  });
}

async function enterNin(page: Page, label: string, nin: string, button: string) {
  await page.getByLabel(label).fill(nin);
  await page.getByRole("button", { name: button }).click();
}

test.beforeEach(async () => {
  await setBus("normal");
  // The inbox is shared with the specs running beside this one: never emptied, only read past this point.
  floor = await newestSmsId();
});

test("a protected page sends the citizen to sign in, by SMS code, and back; then sign out (Swahili)", async ({ page, browser }) => {
  const amani = citizens[0]!;
  await page.goto("/sw/account");
  await expect(page).toHaveURL(/\/sw\/sign-in\?return=%2Fsw%2Faccount$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ingia kwa Namba ya Kitambulisho cha Taifa");

  await enterNin(page, "Namba ya Kitambulisho cha Taifa (NIN)", grouped(amani.nin), "Endelea");
  await expect(page.getByText("+255 7•• ••• •01")).toBeVisible();
  // Rule: no NIN or phone in any address.
  expect(page.url()).not.toContain(amani.nin.slice(8));
  await page.getByRole("button", { name: "Nitumie namba kwa SMS" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Andika namba uliyotumiwa");

  const code = await latestCodeFor(amani.phone);
  await page.getByLabel("Namba ya tarakimu 6").fill(code);
  await page.getByRole("button", { name: "Ingia" }).click();
  await expect(page).toHaveURL(/\/sw\/account$/);
  await expect(page.getByText(`Karibu, ${amani.firstName}`)).toBeVisible();
  await expect(page.getByText("••••••••-•••••-•••00-01")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Malipo yangu" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Mrejesho wangu" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Akaunti yangu" })).toBeVisible();

  // A copy of the session cookie, as someone at a shared computer might take it.
  const copied = (await page.context().cookies()).filter((c) => c.name.includes("authjs"));
  expect(copied.length).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Toka" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Umetoka kwenye akaunti yako.");
  await page.goto("/sw/account");
  await expect(page).toHaveURL(/\/sw\/sign-in/);

  // Rule: signing out ends the session everywhere; the copied cookie opens nothing.
  const other = await browser.newContext({ javaScriptEnabled: false });
  await other.addCookies(copied);
  const stranger = await other.newPage();
  await stranger.goto("/sw/account");
  await expect(stranger).toHaveURL(/\/sw\/sign-in/);
  await other.close();
});

test("signing in by NIDA's security questions, asked in English on English pages", async ({ page }) => {
  const citizen = citizens[2]!;
  await page.goto("/en/sign-in");
  await enterNin(page, "National ID Number (NIN)", citizen.nin, "Continue");
  await page.getByRole("button", { name: "Answer NIDA's questions" }).click();
  for (let i = 0; i < 3 && page.url().includes("/sign-in/questions"); i++) {
    const question = (await page.locator("#question").textContent())!.trim();
    expect(question).toMatch(/^Mention /);
    const code = { "mother's first name": "101", "region of birth": "103", "primary school district": "105", "year you finished": "108" };
    const key = Object.entries(code).find(([words]) => question.includes(words))![1];
    await page.getByLabel("Your answer").fill(citizen.answers[key]!);
    await page.getByRole("button", { name: "Answer" }).click();
  }
  await expect(page).toHaveURL(/\/en\/account$/);
  await expect(page.getByText(`Welcome, ${citizen.firstName}`)).toBeVisible();
});

test("a NIN with a mistake gets a clear error beside the field, the number kept", async ({ page }) => {
  await page.goto("/sw/sign-in");
  await enterNin(page, "Namba ya Kitambulisho cha Taifa (NIN)", "1990 0101 0000", "Endelea");
  await expect(page.locator("#nin-error")).toHaveText("Namba ya NIN ina tarakimu 20");
  await expect(page.getByLabel("Namba ya Kitambulisho cha Taifa (NIN)")).toHaveValue("1990 0101 0000");
  await enterNin(page, "Namba ya Kitambulisho cha Taifa (NIN)", "19901301000000000001", "Endelea");
  await expect(page.locator("#nin-error")).toContainText("tarehe yako ya kuzaliwa");
  await enterNin(page, "Namba ya Kitambulisho cha Taifa (NIN)", "19900101999999999999", "Endelea");
  await expect(page.locator("#nin-error")).toHaveText("NIDA haijaipata namba hii. Angalia tarakimu kwenye kitambulisho chako.");
});

test("when GovESB is down or signs badly the citizen is told, and nobody gets in", async ({ page }) => {
  const citizen = citizens[3]!;
  for (const mode of ["down", "bad-signature"]) {
    await setBus(mode);
    await page.goto("/en/sign-in");
    await enterNin(page, "National ID Number (NIN)", citizen.nin, "Continue");
    await expect(page.locator("#nin-error")).toHaveText(
      "NIDA's service cannot be reached right now. Nothing is lost: try again in a few minutes.",
    );
    await expect(page.getByLabel("National ID Number (NIN)")).toHaveValue(citizen.nin);
  }
  await setBus("normal");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Prove it is you");
});

test("five wrong codes pause the NIN for an hour, and the page says until when and what else to do", async ({ page }) => {
  const citizen = citizens[4]!;
  await page.goto("/en/sign-in");
  await enterNin(page, "National ID Number (NIN)", citizen.nin, "Continue");
  await page.getByRole("button", { name: "Send me a code by SMS" }).click();
  const wrong = otherThan(await latestCodeFor(citizen.phone));
  for (let i = 0; i < 4; i++) {
    await page.getByLabel("6-digit code").fill(wrong);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page.locator("#code-error")).toHaveText(
    "That code is not right. You have 1 try left before signing in with this NIN is paused for an hour.",
  );
  await page.getByLabel("6-digit code").fill(wrong);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/sign-in\?/);
  await expect(page.getByRole("alert")).toContainText(/Signing in with this NIN is paused until \d{2}:\d{2} \(in (59|60) minutes\)/);
  await expect(page.getByRole("heading", { name: "What you can do now" })).toBeVisible();
  await expect(page.getByRole("link", { name: "find a service and what it needs" })).toHaveAttribute("href", "/en/services");

  await page.goto("/en/sign-in");
  await enterNin(page, "National ID Number (NIN)", citizen.nin, "Continue");
  await expect(page.locator("#nin-error")).toContainText("Signing in with this NIN is paused until");
  await expect(page.getByRole("link", { name: "follow your feedback with its reference" })).toBeVisible();
});

test("after a wrong code or answer the page says how many tries are left and offers the other ways; signing in clears them (English)", async ({
  page,
}) => {
  const citizen = citizens[57]!;
  await page.goto("/en/sign-in");
  await enterNin(page, "National ID Number (NIN)", citizen.nin, "Continue");
  let since = await newestSmsId();
  await page.getByRole("button", { name: "Send me a code by SMS" }).click();
  const first = await codeAfter(citizen.phone, since);

  await page.getByLabel("6-digit code").fill(otherThan(first));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#code-error")).toHaveText(
    "That code is not right. You have 4 tries left before signing in with this NIN is paused for an hour.",
  );
  await expect(page.getByLabel("6-digit code")).toHaveAttribute("aria-describedby", "code-error");
  // The other ways, as buttons that work without scripts.
  await expect(page.getByRole("heading", { name: "Other ways" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send me a new code" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Answer NIDA's questions instead" })).toBeVisible();
  await page.getByLabel("6-digit code").fill(otherThan(first));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#code-error")).toContainText("You have 3 tries left");

  // NIDA's questions instead: the tries are the NIN's, whichever way.
  await page.getByRole("button", { name: "Answer NIDA's questions instead" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("NIDA security question");
  await expect(page.getByText("You have 3 tries left before signing in with this NIN is paused for an hour.")).toBeVisible();
  await page.getByLabel("Your answer").fill("Not the answer");
  await page.getByRole("button", { name: "Answer", exact: true }).click();
  await expect(page.locator("#answer-error")).toHaveText(
    "That answer was not right. You have 2 tries left before signing in with this NIN is paused for an hour.",
  );

  // And from the questions, a code by SMS instead.
  since = await newestSmsId();
  await page.getByRole("button", { name: "Send me a code by SMS instead" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enter the code we sent");
  await expect(page.getByText("You have 2 tries left before signing in with this NIN is paused for an hour.")).toBeVisible();
  const second = await codeAfter(citizen.phone, since);
  await page.getByLabel("6-digit code").fill(second);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(`Welcome, ${citizen.firstName}`)).toBeVisible();

  // Signing in cleared the count: the next sign-in starts with five tries again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto("/en/sign-in");
  await enterNin(page, "National ID Number (NIN)", citizen.nin, "Continue");
  since = await newestSmsId();
  await page.getByRole("button", { name: "Send me a code by SMS" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enter the code we sent");
  await expect(page.getByText(/tries? left/)).toHaveCount(0);
  const third = await codeAfter(citizen.phone, since);
  await page.getByLabel("6-digit code").fill(otherThan(third));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#code-error")).toHaveText(
    "That code is not right. You have 4 tries left before signing in with this NIN is paused for an hour.",
  );
});

test("with one try left the page says so and offers the other ways; the pause says until when (Swahili)", async ({ page }) => {
  const citizen = citizens[58]!;
  await page.goto("/sw/sign-in");
  await enterNin(page, "Namba ya Kitambulisho cha Taifa (NIN)", citizen.nin, "Endelea");
  const since = await newestSmsId();
  await page.getByRole("button", { name: "Nitumie namba kwa SMS" }).click();
  const wrong = otherThan(await codeAfter(citizen.phone, since));
  for (const left of ["majaribio 4", "majaribio 3", "majaribio 2"]) {
    await page.getByLabel("Namba ya tarakimu 6").fill(wrong);
    await page.getByRole("button", { name: "Ingia" }).click();
    await expect(page.locator("#code-error")).toContainText(`Umebakiza ${left} kabla`);
  }
  await page.getByLabel("Namba ya tarakimu 6").fill(wrong);
  await page.getByRole("button", { name: "Ingia" }).click();
  await expect(page.locator("#code-error")).toHaveText(
    "Namba hiyo si sahihi. Umebakiza jaribio 1 kabla ya kuingia kwa NIN hii kusimamishwa kwa saa moja.",
  );
  await expect(page.getByRole("heading", { name: "Njia nyingine" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Nitumie namba mpya" })).toBeVisible();

  await page.getByRole("button", { name: "Jibu maswali ya NIDA badala yake" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Swali la usalama la NIDA");
  await expect(page.getByText("Umebakiza jaribio 1 kabla ya kuingia kwa NIN hii kusimamishwa kwa saa moja.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Nitumie namba kwa SMS badala yake" })).toBeVisible();
  await page.getByLabel("Jibu lako").fill("Sijui");
  await page.getByRole("button", { name: "Jibu", exact: true }).click();

  // The fifth wrong try: paused, until when, and what else the citizen can do.
  await expect(page).toHaveURL(/\/sw\/sign-in\?/);
  await expect(page.getByRole("alert")).toContainText(
    /Kuingia kwa NIN hii kumesimamishwa hadi saa \d{2}:\d{2} \(baada ya dakika (59|60)\)/,
  );
  await expect(page.getByRole("heading", { name: "Unachoweza kufanya sasa" })).toBeVisible();
  await expect(page.getByRole("link", { name: "tuma malalamiko, maoni au swali" })).toHaveAttribute("href", "/sw/feedback");
  // The steps of that sign-in are closed too.
  await page.goto("/sw/sign-in/code");
  await expect(page).toHaveURL(/\/sw\/sign-in\?problem=locked/);
});

test("a server action called from another site is refused", async ({ page, request }) => {
  // Rule: actions are public endpoints; one posted from another origin must do nothing.
  await page.goto("/sw/sign-in");
  const fields = await page
    .locator("form input")
    .evaluateAll((inputs) => Object.fromEntries((inputs as HTMLInputElement[]).map((input) => [input.name, input.value])));
  fields["nin"] = citizens[0]!.nin;
  const post = (origin: string) => request.post("/sw/sign-in", { headers: { Origin: origin }, multipart: fields, maxRedirects: 0 });

  const foreign = await post("https://evil.example");
  expect(foreign.status()).toBeGreaterThanOrEqual(400);
  expect(foreign.headers()["set-cookie"] ?? "").not.toContain("dirisha_signin");

  // The same post from the portal's own origin goes through, so the refusal above is the origin's.
  const own = await post(new URL(page.url()).origin);
  expect(own.headers()["set-cookie"] ?? "").toContain("dirisha_signin");
});
