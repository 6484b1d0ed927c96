import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationEvents, applications, citizens, formVersions, institutions, services } from "@/db/schema";
import { env } from "@/lib/env";
import { callbackRoute } from "@/lib/http/callback";
import { openEnvelope, publicKeyFrom, sealEnvelope } from "@/lib/integrations/govesb/envelope";
import { jobQueue } from "@/lib/jobs/queue";
import { testEngines, type TestDatabase } from "@/testing/database";
import { applicationUpdateCallback } from "./updates";

/*
 * Institutions' status updates as GovESB pushes them to POST /api/govesb/applications: applied
 * only when the bus signed them, refused when they lack what their status needs, answered in the
 * bus's signed envelope whatever they are.
 */

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-application-update-keys-"));
process.env.KEYS_DIR = keys;
const bus = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
fs.writeFileSync(path.join(keys, "govesb-bus-public.pem"), bus.publicKey.export({ type: "spki", format: "pem" }));
const stranger = generateKeyPairSync("ec", { namedCurve: "secp256k1" });

afterAll(() => {
  fs.rmSync(keys, { recursive: true, force: true });
});

const post = (body: BodyInit) =>
  new Request("http://portal.test/api/govesb/applications", { method: "POST", body, headers: { "Content-Type": "application/json" } });

async function answerOf(response: Response) {
  const portalPublic = publicKeyFrom(fs.readFileSync(path.join(keys, "govesb-portal-public.pem"), "utf8"));
  return { status: response.status, ...openEnvelope<{ success: boolean; message: string }>(await response.text(), portalPublic) };
}

