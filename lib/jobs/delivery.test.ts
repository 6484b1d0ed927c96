import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runDelivery, type Delivery } from "./delivery";
import { DeliveryError, isDatabaseAway } from "./errors";

/*
 * One try of a hand-off while the database restarts under it (found by the fault suite,
 * scripts/faults.mjs, PostgreSQL restarted with deliveries in flight): what the other side took
 * is never reported as failed and sent again, and a try the database's absence failed is
 * recorded once it is back rather than waiting out its job's expiry.
 */

const job = (data: unknown) => ({ id: "00000000-0000-4000-8000-000000000002", name: "sms-send", data, retryCount: 0 }) as never;
const payload = z.object({ to: z.string() });
const quick = { patienceMs: 2_000, everyMs: 10 };

/** A database that refuses `away` statements, then answers; it counts them all. */
function restarting(away: number) {
  const db = {
    statements: 0,
    async execute() {
      db.statements += 1;
      if (db.statements <= away) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      return { rows: [] };
    },
  };
  return db;
}

/** An error as Drizzle throws it for a query whose connection was refused. */
function queryError(code = "ECONNREFUSED") {
  return Object.assign(new Error("Failed query: update bills set …"), {
    query: "update bills set …",
    params: [],
    cause: Object.assign(new Error(`connect ${code}`), { code }),
  });
}

describe("one try of a hand-off while the database is away", () => {
  it("once delivered, records it (the wipe) when the database is back, and never reports it failed", async () => {
    const db = restarting(2);
    let sent = 0;
    const sms: Delivery<{ to: string }> = { payload, sensitive: true, deliver: async () => void (sent += 1) };
    const result = await runDelivery(db as never, "sms-send", sms, job({ to: "255712345678" }), quick);
    expect(result).toMatchObject({ status: "completed" });
    expect([sent, db.statements]).toEqual([1, 3]);
  });

  it("still says delivered when the database stays away past the patience (a later try may repeat it; nothing better is known)", async () => {
    const db = restarting(Infinity);
    const sms: Delivery<{ to: string }> = { payload, sensitive: true, deliver: async () => undefined };
    const result = await runDelivery(db as never, "sms-send", sms, job({ to: "255712345678" }), { patienceMs: 50, everyMs: 10 });
    expect(result).toMatchObject({ status: "completed" });
    expect(db.statements).toBeGreaterThan(1);
  });

  it("a try that failed because the database went away waits for it before its failure is recorded", async () => {
    const db = restarting(3);
    const bill: Delivery<{ to: string }> = { payload, deliver: async () => Promise.reject(queryError()) };
    const result = await runDelivery(db as never, "gepg-bill-submit", bill, job({ to: "x" }), quick);
    expect(result).toMatchObject({ status: "failed", output: { tries: 1 } });
    // Asked until it answered: pg-boss then records the failure, and backoff (not expiry) decides the next try.
    expect(db.statements).toBe(4);
  });

  it("does not wait for the database over a failure of the other system", async () => {
    const db = restarting(Infinity);
    const unreachable: Delivery<{ to: string }> = {
      payload,
      deliver: async () => Promise.reject(new DeliveryError("GovESB could not be reached", false)),
    };
    const result = await runDelivery(db as never, "emrejesho-push", unreachable, job({ to: "x" }), quick);
    expect(result).toMatchObject({ status: "failed", output: { error: "GovESB could not be reached" } });
    expect(db.statements).toBe(0);
  });
});

describe("the database being away, told from other errors", () => {
  it("is a query refused, cut or shut down, or the driver's terminated connection", () => {
    expect(isDatabaseAway(queryError("ECONNREFUSED"))).toBe(true);
    expect(isDatabaseAway(queryError("57P01"))).toBe(true);
    expect(isDatabaseAway(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseAway(Object.assign(new Error("the database system is starting up"), { severity: "FATAL", code: "57P03" }))).toBe(true);
  });

  it("is not a query's own failure, nor another system out of reach", () => {
    expect(isDatabaseAway(queryError("23505"))).toBe(false);
    const fetchFailed = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
    });
    expect(isDatabaseAway(fetchFailed)).toBe(false);
    expect(isDatabaseAway(new DeliveryError("mGov SMS gateway could not be reached", false))).toBe(false);
    expect(isDatabaseAway("ECONNREFUSED")).toBe(false);
  });
});
