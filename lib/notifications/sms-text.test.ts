import { describe, expect, it } from "vitest";
import { locales, type Locale } from "@/lib/i18n/config";
import { resources } from "@/lib/i18n/resources";
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
      smsText("sw", "billIssued", {
        controlNumber: "991234567890",
        amount: "TZS 20,000",
        service,
        date: "11 Desemba 2026",
        link: shortLink("sw", "b", "DRS261204123456789"),
      });
    const message = fitOneSms(render, long);
    expect(message.length).toBeLessThanOrEqual(SMS_LENGTH);
    expect(message).toMatch(
      /^Dirisha: Namba ya malipo 991234567890 ya TZS 20,000 kwa Usajili wa madereva .*\.\.\.\. Lipa kabla ya 11 Desemba 2026\. \S+\/sw\/b\/DRS261204123456789$/,
    );
    // A short name is left whole.
    expect(fitOneSms(render, "Leseni")).toContain("kwa Leseni. Lipa");
  });

  it("say the same things in English", () => {
    expect(smsText("en", "feedbackReceived", { reference: "MRJ-AB12-CD34", link: "x/en/f/MRJ-AB12-CD34" })).toBe(
      "Dirisha: Thank you, your feedback was received. Tracking reference MRJ-AB12-CD34. Follow it here: x/en/f/MRJ-AB12-CD34",
    );
  });
});

/*
 * Every message in both languages, with the longest values it meets in real use: a 12-digit
 * control number, amounts in the millions, the longest month names, receipt numbers and
 * references in full, the portal's own address, long service and institution names. Each must
 * fit one SMS in the GSM alphabet.
 */
const GSM_7 = /^[A-Za-z0-9 @£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;
const link = (locale: Locale, kind: "a" | "b" | "f", reference: string) => `dirisha.go.tz/${locale}/${kind}/${reference}`;
const longService = {
  sw: "Usajili wa kizazi na utoaji wa cheti cha kuzaliwa kwa watoto wa miaka mitano",
  en: "Registration of birth and issue of a birth certificate for children over five",
};
const longInstitution = { sw: "Wakala wa Usajili, Ufilisi na Udhamini", en: "Registration, Insolvency and Trusteeship Agency" };
/** An application's message, as lib/applications/applications.ts renders it, with the longest service name. */
const application = (locale: Locale, key: Parameters<typeof smsText>[1]) =>
  fitOneSms(
    (service) => smsText(locale, key, { reference: "APP-7K2Q-9XWD", service, link: link(locale, "a", "APP-7K2Q-9XWD") }),
    longService[locale],
  );
const worstCase: Record<keyof (typeof resources)["sw"]["sms"], (locale: Locale) => string> = {
  billIssued: (locale) =>
    fitOneSms(
      (service) =>
        smsText(locale, "billIssued", {
          controlNumber: "991234567890",
          amount: "TZS 1,500,000",
          service,
          date: smsDate(locale, new Date("2026-09-30T09:00:00Z")),
          link: link(locale, "b", "DRS260930123456789"),
        }),
      longService[locale],
    ),
  billPaid: (locale) =>
    smsText(locale, "billPaid", {
      amount: "TZS 1,500,000",
      controlNumber: "991234567890",
      receipt: "DRS-2026-123456",
      link: link(locale, "b", "DRS260930123456789"),
    }),
  billPartPaid: (locale) =>
    smsText(locale, "billPartPaid", {
      amount: "TZS 1,250,000",
      controlNumber: "991234567890",
      receipt: "DRS-2026-123456",
      left: "TZS 1,250,000",
      link: link(locale, "b", "DRS260930123456789"),
    }),
  feedbackAnswered: (locale) =>
    fitOneSms(
      (institution) =>
        smsText(locale, "feedbackAnswered", { institution, reference: "MRJ-AB12-CD34", link: link(locale, "f", "MRJ-AB12-CD34") }),
      longInstitution[locale],
    ),
  feedbackReceived: (locale) =>
    smsText(locale, "feedbackReceived", { reference: "MRJ-AB12-CD34", link: link(locale, "f", "MRJ-AB12-CD34") }),
  signInCode: (locale) => smsText(locale, "signInCode", { code: "123456", minutes: "5" }),
  applicationApproved: (locale) => application(locale, "applicationApproved"),
  applicationAwaitingPayment: (locale) => application(locale, "applicationAwaitingPayment"),
  applicationCompleted: (locale) => application(locale, "applicationCompleted"),
  applicationInReview: (locale) => application(locale, "applicationInReview"),
  applicationInformationNeeded: (locale) => application(locale, "applicationInformationNeeded"),
  applicationReadyForCollection: (locale) => application(locale, "applicationReadyForCollection"),
  applicationReceived: (locale) => application(locale, "applicationReceived"),
  applicationRejected: (locale) => application(locale, "applicationRejected"),
  applicationSubmitted: (locale) => application(locale, "applicationSubmitted"),
};

describe.each(locales)("every message in %s", (locale) => {
  it("is covered here, key for key", () => {
    expect(Object.keys(worstCase).sort()).toEqual(Object.keys(resources[locale].sms).sort());
  });

  it.each(Object.keys(worstCase) as (keyof typeof worstCase)[])("%s fits one SMS of the GSM alphabet, every placeholder filled", (key) => {
    const message = worstCase[key](locale);
    expect(message, message).not.toMatch(/\{\{|\}\}/);
    expect(message, message).toMatch(GSM_7);
    expect(message.length, message).toBeLessThanOrEqual(SMS_LENGTH);
  });
});
