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

  it("points every outside system at the sandbox on a trial machine", () => {
    const env = parseEnv({});
    expect(env.MGOV_SMS_URL).toBe("http://127.0.0.1:4010/mgov/quick_sms");
    expect(env.MGOV_API_KEY).toBe("sandbox-mgov-api-key");
  });

  const production = {
    DIRISHA_DEPLOYMENT: "production",
    DATABASE_URL: "postgres://db/portal",
    PORTAL_URL: "https://dirisha.go.tz/",
    PORTAL_CONTACT_EMAIL: "msaada@dirisha.go.tz",
    MGOV_SMS_URL: "https://mgov.example/quick_sms",
    MGOV_API_KEY: "a-real-key-from-mgov",
    MGOV_ACCOUNT: "dirisha@ega.go.tz",
    MGOV_SERVICE_ID: "77",
    GOVESB_TOKEN_URL: "https://esb.example/gw/govesb-uaa/oauth/token",
    GOVESB_ENGINE_URL: "https://esb.example/engine/esb",
    GOVESB_CLIENT_ID: "dirisha",
    GOVESB_CLIENT_SECRET: "a-real-client-secret",
    GOVESB_NIDA_API_CODE: "0KG8y54T",
    GOVESB_USER_ID: "dirisha",
    GOVESB_PRIVATE_KEY_FILE: "/etc/dirisha/govesb.pem",
    GOVESB_BUS_PUBLIC_KEY_FILE: "/etc/dirisha/govesb-bus.pem",
    AUTH_SECRET: "0123456789abcdef0123456789abcdef",
    EMREJESHO_PUSH_CODE: "push-code-from-govesb",
    EMREJESHO_UPDATES_CODE: "updates-code-from-govesb",
    APPLICATION_UPDATES_CODE: "application-updates-code-from-govesb",
    GEPG_URL: "https://uat1.gepg.go.tz",
    GEPG_SP_GROUP_CODE: "SPG1001",
    GEPG_SP_CODE: "SP1001",
    GEPG_SYS_CODE: "DRS001",
    GEPG_COLLECTION_CENTRE: "CC1001",
    GEPG_PRIVATE_KEY_FILE: "/etc/dirisha/gepg.pem",
    GEPG_PUBLIC_KEY_FILE: "/etc/dirisha/gepg-public.pem",
    USSD_SECRET: "a-secret-shared-with-the-aggregator",
    SMS_INBOUND_SECRET: "a-secret-shared-with-mgov-inbound",
  };

  it("requires PostgreSQL, https, a contact address and every outside system in production", () => {
    // Rule: production never falls back to the sandbox or the embedded database.
    const error = (() => {
      try {
        parseEnv({ DIRISHA_DEPLOYMENT: "production" });
      } catch (caught) {
        return (caught as Error).message;
      }
    })();
    for (const name of [
      "DATABASE_URL",
      "PORTAL_CONTACT_EMAIL",
      "MGOV_SMS_URL",
      "MGOV_API_KEY",
      "MGOV_ACCOUNT",
      "MGOV_SERVICE_ID",
      "GOVESB_CLIENT_SECRET",
      "GOVESB_PRIVATE_KEY_FILE",
      "AUTH_SECRET",
      "GEPG_URL",
      "GEPG_SP_CODE",
      "GEPG_PRIVATE_KEY_FILE",
      "USSD_SECRET",
      "SMS_INBOUND_SECRET",
    ]) {
      expect(error).toContain(`${name}: is required`);
    }
    expect(() => parseEnv({ ...production, PORTAL_URL: "http://x.go.tz" })).toThrow(/PORTAL_URL: must be an https/);
    expect(() => parseEnv({ ...production, GOVESB_ENGINE_URL: "http://esb.go.tz/engine/esb" })).toThrow(
      /GOVESB_ENGINE_URL: must be an https/,
    );
    const env = parseEnv(production);
    expect(env.SEED_ON_START).toBe(false);
    expect(env.PORTAL_URL).toBe("https://dirisha.go.tz");
    expect(env.MGOV_SMS_URL).toBe("https://mgov.example/quick_sms");
    // No made-up revenue code in production: a fee without its GFS code is not billed online.
    expect(env.GEPG_DEFAULT_GFS_CODE).toBeUndefined();
  });

  it("names a bad variable without echoing its value", () => {
    // Rule: a secret in a mistyped variable must not reach the logs.
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://user:s3cret@db/portal", MGOV_API_KEY: "short" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/DATABASE_URL: must be a postgres/);
    expect((error as Error).message).toMatch(/MGOV_API_KEY: must be/);
    expect((error as Error).message).not.toContain("s3cret");
    expect((error as Error).message).not.toContain("short");
  });

  it("reads flags and treats an empty value as unset", () => {
    expect(parseEnv({ RUN_WORKER_IN_PORTAL: "false" }).RUN_WORKER_IN_PORTAL).toBe(false);
    expect(parseEnv({ SEED_ON_START: "0" }).SEED_ON_START).toBe(false);
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
    expect(() => parseEnv({ RUN_WORKER_IN_PORTAL: "maybe" })).toThrow(/RUN_WORKER_IN_PORTAL/);
    expect(() => parseEnv({ PORTAL_CONTACT_PHONE: "call me" })).toThrow(/PORTAL_CONTACT_PHONE/);
  });
});
