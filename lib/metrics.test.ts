import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeOf } from "@/lib/http/metrics.mjs";
import { jobQueue, QUEUES } from "@/lib/jobs/queue";
import { testEngines, type TestDatabase } from "@/testing/database";
import { countOutsideError, countSignInFailure, metricsAllowed, metricsText } from "./metrics";

/*
 * The operators' metrics: only for whoever holds the token or stands at an allowed address;
 * labels that never carry what a visitor typed; the job queue's depth and dead letters read from
 * the database when scraped.
 */

const TOKEN = "a-metrics-token-of-thirty-two-chars!";
process.env.METRICS_TOKEN = TOKEN;
process.env.METRICS_ALLOWED_ADDRESSES = "10.0.0.5";

const headers = (values: Record<string, string>) => new Headers(values);

describe("who may read the metrics", () => {
  it("is the token's holder or an allowed address, nobody else", () => {
    expect(metricsAllowed(headers({ authorization: `Bearer ${TOKEN}` }))).toBe(true);
    expect(metricsAllowed(headers({ "x-dirisha-client-address": "10.0.0.5" }))).toBe(true);
    expect(metricsAllowed(headers({ "x-dirisha-client-address": "::ffff:10.0.0.5" }))).toBe(true);
    expect(metricsAllowed(headers({ authorization: `Bearer ${TOKEN}x` }))).toBe(false);
    expect(metricsAllowed(headers({ authorization: `Basic ${TOKEN}` }))).toBe(false);
    expect(metricsAllowed(headers({ "x-dirisha-client-address": "127.0.0.1" }))).toBe(false);
    expect(metricsAllowed(headers({}))).toBe(false);
  });
});

describe("route labels", () => {
  it("keep the shape of the address and none of what it names", () => {
    expect(routeOf("/")).toBe("/");
    expect(routeOf("/sw/services/usajili-wa-kizazi?q=Amani")).toBe("/{locale}/services/:x");
    expect(routeOf("/en/applications/0b0c3a7e-1f2a-4b3c-8d4e-5f6a7b8c9d0e/child")).toBe("/{locale}/applications/:x/:x");
    expect(routeOf("/sw/a/APP-7K2Q-9XWD")).toBe("/{locale}/a/:x");
    expect(routeOf("/api/v1/services/usajili")).toBe("/api/v1/services/:x");
    expect(routeOf("/api/govesb/applications")).toBe("/api/govesb/applications");
    expect(routeOf("/_next/static/chunks/x.js")).toBe("/_next/*");
    expect(routeOf("/sw/search?q=19900101000000000001")).toBe("/{locale}/search");
    expect(routeOf("/sw/b/DRS2612040000000001")).toBe("/{locale}/b/:x");
  });
});

describe.each(testEngines())("metrics scraped on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
    const boss = await jobQueue(database);
    await boss.send(QUEUES.applicationPush, { applicationId: "00000000-0000-4000-8000-000000000001" });
    await boss.send(QUEUES.applicationPush, { applicationId: "00000000-0000-4000-8000-000000000002" });
    await boss.send(QUEUES.smsSendDead, { to: "255700000001", message: "x" });
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("reports the queue's depth and dead letters, sign-in failures and outside systems' errors", async () => {
    countSignInFailure("failure");
    countOutsideError("govesb");
    const { contentType, body } = await metricsText(database.db);
    expect(contentType).toContain("text/plain");
    expect(body).toMatch(/dirisha_queue_waiting_jobs\{[^}]*queue="application-push"[^}]*\} 2/);
    expect(body).toMatch(/dirisha_queue_dead_letters\{[^}]*queue="sms-send"[^}]*\} 1/);
    expect(body).toMatch(/dirisha_queue_oldest_waiting_seconds\{[^}]*queue="application-push"/);
    expect(body).toMatch(/dirisha_sign_in_failures_total\{[^}]*reason="failure"[^}]*\} [1-9]/);
    expect(body).toMatch(/dirisha_outside_system_errors_total\{[^}]*system="govesb"[^}]*\} [1-9]/);
    // Nothing personal: no phone number or message reaches the metrics.
    expect(body).not.toContain("255700000001");
  });
});
