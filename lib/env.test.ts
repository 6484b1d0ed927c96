import { describe, expect, it } from "vitest";
import { ConfigurationError, parseEnv } from "./env";

describe("configuration", () => {
  it("runs a trial with no configuration at all: embedded database, seeded catalogue", () => {
    const env = parseEnv({});
    expect(env.DIRISHA_DEPLOYMENT).toBe("trial");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DATA_DIR).toBe(".data/pglite");
    expect(env.SEED_ON_START).toBe(true);
    expect(env.RUN_WORKER_IN_PORTAL).toBe(true);
    expect(env.PORTAL_URL).toBe("http://localhost:3000");
  });

  it("requires PostgreSQL, https and a contact address in production", () => {
    expect(() => parseEnv({ DIRISHA_DEPLOYMENT: "production" })).toThrow(/DATABASE_URL: is required/);
    expect(() =>
      parseEnv({ DIRISHA_DEPLOYMENT: "production", DATABASE_URL: "postgres://db/portal", PORTAL_URL: "http://x.go.tz" }),
    ).toThrow(/PORTAL_URL: must be an https/);
    const env = parseEnv({
      DIRISHA_DEPLOYMENT: "production",
      DATABASE_URL: "postgres://db/portal",
      PORTAL_URL: "https://dirisha.go.tz/",
      PORTAL_CONTACT_EMAIL: "msaada@dirisha.go.tz",
    });
    expect(env.SEED_ON_START).toBe(false);
    expect(env.PORTAL_URL).toBe("https://dirisha.go.tz");
  });

  it("names a bad variable without echoing its value", () => {
    // Rule: a secret in a mistyped variable must not reach the logs.
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://user:s3cret@db/portal" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/DATABASE_URL: must be a postgres/);
    expect((error as Error).message).not.toContain("s3cret");
  });

  it("reads flags and treats an empty value as unset", () => {
    expect(parseEnv({ RUN_WORKER_IN_PORTAL: "false" }).RUN_WORKER_IN_PORTAL).toBe(false);
    expect(parseEnv({ SEED_ON_START: "0" }).SEED_ON_START).toBe(false);
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
    expect(() => parseEnv({ RUN_WORKER_IN_PORTAL: "maybe" })).toThrow(/RUN_WORKER_IN_PORTAL/);
    expect(() => parseEnv({ PORTAL_CONTACT_PHONE: "call me" })).toThrow(/PORTAL_CONTACT_PHONE/);
  });
});
