import { describe, expect, it } from "vitest";
import { maskMobile, toInternationalMobile } from "./phone";

describe("Tanzanian mobile numbers", () => {
  it.each([
    ["0712345678", "255712345678"],
    ["0712 345 678", "255712345678"],
    ["+255 712 345 678", "255712345678"],
    ["255-622-000-111", "255622000111"],
    ["712345678", "255712345678"],
  ])("reads %s as %s", (input, expected) => {
    expect(toInternationalMobile(input)).toBe(expected);
  });

  it.each(["", "0222123456", "07123456", "+254712345678", "07123456789", "07l2345678"])("rejects %s", (input) => {
    expect(toInternationalMobile(input)).toBeUndefined();
  });

  it("masks all but the first and last two digits", () => {
    expect(maskMobile("255712345678")).toBe("+255 7•• ••• •78");
  });
});
