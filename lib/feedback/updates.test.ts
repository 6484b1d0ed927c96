import { generateKeyPairSync, sign } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedback, feedbackUpdates, institutions } from "@/db/schema";
import { env } from "@/lib/env";
import { callbackRoute } from "@/lib/http/callback";
import { openEnvelope, publicKeyFrom, sealEnvelope } from "@/lib/integrations/govesb/envelope";
import { jobQueue } from "@/lib/jobs/queue";
import { testEngines, type TestDatabase } from "@/testing/database";
import { submitFeedback } from "./feedback";
import { feedbackUpdateCallback, MAX_UPDATE_BODY } from "./updates";

/*
 * e-Mrejesho's updates as GovESB pushes them to POST /api/govesb/emrejesho: only an update the
 * bus signed is applied, and every body, refused or not, is answered in the bus's signed envelope.
 */

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-update-keys-"));
process.env.KEYS_DIR = keys;
const bus = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
fs.writeFileSync(path.join(keys, "govesb-bus-public.pem"), bus.publicKey.export({ type: "spki", format: "pem" }));
const stranger = generateKeyPairSync("ec", { namedCurve: "secp256k1" });

afterAll(() => {
  fs.rmSync(keys, { recursive: true, force: true });
});

const post = (body: BodyInit, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
  new Request("http://portal.test/api/govesb/emrejesho", {
    method: "POST",
    body,
    headers,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);

/** The portal's answer, opened with the portal's public key (made in KEYS_DIR on first use). */
async function answerOf(response: Response) {
  const portalPublic = publicKeyFrom(fs.readFileSync(path.join(keys, "govesb-portal-public.pem"), "utf8"));
  return { status: response.status, ...openEnvelope<{ success: boolean; message: string }>(await response.text(), portalPublic) };
}

describe.each(testEngines())("e-Mrejesho's updates on $name", ({ open }) => {
  let database: TestDatabase;
  let route: (request: Request) => Promise<Response>;
  let reference: string;

  const update = (fields: Record<string, unknown> = {}) => ({
    pushCode: env().EMREJESHO_UPDATES_CODE,
    esbBody: {
      Update: { PortalReference: reference, Reference: "EMR-2026-000042", Status: "ACKNOWLEDGED", Reply: null, UpdateId: "u1", ...fields },
    },
  });
  const state = async () => {
    const [row] = await database.db
      .select({ id: feedback.id, status: feedback.status, emrejeshoReference: feedback.emrejeshoReference })
      .from(feedback)
      .where(eq(feedback.reference, reference));
    const updates = await database.db.select().from(feedbackUpdates).where(eq(feedbackUpdates.feedbackId, row!.id));
    return { status: row!.status, emrejeshoReference: row!.emrejeshoReference, updates: updates.length };
  };

  beforeAll(async () => {
    database = await open();
    // An answer queues an SMS, a job of this database's queue.
    await jobQueue(database);
    route = callbackRoute(feedbackUpdateCallback(async () => database.db));
    const [institution] = await database.db
      .insert(institutions)
      .values({
        slug: "rita",
        acronym: "RITA",
        nameSw: "Wakala wa Usajili",
        nameEn: "Registration Agency",
        kind: "agency",
        descriptionSw: "x",
        descriptionEn: "x",
      })
      .returning({ id: institutions.id });
    reference = await submitFeedback(database.db, {
      kind: "complaint",
      institutionId: institution!.id,
      serviceId: null,
      subject: "Cheti kimechelewa",
      message: "Nimesubiri cheti cha kuzaliwa kwa miezi mitatu.",
      senderName: null,
      senderPhone: null,
      citizenId: null,
      locale: "sw",
      attachment: null,
    });
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("refuses an update not signed by the bus and changes nothing", async () => {
    // Rule: only the bus's signature, checked on the bytes received, makes an update trusted.
    const forged = sealEnvelope(update(), stranger.privateKey);
    expect(await answerOf(await route(post(forged)))).toEqual({ status: 401, success: false, message: "Invalid signature" });
    const tampered = sealEnvelope(update(), bus.privateKey).replace("ACKNOWLEDGED", "CLOSED");
    expect((await route(post(tampered))).status).toBe(401);
    expect(await state()).toEqual({ status: "received", emrejeshoReference: null, updates: 0 });
  });

  it("refuses malformed JSON, no envelope and bytes that are not UTF-8 as unsigned", async () => {
    for (const body of ["not json", '{"data":', '{"data":{}}', "", new Uint8Array([0x7b, 0xff, 0x7d])]) {
      expect(await answerOf(await route(post(body)))).toEqual({ status: 401, success: false, message: "Invalid signature" });
    }
    expect((await state()).updates).toBe(0);
  });

  it("refuses a body over 64 KB, declared or not, without applying it", async () => {
    const big = sealEnvelope(
      update({ Reply: { Text: "x".repeat(MAX_UPDATE_BODY), By: "RITA", At: "2026-11-25T12:00:00Z" } }),
      bus.privateKey,
    );
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_UPDATE_BODY);
    expect(await answerOf(await route(post(big)))).toEqual({ status: 413, success: false, message: "Body too large" });

    // Sent in chunks with no Content-Length: refused at the limit, the rest never read.
    const bytes = new TextEncoder().encode(big);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(sent, sent + 4096));
        sent += 4096;
      },
    });
    const chunked = post(stream);
    expect(chunked.headers.get("content-length")).toBeNull();
    expect((await answerOf(await route(chunked))).status).toBe(413);
    expect(sent).toBeLessThanOrEqual(MAX_UPDATE_BODY + 2 * 4096);
    expect((await state()).updates).toBe(0);
  });

  it("answers 400 to a signed message that is no update, carries another push code or names no feedback", async () => {
    const signed = (data: unknown) => post(sealEnvelope(data, bus.privateKey));
    expect(await answerOf(await route(signed({ pushCode: env().EMREJESHO_UPDATES_CODE, esbBody: {} })))).toMatchObject({
      status: 400,
      message: "Not an e-Mrejesho update",
    });
    expect(await answerOf(await route(signed({ ...update(), pushCode: "OTHER" })))).toMatchObject({
      status: 400,
      message: "Unknown push code",
    });
    const elsewhere = { ...update(), esbBody: { Update: { ...update().esbBody.Update, PortalReference: "MRJ-AAAA-AAAA" } } };
    expect(await answerOf(await route(signed(elsewhere)))).toMatchObject({ status: 400, message: "No feedback with that reference" });
    expect((await state()).updates).toBe(0);
  });

  it("applies an update the bus signed once, verified on the bytes as sent", async () => {
    // Spacing the portal would not write itself: the signature covers these bytes, not a re-serialisation.
    const json = JSON.stringify(update(), null, 1);
    const body = `{"data":${json},"signature":"${sign("sha256", Buffer.from(json), bus.privateKey).toString("base64")}"}`;
    expect(await answerOf(await route(post(body, {})))).toEqual({ status: 200, success: true, message: "Applied" });
    expect(await state()).toEqual({ status: "acknowledged", emrejeshoReference: "EMR-2026-000042", updates: 1 });
    expect(await answerOf(await route(post(body, {})))).toEqual({ status: 200, success: true, message: "Already applied" });
    expect((await state()).updates).toBe(1);
  });

  it("keeps a reply with a NUL or half a surrogate pair without them, and refuses them in an identifier or a year 0", async () => {
    // Issue 21: PostgreSQL refused the reply (22021) and the bus sent the update again for ever.
    const signed = (fields: Record<string, unknown>) => post(sealEnvelope(update(fields), bus.privateKey));
    const reply = { Text: "Cheti\u0000 kiko tayari \ud83d.", By: "Afisa\u0007 Huduma", At: "2026-11-25T12:00:00Z" };
    expect(await answerOf(await route(signed({ UpdateId: "u-nul", Status: "ANSWERED", Reply: reply })))).toEqual({
      status: 200,
      success: true,
      message: "Applied",
    });
    const [row] = await database.db.select().from(feedback).where(eq(feedback.reference, reference));
    expect([row!.replyText, row!.replyBy]).toEqual(["Cheti kiko tayari \ufffd.", "Afisa Huduma"]);
    const before = await state();
    for (const fields of [
      { UpdateId: "u\u0000", Status: "CLOSED" },
      { UpdateId: "u-ref", Reference: "EMR\u0000", Status: "CLOSED" },
    ])
      expect(await answerOf(await route(signed(fields)))).toMatchObject({ status: 400, message: "Not an e-Mrejesho update" });
    const yearZero = { Text: "Tayari.", By: "RITA", At: "0000-01-01T00:00:00Z" };
    expect(await answerOf(await route(signed({ UpdateId: "u-year", Status: "CLOSED", Reply: yearZero })))).toMatchObject({ status: 400 });
    expect(await state()).toEqual(before);
  });
});
