import { describe, expect, it } from "vitest";
import { addressAllowed, basicAuthorised, screenCaller } from "./callback";

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;
const headers = (values: Record<string, string>) => new Headers(values);

describe("who may call the USSD and inbound-SMS endpoints", () => {
  it("is the system holding the shared secret, by HTTP Basic", () => {
    expect(
      basicAuthorised(headers({ authorization: basic("aggregator:s3cret-s3cret-s3cret") }), "aggregator", "s3cret-s3cret-s3cret"),
    ).toBe(true);
    expect(basicAuthorised(headers({ authorization: basic("aggregator:wrong") }), "aggregator", "s3cret-s3cret-s3cret")).toBe(false);
    expect(basicAuthorised(headers({ authorization: basic("mgov:s3cret-s3cret-s3cret") }), "aggregator", "s3cret-s3cret-s3cret")).toBe(
      false,
    );
    expect(basicAuthorised(headers({}), "aggregator", "x")).toBe(false);
    expect(basicAuthorised(headers({ authorization: "Bearer abc" }), "aggregator", "x")).toBe(false);
  });

  it("comes from an allowed address when a list is configured", () => {
    const from = (address: string) => headers({ "x-dirisha-client-address": address });
    expect(addressAllowed(from("198.51.100.7"), "")).toBe(true);
    expect(addressAllowed(from("198.51.100.7"), "198.51.100.7, 203.0.113.9")).toBe(true);
    expect(addressAllowed(from("::ffff:198.51.100.7"), "198.51.100.7")).toBe(true);
    expect(addressAllowed(from("198.51.100.8"), "198.51.100.7")).toBe(false);
    expect(addressAllowed(headers({}), "198.51.100.7")).toBe(false);
  });

  it("is refused with 403 from elsewhere and 401 without the secret, before the body is read", () => {
    const secret = "s3cret-s3cret-s3cret";
    expect(screenCaller(headers({ "x-dirisha-client-address": "203.0.113.1" }), "aggregator", secret, "198.51.100.7")?.status).toBe(403);
    const unauthorised = screenCaller(headers({ "x-dirisha-client-address": "198.51.100.7" }), "aggregator", secret, "198.51.100.7");
    expect(unauthorised?.status).toBe(401);
    expect(unauthorised?.headers.get("www-authenticate")).toContain("Basic");
    expect(
      screenCaller(
        headers({ "x-dirisha-client-address": "198.51.100.7", authorization: basic(`aggregator:${secret}`) }),
        "aggregator",
        secret,
        "198.51.100.7",
      ),
    ).toBeUndefined();
  });
});
