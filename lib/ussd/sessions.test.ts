import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ussdPhones, ussdSessions } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue, type Catalogue } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows } from "@/lib/catalogue/load";
import { jobQueue } from "@/lib/jobs/queue";
import { testEngines, type TestDatabase } from "@/testing/database";
import { smsTo } from "@/testing/queue";
import { isGsm, SCREEN_LIMIT } from "./gsm";
import { answerUssd, newAnswers, serviceSms } from "./sessions";

describe("the answers a step brings", () => {
  it("are those after what the session had seen, or the last one when the history does not match", () => {
    expect(newAnswers("", "")).toEqual([]);
    expect(newAnswers("", "1")).toEqual(["1"]);
    expect(newAnswers("1", "1*pasipoti")).toEqual(["pasipoti"]);
    expect(newAnswers("1*pasipoti", "1*pasipoti")).toEqual([]);
    expect(newAnswers("1", "1*2*3")).toEqual(["2", "3"]);
    expect(newAnswers("1*x", "2*y")).toEqual(["y"]);
  });
});

describe.each(testEngines())("USSD sessions on $name", ({ open }) => {
  let database: TestDatabase;
  let catalogue: Catalogue;
  const phone = "255712000111";

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, readCatalogueData(path.resolve("db/seed/data")));
    catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    await jobQueue(database);
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
  });

  const ussd = (sessionId: string, text: string, now = new Date(), phoneNumber = phone) =>
    answerUssd(database.db, catalogue, { sessionId, phoneNumber, text }, now);

  it("walks a session step by step, as the aggregator sends it, and keeps no phone number", async () => {
    const first = await ussd("s1", "");
    expect(first).toEqual({ end: false, screen: expect.stringMatching(/^Dirisha: Huduma za Serikali/) });
    const asked = await ussd("s1", "1");
    expect(asked.screen).toContain("Andika jina la huduma");
    const listed = await ussd("s1", "1*pasipoti");
    expect(listed.screen).toMatch(/^Chagua huduma:\n1 /);
    // The network repeats a step: the same screen, nothing done twice.
    expect(await ussd("s1", "1*pasipoti")).toEqual(listed);
    const details = await ussd("s1", "1*pasipoti*1");
    expect(details.screen.length).toBeLessThanOrEqual(SCREEN_LIMIT);
    const rows = await database.db.select().from(ussdSessions);
    expect(JSON.stringify(rows)).not.toContain(phone);
    expect(JSON.stringify(rows)).not.toContain("712000111");
  });

  it("remembers the language a phone chose for its next call", async () => {
    const caller = "255715000444";
    const at = new Date(Date.now() + 30 * 60_000);
    await ussd("s2", "", at, caller);
    expect((await ussd("s2", "7", at, caller)).screen).toMatch(/^Dirisha: Government services/);
    expect((await ussd("s2", "7*0", at, caller)).screen).toMatch(/^Dirisha: Government services/);
    // Much later (no resuming), a new call starts in English.
    const later = new Date(at.getTime() + 10 * 60_000);
    expect((await ussd("s3", "", later, caller)).screen).toMatch(/^Dirisha: Government services/);
    expect((await database.db.select().from(ussdPhones)).map((p) => p.locale).sort()).toEqual(["en", "sw"]);
  });

  it("resumes a dropped call at its last menu when the phone dials again within two minutes, not after", async () => {
    const other = "255713000222";
    const start = new Date(Date.now() + 60 * 60_000);
    await ussd("d1", "", start, other);
    await ussd("d1", "3", start, other);
    const dropped = await ussd("d1", "3*RITA", start, other);
    expect(dropped.screen).toMatch(/^Chagua taasisi:/);
    const again = await ussd("d2", "", new Date(start.getTime() + 60_000), other);
    expect(again).toEqual(dropped);
    const tooLate = await ussd("d3", "", new Date(start.getTime() + 60_000 + 5 * 60_000), other);
    expect(tooLate.screen).toMatch(/^Dirisha: Huduma za Serikali/);
  });

  it("sends a service's details by SMS once, in two messages at most, and ends the session", async () => {
    const buyer = "255714000333";
    const at = new Date(Date.now() + 2 * 60 * 60_000);
    let text = "";
    let answer = await ussd("m1", text, at, buyer);
    for (const next of ["1", "pasipoti", "1"]) {
      text = text ? `${text}*${next}` : next;
      answer = await ussd("m1", text, at, buyer);
    }
    let guard = 0;
    while (answer.screen.includes("98 Zaidi") && guard++ < 30) {
      text = `${text}*98`;
      answer = await ussd("m1", text, at, buyer);
    }
    answer = await ussd("m1", `${text}*1`, at, buyer);
    expect(answer).toEqual({ end: true, screen: "Tumekutumia maelezo ya huduma hii kwa SMS. Asante kwa kutumia Dirisha." });
    const messages = await smsTo(await jobQueue(database), buyer);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.length).toBeLessThanOrEqual(306);
    expect(messages[0]).toMatch(/^Dirisha: /);
    // The session is over: a late step gets a goodbye.
    expect((await ussd("m1", `${text}*1*1`, at, buyer)).end).toBe(true);
  });

  it("stores feedback sent by USSD with the caller's phone, hands it to e-Mrejesho and confirms it by SMS", async () => {
    const caller = "255718000777";
    const at = new Date(Date.now() + 3 * 60 * 60_000);
    const steps = ["", "5", "5*1", "5*1*RITA", "5*1*RITA*1", "5*1*RITA*1*Cheti changu cha kuzaliwa kimechelewa wiki sita."];
    for (const text of steps) await ussd("f1", text, at, caller);
    const done = await ussd("f1", `${steps.at(-1)}*1`, at, caller);
    expect(done.end).toBe(true);
    const reference = /Namba ya kumbukumbu: (\S+)\./.exec(done.screen)?.[1];
    expect(reference).toBeTruthy();
    const messages = await smsTo(await jobQueue(database), caller);
    expect(messages.some((m) => m.includes(reference!))).toBe(true);
  });

  it("drops control characters a keypad cannot type (PostgreSQL refuses a NUL), and the session goes on", async () => {
    // Issue 21: a NUL in the aggregator's text failed in the database, and the step ended in an apology.
    const caller = "255719000888";
    const at = new Date(Date.now() + 4 * 60 * 60_000);
    await ussd("n1", "", at, caller);
    await ussd("n1", "1", at, caller);
    const listed = await ussd("n1", "1*pasi\u0000poti\u0007", at, caller);
    expect(listed.screen).toMatch(/^Chagua huduma:\n1 /);
    // Every later step carries the answers so far, the character with them, and follows on.
    expect((await ussd("n1", "1*pasi\u0000poti\u0007*1", at, caller)).end).toBe(false);
    const rows = await database.db.select().from(ussdSessions);
    expect(rows.find((row) => row.sessionId === "n1")?.answered).toBe("1*pasipoti*1");
    // Feedback typed with one is stored without it (another phone: this one's call would resume above).
    const steps = ["", "5", "5*1", "5*1*RITA", "5*1*RITA*1", "5*1*RITA*1*Cheti changu\u0000 kimechelewa wiki sita."];
    for (const text of steps) await ussd("n2", text, at, "255719000999");
    const done = await ussd("n2", `${steps.at(-1)}*1`, at, "255719000999");
    expect(done.screen).toMatch(/Namba ya kumbukumbu: \S+\./);
  });

  it("answers a number that is no Tanzanian mobile, or another phone under a known session, with END", async () => {
    expect((await ussd("x1", "", new Date(), "12345")).end).toBe(true);
    expect((await ussd("s1", "1", new Date(), "255719999999")).end).toBe(true);
  });

  it("answers random sessions, phone numbers and input histories with a screen a phone can show, never a crash", async () => {
    const phoneNumber = fc.oneof(
      fc.constantFrom("255712345678", "0712345678", "+255 754 000 111", "255622000333"),
      fc.string({ maxLength: 20 }),
      fc.stringMatching(/^2557\d{8}$/),
    );
    const answer = fc.oneof(
      fc.constantFrom("0", "00", "1", "2", "3", "4", "5", "6", "7", "98", "pasipoti", "RITA", ""),
      fc.string({ maxLength: 30 }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(phoneNumber, fc.array(answer, { maxLength: 8 }), async (phoneNumberValue, answers) => {
        const sessionId = `p-${run++}`;
        const at = new Date(Date.now() + 24 * 60 * 60_000 + run * 1000);
        // The aggregator's text at each step: "", then every answer so far joined by "*".
        const texts = ["", ...answers.map((_, i) => answers.slice(0, i + 1).join("*"))];
        for (const text of texts) {
          const result = await ussd(sessionId, text, at, phoneNumberValue);
          expect(result.screen.trim()).not.toBe("");
          expect(result.screen.length).toBeLessThanOrEqual(SCREEN_LIMIT);
          expect(isGsm(result.screen)).toBe(true);
          if (result.end) break;
        }
      }),
      { numRuns: 300 },
    );
  }, 300_000);

  it("writes a service's SMS in the caller's language within two messages", () => {
    for (const service of catalogue.services.slice(0, 50)) {
      for (const locale of ["sw", "en"] as const) expect(serviceSms(service, locale).length).toBeLessThanOrEqual(306);
    }
  });
});
