import { describe, expect, it } from "vitest";
import { newReference } from "./feedback";
import { isCanonicalReference, normaliseReference } from "./reference";

describe("feedback references as people type them", () => {
  it.each([
    ["MRJ-DAMS-TRKN", "the canonical form itself"],
    ["MRJ DAMS TRKN", "spaces for dashes"],
    ["mrjdamstrkn", "lower case, no dashes"],
    [" MRJ-dams-trkn ", "surrounding spaces, mixed case"],
    ["MRJ–DAMS–TRKN", "en dashes"],
    ["MRJ—DAMS—TRKN", "em dashes"],
    ["MRJ\u2212DAMS\u2212TRKN", "minus signs"],
    ["MRJ - DAMS - TRKN", "spaced dashes"],
    ["MRJ\u00a0DAMS\u00a0TRKN", "non-breaking spaces"],
    ["ＭＲＪ－ＤＡＭＳ－ＴＲＫＮ", "full-width characters"],
    ["\u200bMRJ-DAMS-TRKN.", "an invisible space before, the SMS's full stop after"],
    ["MRJ-DA MS-TR KN", "spaces anywhere"],
    ["MRJ--DAMS--TRKN", "doubled dashes"],
    ["dams trkn", "without MRJ"],
    ["MRJDAMS-TRKN", "one dash of two"],
  ])("reads %j (%s) as MRJ-DAMS-TRKN", (typed) => {
    expect(normaliseReference(typed)).toBe("MRJ-DAMS-TRKN");
  });

  it.each([
    ["", "nothing"],
    ["   ", "only spaces"],
    ["MRJ-DAMS-TRK", "a character short"],
    ["MRJ-DAMS-TRKNX", "a character too many"],
    ["ABC-DAMS-TRKN", "another prefix"],
    ["MRJ/DAMS/TRKN", "slashes"],
    ["MRJ-DAMS-TRK?", "a character no reference has"],
    ["MRJ-DÄMS-TRKN", "a letter with an accent"],
    ["EMR-123456", "e-Mrejesho's own reference"],
    ["MRJ-DAMS-TRKN'; drop table feedback; --", "anything else around it"],
  ])("refuses %j (%s)", (typed) => {
    expect(normaliseReference(typed)).toBeNull();
  });

  it("keeps every reference the portal gives out as it is", () => {
    for (let i = 0; i < 200; i++) {
      const reference = newReference();
      expect(isCanonicalReference(reference)).toBe(true);
      expect(normaliseReference(reference)).toBe(reference);
      expect(normaliseReference(reference.toLowerCase().replace(/-/g, " "))).toBe(reference);
    }
  });

  it("reads no more than 64 characters of what was typed", () => {
    expect(normaliseReference(`${" ".repeat(60)}MRJ-DAMS-TRKN`)).toBeNull();
  });
});
