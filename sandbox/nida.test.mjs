import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CITIZENS, QUESTIONS, groupNin } from "./citizens.mjs";
import { createNida, isValidNin, normaliseAnswer } from "./nida.mjs";
import { createSandbox } from "./server.mjs";

function ageOn(dateOfBirth, today) {
  const [y, m, d] = dateOfBirth.split("-").map(Number);
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}

describe("sandbox NIDA citizens", () => {
  it("has at least 55 fictional citizens with well-formed, unique NINs and phones and all answers", () => {
    expect(CITIZENS.length).toBeGreaterThanOrEqual(55);
    expect(new Set(CITIZENS.map((c) => c.nin)).size).toBe(CITIZENS.length);
    expect(new Set(CITIZENS.map((c) => c.phone)).size).toBe(CITIZENS.length);
    const today = new Date();
    for (const c of CITIZENS) {
      expect(c.nin).toMatch(/^\d{20}$/);
      expect(isValidNin(c.nin)).toBe(true);
      expect(c.nin.slice(0, 8)).toBe(c.dateOfBirth.replaceAll("-", ""));
      expect(c.phone).toMatch(/^255[67]\d{8}$/);
      expect(["M", "F"]).toContain(c.sex);
      expect(ageOn(c.dateOfBirth, today)).toBeGreaterThanOrEqual(18);
      expect(ageOn(c.dateOfBirth, today)).toBeLessThanOrEqual(80);
      for (const q of QUESTIONS) expect(String(c.answers[q.code] ?? "").trim()).not.toBe("");
      // Born in the region of answer 103; both places named, ward and village text or null.
      expect(c.placeOfBirth).toEqual({ region: c.answers[103], district: expect.any(String) });
      expect(c.placeOfBirth.district.trim()).not.toBe("");
      expect(Object.keys(c.residence)).toEqual(["region", "district", "ward", "village"]);
      expect(c.residence.region.trim()).not.toBe("");
      expect(c.residence.district.trim()).not.toBe("");
      for (const key of ["ward", "village"]) expect(c.residence[key] === null || c.residence[key].trim() !== "").toBe(true);
    }
    expect(new Set(CITIZENS.map((c) => c.residence.region)).size).toBeGreaterThanOrEqual(15);
    expect(CITIZENS[0].placeOfBirth).toEqual({ region: "Kilimanjaro", district: "Moshi" });
    expect(CITIZENS[0].residence).toMatchObject({ region: "Dar es Salaam", district: "Kinondoni" });
    expect(new Set(CITIZENS.map((c) => c.sex))).toEqual(new Set(["M", "F"]));
    expect(new Set(CITIZENS.map((c) => c.answers[103])).size).toBeGreaterThanOrEqual(15);
    expect(groupNin(CITIZENS[0].nin)).toBe("19900101-00000-00000-01");
  });

  it("are all in the README's table", () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, "README.md"), "utf8");
    for (const c of CITIZENS) {
      const row = readme.split("\n").find((line) => line.startsWith("|") && line.includes(`\`${groupNin(c.nin)}\``));
      expect(row).toBeDefined();
      for (const value of [c.firstName, c.surname, c.phone, ...Object.values(c.answers)]) expect(row).toContain(value);
    }
  });

  it("checks NINs by length, digits and a real date of birth", () => {
    expect(isValidNin("19840229000000000001")).toBe(true);
    expect(isValidNin("19850229000000000001")).toBe(false);
    expect(isValidNin("19901301000000000001")).toBe(false);
    expect(isValidNin("1990010100000000000a")).toBe(false);
    expect(isValidNin("199001010000000000011")).toBe(false);
  });

  it("compares answers ignoring case, accents and surrounding spaces", () => {
    expect(normaliseAnswer("  MÓSHI ")).toBe(normaliseAnswer("Moshi"));
    expect(normaliseAnswer("Chake Chake")).not.toBe(normaliseAnswer("ChakeChake"));
  });
});

