import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { createLoadShedder } from "./load-shedding.mjs";

/** A response as node:http gives it, enough for the shedder: headers, body, and its close. */
function response() {
  const res = new EventEmitter();
  res.status = 0;
  res.headers = {};
  res.body = undefined;
  res.writeHead = (status, headers) => {
    res.status = status;
    res.headers = headers;
  };
  res.end = (body) => {
    res.body = body;
  };
  return res;
}

describe("load shedding", () => {
  it("answers 503 with Retry-After past the limit, and admits again once requests finish", () => {
    const shedder = createLoadShedder({ limit: 2, retryAfterSeconds: 7, body: "Busy / Huduma ina watu wengi" });
    const first = response();
    const second = response();
    expect(shedder.admit({ url: "/sw" }, first)).toBe(true);
    expect(shedder.admit({ url: "/sw/search?q=a" }, second)).toBe(true);
    const refused = response();
    expect(shedder.admit({ url: "/en/services" }, refused)).toBe(false);
    expect(refused.status).toBe(503);
    expect(refused.headers["Retry-After"]).toBe("7");
    expect(refused.body).toContain("Huduma ina watu wengi");
    // The health checks and the metrics are answered whatever the load.
    expect(shedder.admit({ url: "/api/health/ready" }, response())).toBe(true);
    expect(shedder.admit({ url: "/api/metrics" }, response())).toBe(true);
    first.emit("close");
    expect(shedder.admit({ url: "/en" }, response())).toBe(true);
    expect(shedder.shed()).toBe(1);
  });

  it("never refuses without a limit", () => {
    const shedder = createLoadShedder({ limit: 0 });
    for (let i = 0; i < 1000; i++) expect(shedder.admit({ url: "/sw" }, response())).toBe(true);
  });
});
