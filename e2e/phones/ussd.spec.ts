import { expect, test } from "../fixtures";
import { latestSms, sandbox } from "../helpers";

/*
 * The feature-phone channels end to end: the USSD menus over HTTP as the aggregator calls them,
 * in both languages, every screen within 182 GSM-7 characters; a person walking the sandbox's
 * phone; an inbound "HUDUMA pasipoti" answered by SMS; "SMS me this" on a service page.
 */

const auth = `Basic ${Buffer.from("aggregator:sandbox-ussd-secret").toString("base64")}`;
const gsm = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

test("the USSD menus answer the aggregator step by step, in Swahili and in English, within a phone's screen", async ({ request }) => {
  const phone = "255744000101";
  const sessionId = `e2e-${Date.now()}`;
  const step = async (text: string, id = sessionId, headers: Record<string, string> = { authorization: auth }) => {
    const response = await request.post("/api/ussd", {
      form: { sessionId: id, serviceCode: "*152*00#", phoneNumber: phone, text },
      headers,
    });
    const body = await response.text();
    if (response.status() === 200) {
      expect(body).toMatch(/^(CON|END) /);
      expect(body.length - 4).toBeLessThanOrEqual(182);
      expect(body.slice(4)).toMatch(gsm);
    }
    return { status: response.status(), body };
  };
  expect((await step("", sessionId, {})).status).toBe(401);
  expect((await step("")).body).toMatch(/^CON Dirisha: Huduma za Serikali\n1 Tafuta huduma/);
  expect((await step("1")).body).toContain("Andika jina la huduma");
  expect((await step("1*cheti cha kuzaliwa")).body).toMatch(/^CON Chagua huduma:\n1 /);
  const details = await step("1*cheti cha kuzaliwa*1");
  expect(details.body).toMatch(/^CON .*(kuzaliwa|Cheti)/s);
  expect((await step("1*cheti cha kuzaliwa*1*0*00")).body).toMatch(/^CON Dirisha: Huduma za Serikali/);
  const english = await step("1*cheti cha kuzaliwa*1*0*00*7");
  expect(english.body).toMatch(/^CON Dirisha: Government services/);
  expect((await step("1*cheti cha kuzaliwa*1*0*00*7*4")).body).toContain("Type the 12-digit control number");
  const unknown = await step("1*cheti cha kuzaliwa*1*0*00*7*4*991234567899");
  expect(unknown.body).toMatch(/^END Control number 991234567899 was not found/);
});

test("a person walks the sandbox's phone: dial, find a service, read it, have it sent by SMS", async ({ page }) => {
  const phone = "255744000202";
  await page.goto(`${sandbox}/ussd`);
  await page.getByLabel("Phone number").fill(phone);
  await page.getByRole("button", { name: /Dial/ }).click();
  await expect(page.getByTestId("ussd-screen")).toContainText("Dirisha: Huduma za Serikali");
  for (const answer of ["1", "pasipoti", "1"]) {
    await page.getByLabel("Reply").fill(answer);
    await page.getByRole("button", { name: "Send" }).click();
  }
  let guard = 0;
  while ((await page.getByTestId("ussd-screen").innerText()).includes("98 Zaidi") && guard++ < 20) {
    await page.getByLabel("Reply").fill("98");
    await page.getByRole("button", { name: "Send" }).click();
  }
  await expect(page.getByTestId("ussd-screen")).toContainText("1 Nitumie kwa SMS");
  await page.getByLabel("Reply").fill("1");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("ussd-screen")).toContainText("Tumekutumia maelezo ya huduma hii kwa SMS");
  expect(await latestSms(phone, /^Dirisha: /)).toMatch(/pasipoti/i);
});

test("an inbound HUDUMA pasipoti is answered by SMS", async ({ request }) => {
  const from = "255744000303";
  const unauthorised = await request.post("/api/sms/inbound", { form: { from, to: "15200", text: "HUDUMA pasipoti", messageId: "e2e-x" } });
  expect(unauthorised.status()).toBe(401);
  const response = await request.post("/api/sms/inbound", {
    form: { from, to: "15200", text: "HUDUMA pasipoti", messageId: `e2e-${Date.now()}` },
    headers: { authorization: `Basic ${Buffer.from("mgov:sandbox-sms-inbound-secret").toString("base64")}` },
  });
  expect(response.status()).toBe(200);
  expect(await latestSms(from, /^Dirisha: /)).toMatch(/pasipoti/i);
});

