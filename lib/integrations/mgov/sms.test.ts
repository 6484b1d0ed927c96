import { describe, expect, it } from "vitest";
import { buildQuickSmsRequest, eastAfricaTime } from "./sms";

const config = {
  url: "http://127.0.0.1:9/unused",
  apiKey: "sandbox-mgov-api-key",
  account: "portal@dirisha.sandbox",
  senderId: "15200",
  serviceId: "1",
};

describe("mGov quick-send request", () => {
  it("matches the fixed wire example the sandbox checks too", () => {
    // Rule: the hash is HMAC-SHA256 over the exact `data` string sent (same vector as sandbox/mgov.test.mjs).
    const request = buildQuickSmsRequest(config, { recipients: ["255712345678"], message: "Habari" }, new Date("2026-11-25T09:00:00Z"));
    const form = new URLSearchParams(request.body);
    expect(form.get("data")).toBe(
      '{"recipients":"255712345678","message":"Habari","datetime":"2026-11-25 12:00:00","mobile_service_id":"1","sender_id":"15200"}',
    );
    expect(form.get("datetime")).toBe("2026-11-25 12:00:00");
    expect(request.headers["X-Auth-Request-Hash"]).toBe("njYlXiHBRxqcHX6zhF6qEG8bawLWv9WYvzpfmszANnQ=");
    expect(request.headers["X-Auth-Request-Id"]).toBe("portal@dirisha.sandbox");
    expect(request.headers["X-Auth-Request-Type"]).toBe("api");
  });

  it("writes times in East Africa Time", () => {
    expect(eastAfricaTime(new Date("2026-12-31T22:30:05Z"))).toBe("2027-01-01 01:30:05");
  });

  it("keeps Swahili text and symbols intact in the signed data", () => {
    const request = buildQuickSmsRequest(
      config,
      { recipients: ["255712345678", "255622000111"], message: "Namba yako: 123 456 — usiishiriki & asante" },
      new Date(),
    );
    const data = JSON.parse(new URLSearchParams(request.body).get("data")!);
    expect(data.message).toBe("Namba yako: 123 456 — usiishiriki & asante");
    expect(data.recipients).toBe("255712345678,255622000111");
  });
});
