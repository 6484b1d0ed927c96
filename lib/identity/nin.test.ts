import { describe, expect, it } from "vitest";
import { groupNin, maskNin, parseNin } from "./nin";

describe("National ID Numbers", () => {
  it("accepts 20 digits with or without dashes and spaces, and stores the digits", () => {
    expect(parseNin("19900314-12345-00001-23")).toEqual({ ok: true, nin: "19900314123450000123" });
    expect(parseNin(" 1990 0314 12345 00001 23 ")).toEqual({ ok: true, nin: "19900314123450000123" });
  });
  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["1990031412345000012A", "notDigits"],
    ["199003141234500001", "length"],
    ["1990031412345000012345", "length"],
    ["19901314123450000123", "date"], // month 13
    ["19900230123450000123", "date"], // 30 February
    ["18991231123450000123", "date"], // before 1900
    ["29991231123450000123", "date"], // in the future
  ])("refuses %s (%s)", (input, problem) => {
    expect(parseNin(input)).toEqual({ ok: false, problem });
  });
  it("accepts 29 February in a leap year only", () => {
    expect(parseNin("20000229123450000123").ok).toBe(true);
    expect(parseNin("20010229123450000123").ok).toBe(false);
  });
  it("groups for reading and masks all but the last four digits", () => {
    expect(groupNin("19900314123450000123")).toBe("19900314-12345-00001-23");
    expect(maskNin("19900314123450000123")).toBe("••••••••-•••••-•••01-23");
  });
});