describe.each(testEngines())("institutions' updates to applications on $name", ({ open }) => {
  let database: TestDatabase;
  let route: (request: Request) => Promise<Response>;
  const reference = "APP-7K2Q-9XWD";
  const message = (fields: Record<string, unknown> = {}, pushCode = env().APPLICATION_UPDATES_CODE) => ({
    pushCode,
    esbBody: {
      Update: {
        PortalReference: reference,
        Reference: "RITA-2026-000001",
        UpdateId: "u1",
        Status: "RECEIVED",
        At: "2026-12-05T09:00:00+03:00",
        ...fields,
      },
    },
  });
  const status = async () => (await database.db.select().from(applications).where(eq(applications.reference, reference)))[0]!.status;

  beforeAll(async () => {
    database = await open();
    await jobQueue(database);
    route = callbackRoute(applicationUpdateCallback(async () => database.db));
    const [institution] = await database.db
      .insert(institutions)
      .values({ slug: "rita", acronym: "RITA", nameSw: "RITA", nameEn: "RITA", kind: "agency", descriptionSw: "x", descriptionEn: "x" })
      .returning();
    const [service] = await database.db
      .insert(services)
      .values({
        slugSw: "usajili",
        slugEn: "registration",
        nameSw: "Usajili",
        nameEn: "Registration",
        summarySw: "x",
        summaryEn: "x",
        descriptionSw: "x",
        descriptionEn: "x",
        institutionId: institution!.id,
      } as typeof services.$inferInsert)
      .returning();
    const [version] = await database.db
      .insert(formVersions)
      .values({ serviceId: service!.id, institutionId: institution!.id, number: 1, state: "published", definition: {} })
      .returning();
    const [citizen] = await database.db
      .insert(citizens)
      .values({ ninHash: "h", ninLast4: "0001", firstName: "A", surname: "B" })
      .returning();
    await database.db.insert(applications).values({
      reference,
      citizenId: citizen!.id,
      serviceId: service!.id,
      institutionId: institution!.id,
      formVersionId: version!.id,
      status: "sent",
      locale: "sw",
    });
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("applies an update the bus signed, once", async () => {
    const body = sealEnvelope(message(), bus.privateKey);
    expect(await answerOf(await route(post(body)))).toMatchObject({ status: 200, success: true, message: "Applied" });
    expect(await answerOf(await route(post(body)))).toMatchObject({ status: 200, success: true, message: "Already applied" });
    expect(await status()).toBe("received");
  });

  it("refuses what the bus did not sign, a byte changed, another push code, an unknown reference", async () => {
    const forged = sealEnvelope(message({ UpdateId: "u2", Status: "APPROVED" }), stranger.privateKey);
    expect(await answerOf(await route(post(forged)))).toMatchObject({ status: 401, success: false });
    const tampered = sealEnvelope(message({ UpdateId: "u3", Status: "IN_REVIEW" }), bus.privateKey).replace("IN_REVIEW", "APPROVED");
    expect(await answerOf(await route(post(tampered)))).toMatchObject({ status: 401 });
    expect(await answerOf(await route(post(sealEnvelope(message({ UpdateId: "u4" }, "SOMEONE-ELSE"), bus.privateKey))))).toMatchObject({
      status: 400,
      message: "Unknown push code",
    });
    const unknown = message({ UpdateId: "u5", PortalReference: "APP-AAAA-BBBB" });
    expect(await answerOf(await route(post(sealEnvelope(unknown, bus.privateKey))))).toMatchObject({
      status: 400,
      message: "No application with that reference",
    });
    expect(await status()).toBe("received");
  });

  it("refuses a question without its text, a rejection without reasons, a collection without a place", async () => {
    for (const status of ["INFORMATION_NEEDED", "REJECTED", "READY_FOR_COLLECTION"]) {
      const body = sealEnvelope(message({ UpdateId: `missing-${status}`, Status: status }), bus.privateKey);
      expect(await answerOf(await route(post(body)))).toMatchObject({ status: 400, message: "Not an application update" });
    }
    const events = await database.db.select().from(applicationEvents);
    expect(events.map((e) => e.updateId)).toEqual(["u1"]);
  });

  it("answers a body over 64 KB with 413 without reading it", async () => {
    const big = sealEnvelope(message({ UpdateId: "big", Note: "x".repeat(70_000) }), bus.privateKey);
    expect(await answerOf(await route(post(big)))).toMatchObject({ status: 413 });
  });

  it("applies an update with a NUL or half a surrogate pair in its words without them, and refuses the rest", async () => {
    // Issue 21: PostgreSQL refused the note (22021) or the place (jsonb, 22P02) and the bus sent the update again for ever.
    const signed = (fields: Record<string, unknown>) => post(sealEnvelope(message(fields), bus.privateKey));
    const words = {
      UpdateId: "u-hidden",
      Status: "READY_FOR_COLLECTION",
      Note: "Tayari\u0000 kuchukuliwa.",
      Collection: { Place: "RITA \ud800Dar es Salaam", From: "2026-12-10T08:00:00+03:00", Until: null },
    };
    expect(await answerOf(await route(signed(words)))).toMatchObject({ status: 200, message: "Applied" });
    const [event] = await database.db.select().from(applicationEvents).where(eq(applicationEvents.updateId, "u-hidden"));
    expect([event!.note, event!.collection?.place]).toEqual(["Tayari kuchukuliwa.", "RITA \ufffdDar es Salaam"]);
    const before = await database.db.select().from(applicationEvents);
    for (const fields of [
      { UpdateId: "u\u0000", Status: "IN_REVIEW" },
      { UpdateId: "u-only-nul", Status: "INFORMATION_NEEDED", Question: "\u0000\u0001" },
      { UpdateId: "u-year-zero", Status: "IN_REVIEW", At: "0000-01-01T00:00:00Z" },
      { UpdateId: "u-past-9999", Status: "IN_REVIEW", At: "9999-12-31T23:00:00-05:00" },
    ])
      expect(await answerOf(await route(signed(fields))), JSON.stringify(fields)).toMatchObject({
        status: 400,
        message: "Not an application update",
      });
    expect(await database.db.select().from(applicationEvents)).toEqual(before);
  });
});
