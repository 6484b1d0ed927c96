import { describe, expect, it } from "vitest";
import { isRecordId } from "./record-id";

describe("a record's id from a form or an address", () => {
  it("is a UUID as PostgreSQL writes it, and nothing else", () => {
    expect(isRecordId("00000000-0000-4000-8000-000000000000")).toBe(true);
    expect(isRecordId("e1c909e1-f558-4953-a5f5-996c24d4b84e")).toBe(true);
    // Issue 21: thirty-six hex digits and dashes in any order passed the old check and failed in PostgreSQL (22P02).
    for (const id of [
      "-".repeat(36),
      "0123456789abcdef0123456789abcdef0123",
      "00000000-0000-4000-8000-00000000000G",
      "",
      " 00000000-0000-4000-8000-000000000000",
      42,
      null,
    ])
      expect(isRecordId(id), String(id)).toBe(false);
  });
});