describe("sandbox NIDA citizen records", () => {
  const nida = createNida();
  const c = CITIZENS[0];

  it("DATA answers the Citizen with PlaceOfBirth and Residence, and Sex as M or F", () => {
    expect(nida.handle({ NIN: c.nin, Action: "DATA" })).toEqual({
      Code: "00",
      Message: "Success",
      Citizen: {
        FirstName: "Amani",
        MiddleName: "Juma",
        Surname: "Mushi",
        DateOfBirth: "1990-01-01",
        Sex: "M",
        Nationality: "Tanzanian",
        PhoneNumber: "255700000001",
        PlaceOfBirth: { Region: "Kilimanjaro", District: "Moshi" },
        Residence: { Region: "Dar es Salaam", District: "Kinondoni", Ward: "Mwananyamala", Village: "Kisiwani" },
      },
    });
    for (const citizen of CITIZENS) {
      const record = nida.handle({ NIN: citizen.nin, Action: "DATA" }).Citizen;
      expect(["M", "F"]).toContain(record.Sex);
      expect(Object.keys(record.PlaceOfBirth)).toEqual(["Region", "District"]);
      expect(Object.keys(record.Residence)).toEqual(["Region", "District", "Ward", "Village"]);
      expect(record.PlaceOfBirth.Region).toBe(citizen.answers[103]);
    }
    // A citizen NIDA has no village for: null, not missing.
    const noVillage = CITIZENS.find((x) => x.residence.village === null);
    expect(noVillage).toBeDefined();
    expect(nida.handle({ NIN: noVillage.nin, Action: "DATA" }).Citizen.Residence.Village).toBeNull();
  });
});

describe("sandbox NIDA question sessions", () => {
  // With random() = 0 the questions come in a fixed order: 103, 105, 108, 101.
  const nida = createNida({ random: () => 0 });
  const c = CITIZENS[0];
  const ask = (extra) => nida.handle({ NIN: c.nin, Action: "RQVerification", ...extra });

  it("passes after wrong, right, wrong, right", () => {
    let q = ask();
    expect(q).toMatchObject({ Code: "120", RQCode: "103" });
    q = ask({ RQCode: q.RQCode, QNANSW: "Dodoma" });
    expect(q).toMatchObject({ Code: "124", RQCode: "105", SW: "Taja wilaya ulipohitimu darasa la saba" });
    q = ask({ RQCode: q.RQCode, QNANSW: "móshi" });
    expect(q).toMatchObject({ Code: "123", RQCode: "108" });
    q = ask({ RQCode: q.RQCode, QNANSW: "1999" });
    expect(q).toMatchObject({ Code: "124", RQCode: "101" });
    q = ask({ RQCode: q.RQCode, QNANSW: c.answers[101] });
    expect(q).toMatchObject({
      Code: "00",
      Citizen: {
        Surname: c.surname,
        DateOfBirth: c.dateOfBirth,
        Sex: "M",
        PlaceOfBirth: { Region: "Kilimanjaro", District: "Moshi" },
        Residence: { Region: "Dar es Salaam", District: "Kinondoni", Ward: "Mwananyamala", Village: "Kisiwani" },
      },
    });
    expect(nida.sessionCount()).toBe(0);
  });

  it("refuses an answer to a question not asked, and a start over begins a new session", () => {
    expect(ask({ RQCode: "103", QNANSW: c.answers[103] }).Code).toBe("01");
    ask();
    expect(ask({ RQCode: "108", QNANSW: c.answers[108] }).Code).toBe("01");
    expect(ask({ RQCode: "103", QNANSW: "x" }).Code).toBe("124");
    expect(ask({ RQCode: "105", QNANSW: "x" }).Code).toBe("124");
    expect(ask().Code).toBe("120");
    expect(ask({ RQCode: "103", QNANSW: "x" }).Code).toBe("124");
  });

  it("answers 01 for an unknown Action", () => {
    expect(nida.handle({ NIN: c.nin, Action: "PHOTO" }).Code).toBe("01");
  });
});

describe("sandbox NIDA tester page", () => {
  let server;
  let base;
  beforeAll(async () => {
    server = createSandbox({ port: 0, host: "127.0.0.1" });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(() => server.close());

  it("lists every citizen with the NIN grouped, and is linked from the index; health lists the systems", async () => {
    const html = await (await fetch(`${base}/nida`)).text();
    for (const c of CITIZENS) {
      expect(html).toContain(groupNin(c.nin));
      expect(html).toContain(c.phone);
    }
    expect(html).toContain("Taja mkoa uliozaliwa");
    expect(html).toContain("Kisiwani, Mwananyamala, Kinondoni, Dar es Salaam");
    expect(await (await fetch(`${base}/`)).text()).toContain('href="/nida"');
    expect((await (await fetch(`${base}/health`)).json()).systems).toEqual(["mgov-sms", "govesb", "nida", "emrejesho", "institutions"]);
  });
});
