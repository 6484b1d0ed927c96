import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue, type Catalogue } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows } from "@/lib/catalogue/load";
import { jobQueue } from "@/lib/jobs/queue";
import { testEngines, type TestDatabase } from "@/testing/database";
import { smsTo } from "@/testing/queue";
import { answerInboundSms, readRequest } from "./inbound";

describe("an inbound SMS's request", () => {
  it("takes its language from the keyword and the rest as the words asked about", () => {
    expect(readRequest("HUDUMA pasipoti")).toEqual({ locale: "sw", query: "pasipoti" });
    expect(readRequest("  service   birth certificate ")).toEqual({ locale: "en", query: "birth certificate" });
    expect(readRequest("cheti cha kuzaliwa")).toEqual({ locale: "sw", query: "cheti cha kuzaliwa" });
    expect(readRequest("“HUDUMA” —")).toEqual({ locale: "sw", query: '"HUDUMA" -' });
    // Control characters are no GSM-7 characters: none reaches the search, the reply or the database.
    expect(readRequest("HUDUMA pasi\u0000poti\u001b")).toEqual({ locale: "sw", query: "pasipoti" });
    // Issue 21: a first word naming one of an object's own properties was taken for a language, and the answer failed.
    for (const word of ["__proto__", "constructor", "toString", "hasOwnProperty"])
      expect(readRequest(`${word} pasipoti`)).toEqual({ locale: "sw", query: `${word} pasipoti` });
  });
});

describe.each(testEngines())("inbound SMS on $name", ({ open }) => {
  let database: TestDatabase;
  let catalogue: Catalogue;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, readCatalogueData(path.resolve("db/seed/data")));
    catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    await jobQueue(database);
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it("answers HUDUMA pasipoti with the passport's facts in Swahili, once per message however often it arrives", async () => {
    const sms = { from: "0716000555", text: "HUDUMA pasipoti", messageId: "m-1" };
    expect(await answerInboundSms(database.db, catalogue, sms)).toBe("answered");
    expect(await answerInboundSms(database.db, catalogue, sms)).toBe("answered");
    const messages = await smsTo(await jobQueue(database), "255716000555");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^Dirisha: .*pasipoti/i);
    expect(messages[0]!.length).toBeLessThanOrEqual(306);
  });

  it("answers in English for SERVICE, says how to ask when nothing matches, and limits each phone", async () => {
    const phone = "255717000666";
    await answerInboundSms(database.db, catalogue, { from: phone, text: "SERVICE birth certificate", messageId: "e-1" });
    await answerInboundSms(database.db, catalogue, { from: phone, text: "HUDUMA qqqqzzzz", messageId: "e-2" });
    const messages = await smsTo(await jobQueue(database), phone);
    expect(messages[0]).toMatch(/^Dirisha: Birth/);
    expect(messages[1]).toContain('Hatukupata huduma ya "qqqqzzzz"');
    let outcome = "";
    for (let i = 0; i < 12; i++)
      outcome = await answerInboundSms(database.db, catalogue, { from: phone, text: "HUDUMA nida", messageId: `r-${i}` });
    expect(outcome).toBe("limited");
    expect(await answerInboundSms(database.db, catalogue, { from: "12345", text: "HUDUMA nida", messageId: "x" })).toBe("ignored");
  });
});