for (const [locale, label, wrong, sent] of [
  ["en", "Mobile number", "Enter a Tanzanian mobile number", "We have sent you the details by SMS."],
  ["sw", "Namba ya simu", "Andika namba ya simu ya mkononi ya Tanzania", "Tumekutumia maelezo kwa SMS."],
] as const) {
  test(`"SMS me this" on a service page, with JavaScript off (${locale})`, async ({ page }) => {
    const phone = locale === "en" ? "0744000404" : "0744000505";
    await page.goto(locale === "en" ? "/en/services/e-passport-application" : "/sw/services/pasipoti-ya-kielektroniki");
    await page.getByLabel(label).fill("12345");
    await page.getByRole("button", { name: locale === "en" ? "SMS me this" : "Nitumie kwa SMS" }).click();
    await expect(page.locator("#phone-error")).toContainText(wrong);
    await expect(page.getByLabel(label)).toHaveValue("12345");
    await page.getByLabel(label).fill(phone);
    await page.getByRole("button", { name: locale === "en" ? "SMS me this" : "Nitumie kwa SMS" }).click();
    await expect(page.getByTestId("sms-sent")).toContainText(sent);
    expect(await latestSms(`255${phone.slice(1)}`, /^Dirisha: /)).toBeTruthy();
  });
}

for (const locale of ["sw", "en"] as const) {
  test(`every USSD menu walked over HTTP (${locale})`, async ({ request }) => {
    let n = 0;
    /**
     * A new call, from a phone of its own: the same phone dialling again within two minutes would
     * resume its last call's menu (tested in lib/ussd/sessions.test.ts).
     */
    const call = () => {
      const sessionId = `walk-${locale}-${Date.now()}-${n}`;
      const phone = `255745${locale === "sw" ? 1 : 2}${String(n++).padStart(5, "0")}`;
      const answers: string[] = [];
      return async (answer?: string) => {
        if (answer !== undefined) answers.push(answer);
        const response = await request.post("/api/ussd", {
          form: { sessionId, serviceCode: "*152*00#", phoneNumber: phone, text: answers.join("*") },
          headers: { authorization: auth },
        });
        expect(response.status()).toBe(200);
        const body = await response.text();
        expect(body).toMatch(/^(CON|END) /);
        expect(body.length - 4).toBeLessThanOrEqual(182);
        expect(body.slice(4)).toMatch(gsm);
        return body;
      };
    };
    const words = {
      sw: {
        main: "Dirisha: Huduma za Serikali",
        results: "Chagua huduma:",
        events: "Chagua tukio:",
        institutions: "Chagua taasisi:",
        sms: "1 Nitumie kwa SMS",
      },
      en: {
        main: "Dirisha: Government services",
        results: "Choose a service:",
        events: "Choose an event:",
        institutions: "Choose an institution:",
        sms: "1 SMS me this",
      },
    }[locale];
    const start = async () => {
      const step = call();
      let screen = await step();
      if (!screen.includes(words.main)) screen = await step("7");
      expect(screen).toContain(words.main);
      return step;
    };

    // Find a service, read it to its end.
    let step = await start();
    await step("1");
    expect(await step(locale === "sw" ? "leseni ya udereva" : "driving licence")).toContain(words.results);
    let screen = await step("1");
    for (let guard = 0; screen.includes("98 ") && guard < 20; guard++) screen = await step("98");
    expect(screen).toContain(words.sms);
    // Life events, then institutions.
    step = await start();
    expect(await step("2")).toContain(words.events);
    expect(await step("1")).toContain(words.results);
    expect(await step("1")).toMatch(/^CON /);
    step = await start();
    await step("3");
    expect(await step("NIDA")).toContain(words.institutions);
    expect(await step("1")).toContain(words.results);
    // Send feedback, then follow it by its reference.
    step = await start();
    await step("5");
    await step("2");
    await step("RITA");
    await step("1");
    await step(locale === "sw" ? "Tafadhali fungueni ofisi Jumamosi pia." : "Please open the offices on Saturdays too.");
    const sent = await step("1");
    expect(sent).toMatch(/^END /);
    const reference = /(MRJ-[\w-]+|[A-Z]{2,}-\d{4}-[A-Z0-9]+)/.exec(sent)?.[1];
    expect(reference, sent).toBeTruthy();
    step = await start();
    await step("6");
    expect(await step(reference!)).toMatch(new RegExp(`^END .*${reference}`));
    // A control number, and a wrong answer with its hint.
    step = await start();
    expect(await step("9")).toMatch(locale === "sw" ? /^CON Chaguo si sahihi\./ : /^CON Not a choice here\./);
    await step("4");
    expect(await step("991234567000")).toMatch(/^END /);
  });
}
