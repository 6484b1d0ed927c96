import { describe, expect, it, vi } from "vitest";
import { requestContext, requestIdFor } from "./http/request-context.mjs";
import { traced } from "./jobs/queue";
import { describeError, log } from "./log";

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

describe("the request a log line belongs to", () => {
  it("is named in every line written while the request is handled, and a hand-off queued by it carries it", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => lines.push(line));
    try {
      log.error("outside any request");
      await requestContext.run({ requestId: "req-0001-abcd" }, async () => {
        await Promise.resolve();
        log.error("inside the request", { requestId: "not this one" });
        expect(traced({ bill: "b1" })).toEqual({ bill: "b1", requestId: "req-0001-abcd" });
      });
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(lines[0]!)).not.toHaveProperty("requestId");
    // The request's own id, never one a caller's field would put in its place.
    expect(JSON.parse(lines[1]!)).toMatchObject({ message: "inside the request", requestId: "req-0001-abcd" });
    expect(traced({ bill: "b1" })).toEqual({ bill: "b1" });
  });

  it("takes a proxy's id only when it looks like one", () => {
    expect(requestIdFor("abc-123-XYZ_9")).toBe("abc-123-XYZ_9");
    expect(requestIdFor("short")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor("<script>alert(1)</script>")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
