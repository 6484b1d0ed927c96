import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue, type Catalogue } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows } from "@/lib/catalogue/load";
import type { CatalogueService } from "@/lib/catalogue/model";
import { getT } from "@/lib/i18n/server";
import { testEngines, type TestDatabase } from "@/testing/database";
import { isGsm, SCREEN_LIMIT } from "./gsm";
import { START, step, type UssdDeps, type UssdState } from "./menus";

/** Menus walked on the real catalogue, with a bill, a feedback and an SMS of the test's own. */

let database: TestDatabase;
let catalogue: Catalogue;
const sent: { service: string; locale: string }[] = [];
const feedback: { kind: string; institutionId: string; message: string; locale: string }[] = [];

beforeAll(async () => {
  database = await testEngines()[0]!.open();
  await seedCatalogue(database.db, readCatalogueData(path.resolve("db/seed/data")));
  catalogue = buildCatalogue(await loadCatalogueRows(database.db));
}, 60_000);
afterAll(async () => {
  await database?.dispose();
});

const deps = (): UssdDeps => ({
  catalogue,
  t: (locale) => getT(locale, "ussd"),
  today: "2026-12-04",
  billByControlNumber: async (number) =>
    number === "991234567890"
      ? { controlNumber: number, amount: "20000.00", currency: "TZS", state: "issued", expiresOn: "2026-12-11" }
      : null,
  feedbackByReference: async (reference) =>
    reference.toUpperCase() === "MRJ-2026-ABC123"
      ? { reference: "MRJ-2026-ABC123", institution: "RITA", status: "acknowledged", date: "2026-12-01" }
      : null,
  submitFeedback: async (input) => {
    feedback.push(input);
    return "MRJ-2026-USSD01";
  },
  smsService: async (service: CatalogueService, locale) => {
    sent.push({ service: service.slug.en, locale });
    return "queued";
  },
});

/** Walks answers from the start; every screen checked on the way. */
async function walk(answers: string[], from: UssdState = START) {
  let state = from;
  let last = await step(deps(), state, null);
  const screens = [last.screen];
  for (const answer of answers) {
    expect(last.end, `answered after END: ${answers.join("*")}`).toBe(false);
    last = await step(deps(), state, answer);
    state = last.state;
    screens.push(last.screen);
  }
  for (const screen of screens) {
    expect(screen.length, screen).toBeLessThanOrEqual(SCREEN_LIMIT);
    expect(screen.trim().length).toBeGreaterThan(0);
    expect(isGsm(screen), screen).toBe(true);
  }
  return { last, screens };
}

