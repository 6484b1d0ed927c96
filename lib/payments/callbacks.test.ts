import { generateKeyPairSync, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db";
import { parsePmtSpNtfReq } from "@/lib/integrations/gepg/messages";
import { openGepgMessage, sealGepgMessage, signContent } from "@/lib/integrations/gepg/signature";

/*
 * GePG's callback endpoint as a hostile or confused peer meets it: every body gets the portal's
 * signed acknowledgement with GePG's code, cheapest refusal first, in bounded time, and nothing
 * reaches the database unless its signature verifies on the exact bytes received.
 */

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-callback-keys-"));
process.env.KEYS_DIR = keys;
const gepg = generateKeyPairSync("rsa", { modulusLength: 2048 });
fs.writeFileSync(path.join(keys, "gepg-public.pem"), gepg.publicKey.export({ type: "spki", format: "pem" }));

const { gepgCallback, MAX_CALLBACK_BODY } = await import("./callbacks");
const { callbackRoute } = await import("@/lib/http/callback");
const { gepgPortalKey } = await import("@/lib/integrations/gepg/client");

const notice = (reqId: string, trxId = "TRX1") =>
  `<pmtSpNtfReq><PmtHdr><ReqId>${reqId}</ReqId><GrpBillId>DRS1</GrpBillId><SpGrpCode>SPG9901</SpGrpCode><CustCntrNum>991234567890</CustCntrNum><EntryCnt>1</EntryCnt></PmtHdr><PmtDtls><PmtTrxDtl><SpCode>SP99001</SpCode><BillId>DRS1</BillId><BillCtrNum>991234567890</BillCtrNum><PspCode>PSP101</PspCode><PspName>M-Pesa</PspName><TrxId>${trxId}</TrxId><PayRefId>PR1</PayRefId><BillAmt>8000.00</BillAmt><PaidAmt>8000.00</PaidAmt><BillPayOpt>3</BillPayOpt><Ccy>TZS</Ccy><CollAccNum></CollAccNum><TrxDtTm>2026-11-25T10:15:00</TrxDtTm><UsdPayChnl></UsdPayChnl><TrdPtyTrxId></TrdPtyTrxId><QtRefId></QtRefId><PyrCellNum></PyrCellNum><PyrEmail></PyrEmail><PyrName></PyrName><Rsv1></Rsv1><Rsv2></Rsv2><Rsv3></Rsv3></PmtTrxDtl></PmtDtls></pmtSpNtfReq>`;

function post(body: BodyInit | null, contentType: string | null = "application/xml"): Request {
  const headers = new Headers();
  if (contentType !== null) headers.set("Content-Type", contentType);
  return new Request("http://portal.test/api/gepg/payment", {
    method: "POST",
    body,
    headers,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

let applied: string[] = [];
/** The payment route, its notices recorded here rather than in a database (none is opened). */
const payment = callbackRoute(
  gepgCallback(
    "pmtSpNtfReq",
    async (_db, opened) => {
      const parsed = parsePmtSpNtfReq(opened.content);
      applied.push(parsed.PmtDtls[0]!.TrxId);
      return parsed.PmtHdr.ReqId;
    },
    async () => ({}) as Database,
  ),
);

/** The acknowledgement: signed by the portal, with its ReqId and code. */
async function ack(response: Response) {
  const body = await response.text();
  const portalPublic = (await import("node:crypto")).createPublicKey(gepgPortalKey());
  const opened = openGepgMessage(body, portalPublic, "pmtSpNtfReqAck");
  const field = (name: string) => opened.content.children.find((c) => c.name === name)?.text;
  return { status: response.status, reqId: field("ReqId"), code: field("AckStsCode") };
}

const warnings: string[] = [];
beforeAll(() => {
  vi.stubEnv("LOG_LEVEL", "warn");
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void warnings.push(String(line)));
});
afterEach(() => {
  applied = [];
  warnings.length = 0;
});
afterAll(() => {
  vi.restoreAllMocks();
  fs.rmSync(keys, { recursive: true, force: true });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("GePG's payment callback", () => {
  it("applies a signed notice and acknowledges it 7101 with its ReqId", async () => {
    const reqId = randomUUID();
    const response = await payment(post(sealGepgMessage(notice(reqId), gepg.privateKey)));
    expect(await ack(response)).toEqual({ status: 200, reqId, code: "7101" });
    expect(applied).toEqual(["TRX1"]);
  });

  it("answers a bad signature 7303, logging why without the message's content", async () => {
    const reqId = randomUUID();
    const content = notice(reqId);
    const forged = `<Gepg>${content}<signature>${signContent(content, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey)}</signature></Gepg>`;
    expect(await ack(await payment(post(forged)))).toEqual({ status: 200, reqId, code: "7303" });
    expect(applied).toEqual([]);
    const line = JSON.parse(warnings.find((w) => w.includes("GePG callback refused"))!);
    expect(line).toMatchObject({ message: "GePG callback refused", callback: "pmtSpNtfReq", status: "7303", reason: "bad-signature" });
    expect(JSON.stringify(line)).not.toContain("991234567890");
  });

  it("checks the signature before parsing: an unparseable body with a bad signature is a signature refusal", async () => {
    const broken = `<pmtSpNtfReq><ReqId>R1</ReqId><a></b></pmtSpNtfReq>`;
    const body = `<Gepg>${broken}<signature>${signContent("something else", gepg.privateKey)}</signature></Gepg>`;
    expect((await ack(await payment(post(body)))).code).toBe("7303");
  });

  it("answers a signed notice with an unreadable field 7242, echoing its ReqId", async () => {
    const reqId = randomUUID();
    const content = notice(reqId).replace("<TrxId>TRX1</TrxId>", "<TrxId></TrxId>");
    expect(await ack(await payment(post(sealGepgMessage(content, gepg.privateKey))))).toEqual({ status: 200, reqId, code: "7242" });
    expect(applied).toEqual([]);
  });

  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Gepg><pmtSpNtfReq><ReqId>R-LAUGHS</ReqId>&lol2;</pmtSpNtfReq><signature>AAAA</signature></Gepg>`;
  const external = `<!DOCTYPE Gepg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Gepg><pmtSpNtfReq>&xxe;</pmtSpNtfReq><signature>AAAA</signature></Gepg>`;
  const entityOnly = `<Gepg><!ENTITY x "y"><pmtSpNtfReq/><signature>AAAA</signature></Gepg>`;
  const deep = `<Gepg>${"<a>".repeat(20_000)}${"</a>".repeat(20_000)}<signature>AAAA</signature></Gepg>`;

  it.each([
    ["entity expansion", laughs, "declaration"],
    ["an external entity", external, "declaration"],
    ["an entity declaration", entityOnly, "declaration"],
    ["deep nesting", deep, "too-deep"],
    ["not XML at all", "hello", "not-envelope"],
    ["invalid UTF-8", new Uint8Array([0x3c, 0x47, 0xff, 0x3e]), "not-utf8"],
  ])("answers %s with a signed 7242 and a ReqId, before any parsing", async (_name, body, reason) => {
    const started = performance.now();
    const { code, reqId } = await ack(await payment(post(body)));
    expect(code).toBe("7242");
    expect(reqId).toMatch(/./);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(JSON.parse(warnings.at(-1)!)).toMatchObject({ reason, status: "7242" });
    expect(applied).toEqual([]);
  });

  it("answers an empty body with a signed 7242 and a ReqId of its own, never an empty 500", async () => {
    const response = await payment(post(""));
    const { status, code, reqId } = await ack(response);
    expect([status, code]).toEqual([200, "7242"]);
    expect(reqId).toMatch(UUID);
  });

  it.each(["text/plain", "application/json", "application/x-www-form-urlencoded"])(
    "refuses Content-Type %s with 7202 without reading the body",
    async (type) => {
      const response = await payment(post(sealGepgMessage(notice(randomUUID()), gepg.privateKey), type));
      expect(await ack(response)).toMatchObject({ status: 415, code: "7202" });
      expect(applied).toEqual([]);
    },
  );

  it("takes XML with a charset, text/xml, or no content type at all", async () => {
    for (const type of ["application/xml; charset=utf-8", "text/xml", null]) {
      // Bytes, so that the Request adds no content type of its own.
      const body = new TextEncoder().encode(sealGepgMessage(notice(randomUUID(), `T-${type}`), gepg.privateKey));
      const response = await payment(post(body, type));
      expect((await ack(response)).code).toBe("7101");
    }
    expect(applied).toHaveLength(3);
  });

  it("refuses a 10 MB body at 256 KB without reading the rest, however it is sent", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode("&#65;".repeat(13_107)); // 64 KB of numeric references
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 10 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await payment(post(stream));
    expect(await ack(response)).toMatchObject({ status: 413, code: "7242" });
    expect(pulled).toBeLessThanOrEqual(MAX_CALLBACK_BODY + 2 * chunk.byteLength);
    // Declared too large: refused before reading anything.
    const declared = new Request("http://portal.test/api/gepg/payment", {
      method: "POST",
      body: "x",
      headers: { "Content-Type": "application/xml", "Content-Length": String(10 * 1024 * 1024) },
    });
    expect((await ack(await payment(declared))).code).toBe("7242");
  });

  it("refuses twenty concurrent 250 KB bodies of character references with bad signatures cheaply", async () => {
    const filler = "&#65;".repeat(Math.floor((250 * 1024) / 5) - 100);
    const body = `<Gepg><pmtSpNtfReq><ReqId>R2</ReqId><X>${filler}</X></pmtSpNtfReq><signature>${signContent("x", gepg.privateKey)}</signature></Gepg>`;
    expect(body.length).toBeLessThan(MAX_CALLBACK_BODY);
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => payment(post(body)).then(ack)));
    expect(answers.every((a) => a.code === "7303")).toBe(true);
    // Generous bounds for a loaded machine; parsing first had taken seconds and hundreds of MB.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
  });
});
