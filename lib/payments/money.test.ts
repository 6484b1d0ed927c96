import { describe, expect, it } from "vitest";
import { formatMinor, toMinor } from "./money";

describe("money in minor units", () => {
  it("reads exact decimals into integers of cents, with no float in between", () => {
    expect(toMinor("8000.00")).toBe(800000n);
    expect(toMinor("1500.5")).toBe(150050n);
    expect(toMinor("0.10")).toBe(10n);
    expect(toMinor("123456789012345.99")).toBe(12345678901234599n);
    expect(() => toMinor("1e3")).toThrow();
    expect(() => toMinor("10.001")).toThrow();
  });
  it("writes them back grouped by thousands, with two decimals", () => {
    expect(formatMinor(800000n)).toBe("8,000.00");
    expect(formatMinor(150050n)).toBe("1,500.50");
    expect(formatMinor(5n)).toBe("0.05");
  });
});