describe("the USSD menus", () => {
  it("start in Swahili and switch to English from the first menu", async () => {
    const { screens, last } = await walk(["7"]);
    expect(screens[0]).toMatch(/^Dirisha: Huduma za Serikali\n1 Tafuta huduma/);
    expect(screens[1]).toMatch(/^Dirisha: Government services\n1 Find a service/);
    expect(last.state.locale).toBe("en");
  });

  it("find a service by words, read its details screen by screen, and send them by SMS", async () => {
    const { screens, last } = await walk(["1", "pasipoti"]);
    expect(screens[1]).toContain("Andika jina la huduma");
    expect(screens[2]).toMatch(/^Chagua huduma:\n1 /);
    expect(screens[2]).toContain("0 Rudi");
    let state = last.state;
    let screen = (await step(deps(), state, "1")).screen;
    state = (await step(deps(), state, "1")).state;
    const service = catalogue.serviceById.get((state.stack.at(-1) as { id: string }).id)!;
    expect(screen).toContain(service.name.sw.slice(0, 20));
    let guard = 0;
    while (screen.includes("98 Zaidi") && guard++ < 30) {
      const next = await step(deps(), state, "98");
      state = next.state;
      screen = next.screen;
      expect(screen.length).toBeLessThanOrEqual(SCREEN_LIMIT);
    }
    expect(screen).toContain("1 Nitumie kwa SMS");
    const done = await step(deps(), state, "1");
    expect(done.end).toBe(true);
    expect(done.screen).toBe("Tumekutumia maelezo ya huduma hii kwa SMS. Asante kwa kutumia Dirisha.");
    expect(sent.at(-1)).toEqual({ service: service.slug.en, locale: "sw" });
  });

  it("browse by life event and by institution, in English", async () => {
    const english: UssdState = { locale: "en", stack: [{ at: "main" }] };
    const events = await walk(["2"], english);
    expect(events.screens[1]).toMatch(/^Choose an event:\n1 /);
    const inEvent = await walk(["2", "1"], english);
    expect(inEvent.screens[2]).toMatch(/^Choose a service:\n1 /);
    const institution = await walk(["3", "RITA"], english);
    expect(institution.screens[2]).toMatch(/^Choose an institution:\n1 RITA/);
    const itsServices = await walk(["3", "RITA", "1"], english);
    expect(itsServices.screens[3]).toMatch(/^Choose a service:\n1 /);
  });

  it("page a long list with 98 and go back with 0 and to the start with 00", async () => {
    const { screens } = await walk(["1", "leseni", "98", "0", "00"]);
    expect(screens[2]).toContain("98 Zaidi");
    expect(screens[3]).toMatch(/^Chagua huduma:\n1 /);
    expect(screens[3]).not.toBe(screens[2]);
    expect(screens[4]).toContain("Andika jina la huduma");
    expect(screens[5]).toMatch(/^Dirisha: Huduma za Serikali/);
  });

  it("re-show the same menu with a one-line hint after a wrong answer", async () => {
    const { screens } = await walk(["8", "1", "", "pasipoti", "42"]);
    expect(screens[1]).toMatch(/^Chaguo si sahihi\. Dirisha: Huduma za Serikali/);
    expect(screens[3]).toMatch(/^Andika kitu kwanza\. Andika jina la huduma/);
    expect(screens[5]).toMatch(/^Chaguo si sahihi\. Chagua huduma:/);
  });

  it("check a control number: a wrong number asked again, an unknown one said so, a known one with its amount and state", async () => {
    expect((await walk(["4", "123"])).screens[2]).toMatch(/^Namba ya malipo ina tarakimu 12\. Andika namba ya malipo/);
    const unknown = await walk(["4", "991234567891"]);
    expect(unknown.last.end).toBe(true);
    expect(unknown.last.screen).toContain("haikupatikana");
    const known = await walk(["4", "9912 3456 7890"]);
    expect(known.last.end).toBe(true);
    expect(known.last.screen).toContain("Kiasi: TZS 20,000");
    expect(known.last.screen).toContain("Hali: inasubiri malipo");
  });

  it("follow feedback by its reference", async () => {
    const found = await walk(["7", "6", "mrj-2026-abc123"]);
    expect(found.last.screen).toBe(
      "Feedback MRJ-2026-ABC123 to RITA\nState: received by the institution\nDate: 2026-12-01".slice(0, SCREEN_LIMIT),
    );
    expect((await walk(["6", "XYZ"])).last.screen).toContain("haikupatikana");
  });

  it("send feedback: its kind, the institution found by name, a short message, then its reference", async () => {
    const { screens, last } = await walk(["5", "9", "1", "TANESCO", "1", "short", "Umeme umekatika siku tatu mtaani kwetu Kimara.", "1"]);
    expect(screens[1]).toMatch(/^Aina ya maoni:\n1 Malalamiko/);
    expect(screens[2]).toMatch(/^Chaguo si sahihi\. Aina ya maoni/);
    expect(screens[3]).toContain("Maoni yako ni kwa taasisi gani?");
    expect(screens[4]).toMatch(/^Chagua taasisi:\n1 TANESCO/);
    expect(screens[5]).toContain("Andika maoni yako");
    expect(screens[6]).toMatch(/^Andika angalau herufi 10\./);
    expect(screens[7]).toMatch(/^Tuma maoni haya kwa TANESCO\?\n"Umeme umekatika/);
    expect(last.end).toBe(true);
    expect(last.screen).toContain("Namba ya kumbukumbu: MRJ-2026-USSD01");
    const tanesco = catalogue.institutions.find((i) => i.acronym === "TANESCO")!;
    expect(feedback.at(-1)).toEqual({
      kind: "complaint",
      institutionId: tanesco.id,
      message: "Umeme umekatika siku tatu mtaani kwetu Kimara.",
      locale: "sw",
    });
  });

  it("answer any sequence of input, of any length or alphabet, with a screen a phone can show", async () => {
    const answer = fc.oneof(
      fc.constantFrom("0", "00", "1", "2", "3", "4", "5", "6", "7", "98", "99", "", " ", "*", "#"),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 300 }),
      fc.constantFrom("pasipoti", "leseni ya biashara", "RITA", "TRA", "991234567890", "MRJ-2026-ABC123", "‘quote’ — dash"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(answer, { maxLength: 12 }),
        fc.constantFrom<UssdState>(START, { locale: "en", stack: [{ at: "main" }] }),
        async (answers, from) => {
          let state = from;
          let last = await step(deps(), state, null);
          for (const a of answers) {
            if (last.end) break;
            last = await step(deps(), state, a);
            state = last.state;
            expect(last.screen.length).toBeLessThanOrEqual(SCREEN_LIMIT);
            expect(last.screen.trim()).not.toBe("");
            expect(isGsm(last.screen)).toBe(true);
          }
        },
      ),
      { numRuns: 1500 },
    );
  }, 120_000);
});
