import { describe, expect, it } from "vitest";
import type { Channel, Source } from "./model";
import { carryConfirmations, factTrust, isMarked, isOld, listingFacts } from "./trust";

const today = "2026-12-04";
const official: Source = { url: "https://www.rita.go.tz/fees", kind: "official", date: "2025", confidence: "HIGH", note: "RITA's fees." };
const oldOfficial: Source = { url: "https://www.rita.go.tz/old", kind: "official", date: "2019-05", confidence: "HIGH", note: "Old page." };
const news: Source = { url: "https://dailynews.co.tz/x", kind: "news", date: "2021", confidence: "MEDIUM-HIGH", note: "A report." };
const weakOfficial: Source = { url: "https://www.rita.go.tz/faq", kind: "official", confidence: "MEDIUM", note: "Undated FAQ." };
const sources = [official, oldOfficial, news, weakOfficial];

describe("how far a fact can be trusted", () => {
  it("is unmarked when a recent official source states it firmly", () => {
    const trust = factTrust({ source: official.url }, sources, today);
    expect(trust).toEqual({ state: "sourced", kind: "official", date: "2025", confidence: "HIGH", unconfirmed: false, old: false });
    expect(isMarked(trust)).toBe(false);
  });

  it("is unconfirmed when it rests on a newspaper or blog, however firmly, or on a weak official source", () => {
    expect(factTrust({ source: news.url }, sources, today)).toMatchObject({ kind: "news", date: "2021", unconfirmed: true });
    expect(factTrust({ source: weakOfficial.url }, sources, today)).toMatchObject({
      kind: "official",
      date: null,
      unconfirmed: true,
      old: false,
    });
    expect(factTrust({ source: null }, sources, today)).toMatchObject({ kind: null, unconfirmed: true });
    expect(factTrust({ source: "https://elsewhere.example" }, sources, today)).toMatchObject({ kind: null, unconfirmed: true });
  });

  it("is old when stated more than three years ago, by the fee's own date before its source's", () => {
    expect(factTrust({ source: oldOfficial.url }, sources, today)).toMatchObject({ unconfirmed: false, old: true });
    expect(factTrust({ source: official.url, asOf: "2022-06" }, sources, today)).toMatchObject({ date: "2022-06", old: true });
    expect(isMarked(factTrust({ source: oldOfficial.url }, sources, today))).toBe(true);
  });

  it("counts partial dates to their end: 2023 is old only after 2026", () => {
    expect(isOld("2023", "2026-12-04")).toBe(false);
    expect(isOld("2023", "2027-01-01")).toBe(true);
    expect(isOld("2023-11", "2026-12-04")).toBe(true);
    expect(isOld("2023-12-05", "2026-12-04")).toBe(false);
  });

  it("is confirmed, whatever its source, once a person of the institution has confirmed it", () => {
    const trust = factTrust({ source: news.url, confirmedOn: "2026-12-01" }, sources, today);
    expect(trust).toEqual({ state: "confirmed", on: "2026-12-01" });
    expect(isMarked(trust)).toBe(false);
  });
});

describe("a listing's facts", () => {
  const phone: Channel = { kind: "phone", number: "0800117482", label: { sw: "Simu", en: "Phone" }, source: official.url };
  const online: Channel = { kind: "online", url: "https://erita.rita.go.tz", label: { sw: "eRITA", en: "eRITA" }, source: official.url };
  const listing = {
    fees: [{ amount: 8000, currency: "TZS", label: { en: "Certificate" }, source: news.url, asOf: "2021", confirmedOn: "2026-12-01" }],
    processingTime: { iso: "P7D", text: { sw: "Siku 7", en: "7 days" }, source: official.url, confirmedOn: null },
    channels: [online, { ...phone, confirmedOn: "2026-12-02" }],
  };

  it("are its fees, its processing time and its channels, each under a key", () => {
    expect(listingFacts(listing).map((f) => [f.key, f.confirmedOn])).toEqual([
      ["fee:0", "2026-12-01"],
      ["time", null],
      ["channel:0", null],
      ["channel:1", "2026-12-02"],
    ]);
  });

  it("keep their confirmation through an edit that leaves them as they were, and lose it when changed", () => {
    const edited = {
      fees: [{ amount: 10000, currency: "TZS", label: { en: "Certificate" }, source: news.url, asOf: "2021" }],
      processingTime: { iso: "P7D", text: { sw: "Siku 7", en: "7 days" }, source: official.url },
      // Reordered: the phone is now first, as it was.
      channels: [phone, online],
    };
    const carried = carryConfirmations(edited, listing);
    expect(carried.fees[0]!.confirmedOn).toBeNull();
    expect(carried.processingTime!.confirmedOn).toBeNull();
    expect(carried.channels.map((c) => c.confirmedOn)).toEqual(["2026-12-02", null]);
  });
});
