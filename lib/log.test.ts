import { describe, expect, it } from "vitest";
import { describeError } from "./log";

describe("errors in log lines", () => {
  it("never repeat a failed query's parameters", () => {
    // Rule: no phone, message or file content reaches the logs through an error.
    const failed = Object.assign(new Error("Failed query: insert into feedback ...\nparams: 255712345678,Mama Amina,secret text"), {
      name: "DrizzleQueryError",
      query: "insert into feedback ...",
      params: ["255712345678", "Mama Amina", "secret text"],
      cause: { code: "23505", constraint: "feedback_reference_unique" },
    });
    const line = describeError(failed);
    expect(line).toBe("DrizzleQueryError (database code 23505, feedback_reference_unique)");
  });
  it("keep other messages, without long numbers", () => {
    expect(describeError(new Error("gateway refused 255712345678"))).toBe("Error: gateway refused [number]");
    expect(describeError("just a string")).toBe("non-error thrown");
  });
});
