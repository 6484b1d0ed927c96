import { describe, expect, it } from "vitest";
import { fitOneSms, gsmPlain, shortenOnWords, shortLink, SMS_LENGTH, smsDate, smsText } from "./sms-text";

describe("text messages as citizens read them", () => {
  it("cut names on word boundaries, never mid-word", () => {
    expect(shortenOnWords("Kuhuisha leseni (miaka mitano) ya udereva", 24)).toBe("Kuhuisha leseni...");
    expect(shortenOnWords("Short name", 24)).toBe("Short name");
    expect(shortenOnWords("Supercalifragilisticexpialidocious", 12)).toBe("Supercali...");
  });

  it("write dates as people do, in each language", () => {
    const date = new Date("2026-12-04T09:00:00Z");
    expect(smsDate("sw", date)).toBe("4 Desemba 2026");
    expect(smsDate("en", date)).toBe("4 December 2026");
  });

  it("keep to the GSM alphabet, so that one SMS holds 160 characters", () => {
    expect(gsmPlain("RITA – “Cheti” … ’s")).toBe(`RITA - "Cheti" ... 's`);
  });

  it("fit a bill's message into one SMS by shortening the service name only", () => {
    const long = "Usajili wa madereva wa kibiashara na utoaji wa vyeti vya udereva kwa magari ya abiria na mizigo: Ada ya usajili";
    const render = (service: string) =>
      smsText("sw", "billIssued", { controlNumber: "991234567890", amount: "TZS 20,000", service, date: "11 Desemba 2026", link: shortLink("sw", "b", "DRS261204123456789") });
    const message = fitOneSms(render, long);
    expect(message.length).toBeLessThanOrEqual(SMS_LENGTH);
    expect(message).toMatch(/^Dirisha: Namba ya malipo 991234567890 ya TZS 20,000 kwa Usajili wa madereva .*\.\.\.\. Lipa kabla ya 11 Desemba 2026\. \S+\/sw\/b\/DRS261204123456789$/);
    // A short name is left whole.
    expect(fitOneSms(render, "Leseni")).toContain("kwa Leseni. Lipa");
  });

  it("say the same things in English", () => {
    expect(smsText("en", "feedbackReceived", { reference: "MRJ-AB12-CD34", link: "x/en/f/MRJ-AB12-CD34" })).toBe(
      "Dirisha: Thank you, your feedback was received. Tracking reference MRJ-AB12-CD34. Follow it here: x/en/f/MRJ-AB12-CD34",
    );
  });
});
