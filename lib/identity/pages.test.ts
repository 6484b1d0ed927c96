import { describe, expect, it } from "vitest";
import { getT } from "@/lib/i18n/server";
import { clockTime, pausedSentence, rateLimitedSentence, tooManyCodesSentence, triesLeftSentence } from "./pages";

describe("what the sign-in pages say about tries and pauses", () => {
  const sw = getT("sw", "auth");
  const en = getT("en", "auth");

  it("says how many tries are left before the pause, in both languages, one and many", () => {
    expect(`${sw("problems.wrongCode")} ${triesLeftSentence(sw, 2)}`).toBe(
      "Namba hiyo si sahihi. Umebakiza majaribio 2 kabla ya kuingia kwa NIN hii kusimamishwa kwa saa moja.",
    );
    expect(triesLeftSentence(sw, 1)).toBe("Umebakiza jaribio 1 kabla ya kuingia kwa NIN hii kusimamishwa kwa saa moja.");
    expect(`${en("problems.wrongCode")} ${triesLeftSentence(en, 2)}`).toBe(
      "That code is not right. You have 2 tries left before signing in with this NIN is paused for an hour.",
    );
    expect(triesLeftSentence(en, 1)).toBe("You have 1 try left before signing in with this NIN is paused for an hour.");
  });

  it("says until when a NIN is paused, on Tanzania's clock, and in how many minutes", () => {
    const now = new Date("2026-12-01T09:00:30Z"); // 12:00:30 in Dar es Salaam
    const until = new Date("2026-12-01T09:58:00Z");
    expect(clockTime("sw", until)).toBe("12:58");
    expect(pausedSentence(en, "en", until, "nin", now)).toBe(
      "Signing in with this NIN is paused until 12:58 (in 58 minutes), after too many wrong codes or answers. This is for your safety.",
    );
    expect(pausedSentence(sw, "sw", until, "nin", now)).toBe(
      "Kuingia kwa NIN hii kumesimamishwa hadi saa 12:58 (baada ya dakika 58), kwa sababu namba au majibu yasiyo sahihi yamekuwa mengi. Hii ni kwa usalama wako.",
    );
    // Past midnight, 24-hour clock; a pause about to end is still "in 1 minute".
    expect(pausedSentence(en, "en", new Date("2026-12-01T21:30:10Z"), "nin", new Date("2026-12-01T21:30:00Z"))).toContain(
      "until 00:30 (in 1 minute)",
    );
    // Without its end (the sign-in is gone), it says how long a pause lasts.
    expect(pausedSentence(sw, "sw", null, null)).toBe(sw("problems.locked"));
    // An address paused whatever the NIN is said to be so.
    expect(pausedSentence(en, "en", until, "address", now)).toBe(
      "Signing in from this internet connection is paused until 12:58 (in 58 minutes), after too many wrong codes or answers from it. This is for everyone's safety.",
    );
    expect(pausedSentence(sw, "sw", until, "address", now)).toContain("hadi saa 12:58 (baada ya dakika 58)");
  });

  it("says how many codes went to the phone and until when no more go, from the limit itself (issue 21: it said 'a few minutes')", () => {
    const now = new Date("2026-12-01T09:17:00Z"); // 12:17 in Dar es Salaam, in the hour ending at 13:00
    const until = new Date("2026-12-01T10:00:00Z");
    expect(tooManyCodesSentence(en, "en", 5, until, now)).toBe(
      "We have sent 5 codes to this phone, the most we send before 13:00. You can ask for a new code then (in 43 minutes), or answer NIDA's questions now.",
    );
    expect(tooManyCodesSentence(sw, "sw", 5, until, now)).toBe(
      "Tumeshatuma namba 5 kwenye simu hii, idadi ya juu kabla ya saa 13:00. Unaweza kuomba namba mpya wakati huo (baada ya dakika 43), au ujibu maswali ya NIDA sasa.",
    );
    expect(tooManyCodesSentence(en, "en", 5, until, new Date("2026-12-01T09:59:30Z"))).toContain("(in 1 minute)");
  });

  it("says until when an address that started too many sign-ins waits, from the limit's window (issue 21: it said 'a few minutes')", () => {
    const now = new Date("2026-12-01T11:33:20Z"); // 14:33 in Dar es Salaam, in the ten minutes ending at 14:40
    const until = new Date("2026-12-01T11:40:00Z");
    expect(rateLimitedSentence(en, "en", until, now)).toBe(
      "Too many sign-ins have been started from this internet connection in a short time. Try again at 14:40 (in 7 minutes).",
    );
    expect(rateLimitedSentence(sw, "sw", until, now)).toBe(
      "Majaribio mengi mno ya kuingia yameanzishwa kutoka muunganisho huu wa intaneti kwa muda mfupi. Jaribu tena saa 14:40 (baada ya dakika 7).",
    );
    expect(rateLimitedSentence(en, "en", until, new Date("2026-12-01T11:39:45Z"))).toContain("(in 1 minute)");
    // Where the end is not known (a problem carried in an address), the window's length, not "a few minutes".
    for (const t of [en, sw]) expect(t("problems.rateLimited", { minutes: 10 })).toMatch(/10/);
    expect(en("problems.rateLimited", { minutes: 10 })).not.toContain("few");
  });
});
