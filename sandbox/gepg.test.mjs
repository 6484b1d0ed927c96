import { generateKeyPairSync, sign, verify } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNELS, GEPG_PRIVATE_FILE, GEPG_PUBLIC_FILE, loadOrCreateGepgKeys, readXml } from "./gepg.mjs";
import { createSandbox } from "./server.mjs";

// A fixed wire example signed outside Node, with a throwaway RSA key:
//   openssl genrsa -out sp.pem 2048
//   openssl dgst -sha256 -sign sp.pem -binary content.xml | base64 -w0
// content.xml holds FIXED_CONTENT exactly (LF line ends, no final newline, UTF-8 em dash); the
// same example is in lib/integrations/gepg/signature.test.ts, so both sides verify the same bytes.
const FIXED_SP_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmM9b+VnIJl2g9JGULN7r
IUlqkzD7c7XFEXmHbgIB0VmCOSIF1Ctk766gYm27oqXM8KKJJjqS0Fp74lxda9qU
i3bh25TBS6RIaPo9zKHr4hRrtR5DGslXMyeA1oFg4Bz2FUDn4grGp/hd6fywezG6
LfDUppdFh72iKRbGhOIvKVGD6SHN39oj+YXKbV1UaifJzalu4x5ulhUi1YWMV4D8
D9fRJufVL1eNoZvrXb2w5h+HmisLnUmPuQgpNYM0RveCYHz1/A0fxi7+wV35v4X9
9Dp+W8ZutY0749XFdbIvMgvzHlyifaiMnkH5HCaQG7DZ5IG4b6RMQulekzYWPgIX
swIDAQAB
-----END PUBLIC KEY-----
`;
const FIXED_CONTENT = `<billSubReq>
  <BillHdr>
    <ReqId>DRSH-REQ-0001</ReqId>
    <SpGrpCode>SPG9901</SpGrpCode>
    <SysCode>DRSH001</SysCode>
    <BillTyp>1</BillTyp>
    <PayTyp>1</PayTyp>
    <GrpBillId>DRSH-BILL-0001</GrpBillId>
  </BillHdr>
  <BillDtls>
    <BillDtl>
      <BillId>DRSH-BILL-0001</BillId>
      <SpCode>SP99010</SpCode>
      <CollCentCode>HQ</CollCentCode>
      <BillDesc>Leseni ya biashara &amp; ada ya usajili — Dar es Salaam</BillDesc>
      <CustTin></CustTin>
      <CustId>19900101000000000001</CustId>
      <CustIdTyp>1</CustIdTyp>
      <CustAccnt></CustAccnt>
      <CustName>Amani Juma Mushi</CustName>
      <CustCellNum>255700000001</CustCellNum>
      <CustEmail></CustEmail>
      <BillGenDt>2026-01-15T09:00:00</BillGenDt>
      <BillExprDt>2099-12-31T23:59:59</BillExprDt>
      <BillGenBy>Dirisha</BillGenBy>
      <BillApprBy>Dirisha</BillApprBy>
      <BillAmt>1500.50</BillAmt>
      <BillEqvAmt>1500.50</BillEqvAmt>
      <MinPayAmt>1500.50</MinPayAmt>
      <Ccy>TZS</Ccy>
      <ExchRate>1.00</ExchRate>
      <BillPayOpt>3</BillPayOpt>
      <PayPlan>1</PayPlan>
      <PayLimTyp>1</PayLimTyp>
      <PayLimAmt>0.00</PayLimAmt>
      <CollPsp></CollPsp>
      <BillItems>
        <BillItem>
          <RefBillId>DRSH-BILL-0001</RefBillId>
          <SubSpCode>1001</SubSpCode>
          <GfsCode>140206</GfsCode>
          <BillItemRef>DRSH-ITEM-0001</BillItemRef>
          <UseItemRefOnPay>N</UseItemRefOnPay>
          <BillItemAmt>1000.00</BillItemAmt>
          <BillItemEqvAmt>1000.00</BillItemEqvAmt>
          <CollSp>SP99010</CollSp>
        </BillItem>
        <BillItem>
          <RefBillId>DRSH-BILL-0001</RefBillId>
          <SubSpCode>1001</SubSpCode>
          <GfsCode>140202</GfsCode>
          <BillItemRef>DRSH-ITEM-0002</BillItemRef>
          <UseItemRefOnPay>N</UseItemRefOnPay>
          <BillItemAmt>500.50</BillItemAmt>
          <BillItemEqvAmt>500.50</BillItemEqvAmt>
          <CollSp>SP99010</CollSp>
        </BillItem>
      </BillItems>
    </BillDtl>
  </BillDtls>
</billSubReq>`;
const FIXED_SIGNATURE =
  "XyD5vJbnyRfJaDVKzLdLuFV/b1cdZoFhNz68sXCDdW/CTinCDvfg5k4DOjXGGAMjLpxTlePwjs5tCG7UCCXEDvFxG9URCK14N4hz5giys4GMS8rSCSdRNbv0pDlfpg0Wx+sRf/0g2g1Giyu576hN3dx8EEKSwu/865XIaLxCXEuYNpAUj9B/yWg7mMg7GFGyTUH0PDf6LxXlHoKasRvko7seQRc6drtHGn4jIYIjMkVBCdtC71jEVs6PoHUaAk94dVrDXOgRKZwsgKIIIv3VsHhOWTTSOFQZIXA8I6S/bJqTUQaGnE9wC8YUunSqM/t5d+nxDbFuMEBN03xEWFOyDw==";

const SP_GROUP = "SPG9901";
const sp = generateKeyPairSync("rsa", { modulusLength: 2048 });
const gepg = generateKeyPairSync("rsa", { modulusLength: 2048 });
const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
const tempDirs = [];

// ----- the test's own XML, written in the spec's order (independent of the sandbox's code) -----

const esc = (v) => String(v).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const leaves = (values) =>
  Object.entries(values)
    .map(([k, v]) => `<${k}>${esc(v)}</${k}>`)
    .join("");
const el = (name, inner) => `<${name}>${inner}</${name}>`;

let counter = 0;
const unique = (prefix) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;

function billDtl({
  billId,
  amount = "1500.50",
  payOpt = "3",
  min = amount,
  expires = "2099-12-31T23:59:59",
  items = [amount],
  spCode = "SP99010",
  desc = "Leseni ya biashara",
}) {
  return el(
    "BillDtl",
    leaves({
      BillId: billId,
      SpCode: spCode,
      CollCentCode: "HQ",
      BillDesc: desc,
      CustTin: "",
      CustId: "19900101000000000001",
      CustIdTyp: "1",
      CustAccnt: "",
      CustName: "Amani Juma Mushi",
      CustCellNum: "255700000001",
      CustEmail: "",
      BillGenDt: "2026-01-15T09:00:00",
      BillExprDt: expires,
      BillGenBy: "Dirisha",
      BillApprBy: "Dirisha",
      BillAmt: amount,
      BillEqvAmt: amount,
      MinPayAmt: min,
      Ccy: "TZS",
      ExchRate: "1.00",
      BillPayOpt: payOpt,
      PayPlan: "1",
      PayLimTyp: "1",
      PayLimAmt: "0.00",
      CollPsp: "",
    }) +
      el(
        "BillItems",
        items
          .map((itemAmount, i) =>
            el(
              "BillItem",
              leaves({
                RefBillId: billId,
                SubSpCode: "1001",
                GfsCode: "140206",
                BillItemRef: `${billId}-${i + 1}`,
                UseItemRefOnPay: "N",
                BillItemAmt: itemAmount,
                BillItemEqvAmt: itemAmount,
                CollSp: spCode,
              }),
            ),
          )
          .join(""),
      ),
  );
}

function billSubReq({ reqId = unique("REQ"), grpBillId, billTyp = "1", payTyp = "1", details }) {
  return el(
    "billSubReq",
    el(
      "BillHdr",
      leaves({ ReqId: reqId, SpGrpCode: SP_GROUP, SysCode: "DRSH001", BillTyp: billTyp, PayTyp: payTyp, GrpBillId: grpBillId }),
    ) + el("BillDtls", details.join("")),
  );
}

function signed(content, key = sp.privateKey) {
  return `<Gepg>${content}<signature>${sign("sha256", Buffer.from(content, "utf8"), key).toString("base64")}</signature></Gepg>`;
}

/** A GePG envelope taken apart with a pattern (not the sandbox's reader): base64 has no "<". */
function split(text) {
  const match = /^<Gepg>(<(\w+)>[\s\S]*<\/\2>)<signature>([A-Za-z0-9+/=]*)<\/signature><\/Gepg>$/.exec(text);
  expect(match, text).not.toBeNull();
  return { content: match[1], name: match[2], signature: match[3] };
}

function verifiesWith(text, publicKey) {
  const { content, signature } = split(text);
  return verify("sha256", Buffer.from(content, "utf8"), publicKey, Buffer.from(signature, "base64"));
}

/** The text of every `<name>` in the XML, in order. */
const ENTITIES = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&" };
const all = (xml, name) =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1].replace(/&(lt|gt|quot|apos|amp);/g, (e) => ENTITIES[e]));
const one = (xml, name) => all(xml, name)[0];
const children = (xml, parent) =>
  [...new RegExp(`<${parent}>([\\s\\S]*?)</${parent}>`).exec(xml)[1].matchAll(/<(\w+)>[^<]*<\/\1>/g)].map((m) => m[1]);

// ----- the fake SP (the portal's callbacks) -----

const received = []; // { path, text, name, content, valid, headers }
const plan = { "/api/gepg/control-number": [], "/api/gepg/payment": [], "/api/gepg/reconciliation": [] };
let spServer;
let spBase;

const ACKS = { billSubRes: ["billSubResAck", "ResId"], pmtSpNtfReq: ["pmtSpNtfReqAck", "ReqId"], sucSpPmtRes: ["sucSpPmtResAck", "ResId"] };

async function startFakeSp() {
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString("utf8");
    const { content, name } = split(text);
    const valid = verifiesWith(text, gepg.publicKey);
    received.push({ path: req.url, text, name, content, valid, headers: req.headers, at: Date.now() });
    const step = plan[req.url]?.shift() ?? "ok";
    if (step === "500") {
      res.statusCode = 500;
      return res.end("the portal is having a bad day");
    }
    const [ackName, refName] = ACKS[name];
    const ref = step === "wrong-ref" ? "SOMETHING-ELSE" : one(content, refName);
    const ack = el(ackName, leaves({ AckId: unique("ACK"), [refName]: ref, AckStsCode: step === "7201" ? "7201" : "7101" }));
    res.setHeader("Content-Type", "application/xml");
    if (step === "unsigned") return res.end(`<Gepg>${ack}<signature></signature></Gepg>`);
    return res.end(signed(ack, step === "stranger" ? stranger.privateKey : sp.privateKey));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}

const servers = [];

async function start(gepgOptions = {}, extra = {}) {
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "gepg-sandbox-"));
  tempDirs.push(keysDir);
  const server = createSandbox({
    keysDir,
    govesb: { curve: "secp256k1" },
    gepg: {
      spGroupCode: SP_GROUP,
      keys: { gepgPrivateKey: gepg.privateKey, spPublicKey: sp.publicKey },
      controlNumberUrl: `${spBase}/api/gepg/control-number`,
      paymentUrl: `${spBase}/api/gepg/payment`,
      reconciliationUrl: `${spBase}/api/gepg/reconciliation`,
      controlNumberDelayMs: 20,
      reconciliationDelayMs: 20,
      retryBaseMs: 40,
      retryMaxMs: 200,
      maxAttempts: 6,
      attemptTimeoutMs: 2000,
      slowMs: 400,
      ...gepgOptions,
    },
    ...extra,
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

let base;

beforeAll(async () => {
  spServer = await startFakeSp();
  spBase = `http://127.0.0.1:${spServer.address().port}`;
  base = await start();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await new Promise((resolve) => spServer.close(resolve));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const HEADERS = { "Content-Type": "application/xml", "Gepg-Com": "default.sp.in", "Gepg-Code": SP_GROUP, "Gepg-Alg": "00S2" };

async function post(route, body, { at = base, headers = HEADERS } = {}) {
  const response = await fetch(`${at}/gepg${route}`, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}

/** Posts a signed request and returns GePG's answer content, checked to be signed by GePG. */
async function call(route, content, options) {
  const answer = await post(route, signed(content), options);
  expect(answer.status).toBe(200);
  expect(verifiesWith(answer.text, gepg.publicKey)).toBe(true);
  return split(answer.text).content;
}

async function waitFor(check, what, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

async function state(at = base) {
  return (await fetch(`${at}/gepg/bills.json`)).json();
}

/** Submits a bill and waits for its control number at the fake SP; returns { grpBillId, controlNumber, callback }. */
async function billWithControlNumber(options = {}, at = base) {
  const grpBillId = options.grpBillId ?? unique("BILL");
  const details = options.details ?? [billDtl({ billId: grpBillId, ...options })];
  const reqId = unique("REQ");
  const ack = await call("/api/bill/20/submission", billSubReq({ reqId, grpBillId, billTyp: options.billTyp, details }), { at });
  expect(one(ack, "AckStsCode")).toBe("7101");
  const callback = await waitFor(
    () => received.find((r) => r.name === "billSubRes" && one(r.content, "ReqId") === reqId),
    "the control number",
  );
  return { grpBillId, reqId, controlNumber: one(callback.content, "CustCntrNum"), callback };
}

async function pay(request, at = base) {
  const response = await fetch(`${at}/gepg/pay.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(request),
  });
  return { status: response.status, body: await response.json() };
}

const today = () => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

describe("sandbox GePG: bill submission", () => {
  it("acknowledges a signed billSubReq with 7101, then posts a signed billSubRes with a new control number", async () => {
    const grpBillId = unique("BILL");
    const reqId = unique("REQ");
    const ack = await call(
      "/api/bill/20/submission",
      billSubReq({ reqId, grpBillId, details: [billDtl({ billId: grpBillId, items: ["1000.00", "500.50"] })] }),
    );
    expect(split(signed(ack)).name).toBe("billSubReqAck");
    expect(children(`<x>${ack}</x>`, "billSubReqAck")).toEqual(["AckId", "ReqId", "AckStsCode", "AckStsDesc"]);
    expect(one(ack, "ReqId")).toBe(reqId);
    expect(one(ack, "AckStsCode")).toBe("7101");

    const callback = await waitFor(() => received.find((r) => r.name === "billSubRes" && one(r.content, "ReqId") === reqId), "billSubRes");
    expect(callback.path).toBe("/api/gepg/control-number");
    expect(callback.valid).toBe(true);
    expect(callback.headers["content-type"]).toBe("application/xml");
    expect(children(callback.content, "BillHdr")).toEqual([
      "ResId",
      "ReqId",
      "GrpBillId",
      "CustCntrNum",
      "ResSts",
      "ResStsCode",
      "ResStsDesc",
    ]);
    expect(children(callback.content, "BillDtl")).toEqual(["BillId", "BillCntrNum", "BillStsCode", "BillStsDesc"]);
    const controlNumber = one(callback.content, "CustCntrNum");
    expect(controlNumber).toMatch(/^99[0-9]{10}$/);
    expect(one(callback.content, "BillCntrNum")).toBe(controlNumber);
    expect(one(callback.content, "GrpBillId")).toBe(grpBillId);
    expect(all(callback.content, "ResStsCode")).toEqual(["7101"]);

    // The fake SP acknowledged it: the delivery is done after one try.
    const resId = one(callback.content, "ResId");
    const delivery = await waitFor(
      async () => (await state()).deliveries.find((d) => d.ref === resId && d.state === "delivered"),
      "the delivery",
    );
    expect(delivery).toMatchObject({
      kind: "billSubRes",
      attempts: 1,
      lastError: null,
      acknowledgement: "billSubResAck",
      ack: { AckStsCode: "7101" },
    });
    const bill = (await state()).bills.find((b) => b.GrpBillId === grpBillId);
    expect(bill).toMatchObject({ CustCntrNum: controlNumber, status: "open", bills: [{ BillAmt: "1500.50", paid: "0.00", Ccy: "TZS" }] });
  });

  it("verifies a fixed wire example signed with openssl, indentation, entity and UTF-8 as sent", async () => {
    const at = await start({ keys: { gepgPrivateKey: gepg.privateKey, spPublicKey: FIXED_SP_PUBLIC_KEY } });
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Gepg>\n${FIXED_CONTENT}\n<signature>${FIXED_SIGNATURE}</signature>\n</Gepg>`;
    const answer = await post("/api/bill/20/submission", body, { at });
    expect(verifiesWith(answer.text, gepg.publicKey)).toBe(true);
    expect(one(answer.text, "AckStsCode")).toBe("7101");
    const tampered = await post("/api/bill/20/submission", body.replace("&amp; ada", "&amp; Ada"), { at });
    expect(one(tampered.text, "AckStsCode")).toBe("7303");
  });

  it("answers 7226 for a BillId, or a GrpBillId, it already has", async () => {
    const { grpBillId } = await billWithControlNumber();
    const again = await call(
      "/api/bill/20/submission",
      billSubReq({ grpBillId: unique("GROUP"), details: [billDtl({ billId: grpBillId })] }),
    );
    expect(one(again, "AckStsCode")).toBe("7226");
    expect(one(again, "AckStsDesc")).toContain(grpBillId);
    const sameGroup = await call("/api/bill/20/submission", billSubReq({ grpBillId, details: [billDtl({ billId: unique("OTHER") })] }));
    expect(one(sameGroup, "AckStsCode")).toBe("7226");
  });

  it("refuses a changed byte, another key, and bad headers, with GePG's codes", async () => {
    const grpBillId = unique("BILL");
    const content = billSubReq({ reqId: "REQ-REFUSED", grpBillId, details: [billDtl({ billId: grpBillId })] });
    const body = signed(content);
    const cases = [
      [body.replace("<BillAmt>1500.50</BillAmt>", "<BillAmt>1500.60</BillAmt>"), HEADERS, "7303"],
      [signed(content, stranger.privateKey), HEADERS, "7303"],
      [body, { ...HEADERS, "Gepg-Alg": undefined }, "7202"],
      [body, { ...HEADERS, "Gepg-Com": undefined }, "7202"],
      [body, { ...HEADERS, "Gepg-Code": "SPG0000" }, "7203"],
      [body, { ...HEADERS, "Gepg-Alg": "00S1" }, "7242"],
    ];
    for (const [sent, headers, code] of cases) {
      const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined));
      const answer = await post("/api/bill/20/submission", sent, { headers: clean });
      expect(answer.status).toBe(200);
      expect(verifiesWith(answer.text, gepg.publicKey)).toBe(true);
      expect(one(answer.text, "AckStsCode"), code).toBe(code);
      expect(one(answer.text, "ReqId")).toBe(code === "7202" || code === "7203" || code === "7242" ? "" : "REQ-REFUSED");
    }
    // None of them created a bill.
    expect((await state()).bills.some((b) => b.GrpBillId === grpBillId)).toBe(false);
  });

  it("refuses invalid bills with 7242 naming the fault, and an expired one with 7213", async () => {
    const id = () => unique("BILL");
    const cases = [
      [
        (b) => billSubReq({ grpBillId: b, details: [billDtl({ billId: b }).replace("<CustTin></CustTin>", "")] }),
        "BillDtl[1]: expected CustTin at position 5, found CustId",
      ],
      [
        (b) => billSubReq({ grpBillId: b, details: [billDtl({ billId: b, items: ["1000.00", "400.00"] })] }),
        "BillDtl[1].BillAmt 1500.50 is not the sum of its items (1400.00)",
      ],
      [
        (b) => billSubReq({ grpBillId: b, details: [billDtl({ billId: b, amount: "1500.505", items: ["1500.505"] })] }),
        'BillDtl[1].BillAmt "1500.505" is not an amount',
      ],
      [
        (b) => billSubReq({ grpBillId: b, details: [billDtl({ billId: b, expires: "31/12/2099" })] }),
        'BillDtl[1].BillExprDt "31/12/2099" is not YYYY-MM-DDTHH:mm:ss',
      ],
      [
        (b) => billSubReq({ grpBillId: b, details: [billDtl({ billId: b }), billDtl({ billId: `${b}-2` })] }),
        "BillTyp 1 must have exactly one BillDtl",
      ],
      [
        (b) => `<!DOCTYPE billSubReq [<!ENTITY x "y">]>${billSubReq({ grpBillId: b, details: [billDtl({ billId: b })] })}`,
        "DOCTYPE is not allowed",
      ],
    ];
    for (const [make, description] of cases) {
      const content = make(id());
      const body = content.startsWith("<!DOCTYPE")
        ? `${content.slice(0, content.indexOf(">]>") + 3)}${signed(content.slice(content.indexOf(">]>") + 3))}`
        : signed(content);
      const answer = await post("/api/bill/20/submission", body);
      expect(one(answer.text, "AckStsCode"), description).toBe("7242");
      expect(one(answer.text, "AckStsDesc")).toContain(description);
    }
    const expired = id();
    const answer = await call(
      "/api/bill/20/submission",
      billSubReq({ grpBillId: expired, details: [billDtl({ billId: expired, expires: "2026-01-16T09:00:00" })] }),
    );
    expect(one(answer, "AckStsCode")).toBe("7213");
  });

  it("makes its own key pair in the keys folder on first use, and says when the SP's key is missing", async () => {
    const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "gepg-keys-"));
    tempDirs.push(keysDir);
    const at = await start({ keys: {} }, { keysDir });
    const grpBillId = unique("BILL");
    const answer = await post(
      "/api/bill/20/submission",
      signed(billSubReq({ reqId: "REQ-NOKEY", grpBillId, details: [billDtl({ billId: grpBillId })] })),
      { at },
    );
    const publicPem = fs.readFileSync(path.join(keysDir, GEPG_PUBLIC_FILE), "utf8");
    expect(verifiesWith(answer.text, publicPem)).toBe(true);
    expect(fs.statSync(path.join(keysDir, GEPG_PRIVATE_FILE)).mode & 0o777).toBe(0o600);
    expect(one(answer.text, "AckStsCode")).toBe("7303");
    expect(one(answer.text, "ReqId")).toBe("REQ-NOKEY");
    expect(one(answer.text, "AckStsDesc")).toContain("gepg-sp-public.pem is missing: start the portal once");
    // The portal writes its key: the next request goes through (the key is read at each request).
    fs.writeFileSync(path.join(keysDir, "gepg-sp-public.pem"), sp.publicKey.export({ type: "spki", format: "pem" }));
    const accepted = await post("/api/bill/20/submission", signed(billSubReq({ grpBillId, details: [billDtl({ billId: grpBillId })] })), {
      at,
    });
    expect(one(accepted.text, "AckStsCode")).toBe("7101");
    // Loading again keeps the same pair.
    const again = loadOrCreateGepgKeys(keysDir);
    expect(again.created).toBe(false);
    expect(again.publicKey.export({ type: "spki", format: "pem" })).toBe(publicPem);
  });
});

describe("sandbox GePG: payments", () => {
  it("pays a control number from M-Pesa and posts a signed pmtSpNtfReq with every field", async () => {
    const { grpBillId, controlNumber } = await billWithControlNumber();
    const paid = await pay({ controlNumber, channel: "mpesa", payerName: "Neema Hamisi", payerPhone: "255700018486" });
    expect(paid.status).toBe(200);
    const [payment] = paid.body.payments;
    expect(payment).toMatchObject({
      CustCntrNum: controlNumber,
      BillCtrNum: controlNumber,
      PaidAmt: "1500.50",
      BillAmt: "1500.50",
      PspName: "M-Pesa (Vodacom)",
      UsdPayChnl: "MOBILE",
    });
    expect(payment.TrdPtyTrxId).toMatch(/^[A-Z0-9]{10}$/);

    const callback = await waitFor(
      () => received.find((r) => r.name === "pmtSpNtfReq" && one(r.content, "CustCntrNum") === controlNumber),
      "pmtSpNtfReq",
    );
    expect(callback.path).toBe("/api/gepg/payment");
    expect(callback.valid).toBe(true);
    expect(children(callback.content, "PmtHdr")).toEqual(["ReqId", "GrpBillId", "SpGrpCode", "CustCntrNum", "EntryCnt"]);
    expect(children(callback.content, "PmtTrxDtl")).toEqual([
      "SpCode",
      "BillId",
      "BillCtrNum",
      "PspCode",
      "PspName",
      "TrxId",
      "PayRefId",
      "BillAmt",
      "PaidAmt",
      "BillPayOpt",
      "Ccy",
      "CollAccNum",
      "TrxDtTm",
      "UsdPayChnl",
      "TrdPtyTrxId",
      "QtRefId",
      "PyrCellNum",
      "PyrEmail",
      "PyrName",
      "Rsv1",
      "Rsv2",
      "Rsv3",
    ]);
    expect(one(callback.content, "GrpBillId")).toBe(grpBillId);
    expect(one(callback.content, "EntryCnt")).toBe("1");
    expect(one(callback.content, "PaidAmt")).toBe("1500.50");
    expect(one(callback.content, "TrxId")).toBe(payment.TrxId);
    expect(one(callback.content, "PyrName")).toBe("Neema Hamisi");
    expect(one(callback.content, "TrxDtTm")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

    const bill = (await state()).bills.find((b) => b.GrpBillId === grpBillId);
    expect(bill).toMatchObject({ status: "settled", bills: [{ paid: "1500.50" }] });
    expect(await pay({ controlNumber, channel: "nmb" })).toMatchObject({ status: 409, body: { code: "7279" } });
  });

  it("retries the notification with backoff until the SP answers with a valid signed pmtSpNtfReqAck carrying 7101", async () => {
    const { controlNumber } = await billWithControlNumber();
    plan["/api/gepg/payment"].push("500", "unsigned", "stranger", "7201", "wrong-ref");
    const paid = await pay({ controlNumber, channel: "airtel" });
    const reqId = paid.body.notification[0].ref;
    const delivery = await waitFor(
      async () => (await state()).deliveries.find((d) => d.ref === reqId && d.state === "delivered"),
      "delivery after retries",
    );
    expect(delivery.attempts).toBe(6);
    const tries = received.filter((r) => r.name === "pmtSpNtfReq" && one(r.content, "ReqId") === reqId);
    expect(tries).toHaveLength(6);
    // The same bytes every time: a retry is the same notification.
    expect(new Set(tries.map((t) => t.text)).size).toBe(1);
    const gaps = tries.slice(1).map((t, i) => t.at - tries[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[3]).toBeGreaterThanOrEqual(150);
  });

  it("gives up after the configured tries, saying why", async () => {
    const { controlNumber } = await billWithControlNumber();
    plan["/api/gepg/payment"].push(...Array(6).fill("500"));
    const paid = await pay({ controlNumber, channel: "halopesa" });
    const reqId = paid.body.notification[0].ref;
    const delivery = await waitFor(
      async () => (await state()).deliveries.find((d) => d.ref === reqId && d.state === "failed"),
      "failed delivery",
    );
    expect(delivery).toMatchObject({ attempts: 6, lastError: "HTTP 500: the portal is having a bad day" });
  });

  it("follows the bill's payment option: exact, full, partial", async () => {
    const exact = await billWithControlNumber({ payOpt: "3" });
    expect(await pay({ controlNumber: exact.controlNumber, channel: "crdb", amount: "1000.00" })).toMatchObject({
      status: 422,
      body: { code: "7242", error: "Exact payment: pay 1500.50 TZS" },
    });
    const full = await billWithControlNumber({ payOpt: "1" });
    expect((await pay({ controlNumber: full.controlNumber, channel: "nbc", amount: "1500.49" })).status).toBe(422);
    expect((await pay({ controlNumber: full.controlNumber, channel: "nbc", amount: "1600.00" })).status).toBe(200);
    const partial = await billWithControlNumber({ payOpt: "2", min: "500.00" });
    expect((await pay({ controlNumber: partial.controlNumber, channel: "mixx", amount: "499.99" })).body.error).toBe(
      "Partial payment: pay at least 500.00 TZS",
    );
    expect((await pay({ controlNumber: partial.controlNumber, channel: "mixx", amount: "1000.00" })).status).toBe(200);
    expect((await state()).bills.find((b) => b.GrpBillId === partial.grpBillId).status).toBe("partly paid");
    // What is left (500.50) may be paid although it is barely above the minimum; then the bill is settled.
    expect((await pay({ controlNumber: partial.controlNumber, channel: "mixx" })).body.payments[0].PaidAmt).toBe("500.50");
    expect((await state()).bills.find((b) => b.GrpBillId === partial.grpBillId).status).toBe("settled");
  });

  it("refuses unknown control numbers and channels, and amounts that are not amounts", async () => {
    const { controlNumber } = await billWithControlNumber();
    expect(await pay({ controlNumber: "990000000000", channel: "mpesa" })).toMatchObject({ status: 404, body: { code: "7333" } });
    expect((await pay({ controlNumber, channel: "cash" })).body.error).toBe(
      `channel must be one of ${CHANNELS.map((c) => c.id).join(", ")}`,
    );
    // Rule: amounts are never JS floats, not even in the tester's JSON.
    expect(await pay({ controlNumber, channel: "mpesa", amount: 1500.5 })).toMatchObject({
      status: 400,
      body: { error: 'amount must be a decimal string such as "1500.50"' },
    });
    expect((await pay({ controlNumber, channel: "mpesa", amount: "1,500.50" })).body.code).toBe("7242");
    expect((await pay({ controlNumber, channel: "mpesa", payerPhone: "0700000000" })).body.error).toBe(
      "payerPhone must be 255 and nine digits",
    );
    expect((await pay({ controlNumber, channel: "mpesa", amount: "1500.50" })).status).toBe(200);
  });

  it("issues one control number per bill and one for the group (BillTyp 2); the group's is paid in full", async () => {
    const grpBillId = unique("GROUP");
    const details = [billDtl({ billId: `${grpBillId}-A` }), billDtl({ billId: `${grpBillId}-B`, spCode: "SP99011", amount: "200.00" })];
    const { controlNumber, callback } = await billWithControlNumber({ grpBillId, billTyp: "2", details });
    const perBill = all(callback.content, "BillCntrNum");
    expect(perBill).toHaveLength(2);
    expect(new Set([controlNumber, ...perBill]).size).toBe(3);
    expect((await pay({ controlNumber, channel: "mpesa", amount: "100.00" })).body.error).toBe(
      "A group's control number is paid in full: 1700.50 TZS",
    );
    await pay({ controlNumber, channel: "mpesa" });
    const notification = await waitFor(
      () => received.find((r) => r.name === "pmtSpNtfReq" && one(r.content, "CustCntrNum") === controlNumber),
      "the group's notification",
    );
    expect(one(notification.content, "EntryCnt")).toBe("2");
    expect(all(notification.content, "BillCtrNum")).toEqual(perBill);
    expect(all(notification.content, "PaidAmt")).toEqual(["1500.50", "200.00"]);
    expect(all(notification.content, "SpCode")).toEqual(["SP99010", "SP99011"]);
  });

  it("has a tester page: lists bills and channels, and its form pays", async () => {
    const { controlNumber } = await billWithControlNumber({ desc: "Ada <ya> leseni" });
    const html = await (await fetch(`${base}/gepg`)).text();
    expect(html).toContain(controlNumber);
    expect(html).toContain("Ada &lt;ya&gt; leseni");
    for (const channel of CHANNELS) expect(html).toContain(channel.name);
    expect(await (await fetch(`${base}/`)).text()).toContain('href="/gepg"');
    const response = await fetch(`${base}/gepg/pay`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ controlNumber, channel: "nmb", amount: "", payerName: "Baraka", payerPhone: "" }),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/gepg");
    const payment = (await state()).payments.find((p) => p.CustCntrNum === controlNumber);
    expect(payment).toMatchObject({ PspName: "NMB Bank", UsdPayChnl: "BANK", PyrName: "Baraka", PyrCellNum: "255700000001" });
    const refused = await fetch(`${base}/gepg/pay`, { method: "POST", body: new URLSearchParams({ controlNumber, channel: "nmb" }) });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Bill already settled (7279)");
  });
});

describe("sandbox GePG: reconciliation and cancellation", () => {
  it("acknowledges sucSpPmtReq, then posts sucSpPmtRes with that day's payments", async () => {
    const { controlNumber } = await billWithControlNumber();
    const paid = await pay({ controlNumber, channel: "crdb" });
    const trxId = paid.body.payments[0].TrxId;
    const reqId = unique("REC");
    const request = el(
      "sucSpPmtReq",
      leaves({ ReqId: reqId, SpGrpCode: SP_GROUP, SysCode: "DRSH001", TrxDt: today(), Rsv1: "", Rsv2: "", Rsv3: "" }),
    );
    const ack = await call("/api/reconciliation/20/request", request);
    expect(children(`<x>${ack}</x>`, "sucSpPmtReqAck")).toEqual(["AckId", "ReqId", "AckStsCode", "AckStsDesc"]);
    expect(one(ack, "AckStsCode")).toBe("7101");
    const response = await waitFor(
      () => received.find((r) => r.name === "sucSpPmtRes" && one(r.content, "ReqId") === reqId),
      "sucSpPmtRes",
    );
    expect(response.path).toBe("/api/gepg/reconciliation");
    expect(response.valid).toBe(true);
    expect(children(response.content, "BatchHdr")).toEqual(["ResId", "ReqId", "PayStsCode", "PayStsDesc"]);
    expect(one(response.content, "PayStsCode")).toBe("7101");
    expect(all(response.content, "TrxId")).toContain(trxId);
    const records = [...response.content.matchAll(/<PmtTrxDtl>([\s\S]*?)<\/PmtTrxDtl>/g)].map((m) => m[1]);
    const record = records.find((r) => one(r, "TrxId") === trxId);
    expect(children(`<PmtTrxDtl>${record}</PmtTrxDtl>`, "PmtTrxDtl").slice(0, 4)).toEqual(["CustCntrNum", "GrpBillId", "SpCode", "BillId"]);
    expect(one(record, "CustCntrNum")).toBe(controlNumber);

    const emptyDay = unique("REC");
    await call(
      "/api/reconciliation/20/request",
      el(
        "sucSpPmtReq",
        leaves({ ReqId: emptyDay, SpGrpCode: SP_GROUP, SysCode: "DRSH001", TrxDt: "2020-01-01", Rsv1: "", Rsv2: "", Rsv3: "" }),
      ),
    );
    const empty = await waitFor(
      () => received.find((r) => r.name === "sucSpPmtRes" && one(r.content, "ReqId") === emptyDay),
      "an empty sucSpPmtRes",
    );
    expect(all(empty.content, "TrxId")).toEqual([]);
    const bad = await call(
      "/api/reconciliation/20/request",
      el("sucSpPmtReq", leaves({ ReqId: "R", SpGrpCode: SP_GROUP, SysCode: "DRSH001", TrxDt: "2026-02-30", Rsv1: "", Rsv2: "", Rsv3: "" })),
    );
    expect(one(bad, "AckStsCode")).toBe("7242");
  });

  function cancel(grpBillId, billTyp = "1") {
    return call(
      "/api/bill/20/cancellation",
      el(
        "billCanclReq",
        leaves({
          ReqId: unique("CAN"),
          SpGrpCode: SP_GROUP,
          SysCode: "DRSH001",
          BillTyp: billTyp,
          GrpBillId: grpBillId,
          CanclGenBy: "Dirisha",
          CanclApprBy: "Afisa",
          CanclReasn: "Ombi limeondolewa",
        }),
      ),
    );
  }

  it("cancels an unpaid bill (7283), after which it cannot be paid; refuses unknown (7204) and paid (7279) bills", async () => {
    const { grpBillId, controlNumber } = await billWithControlNumber();
    const answer = await cancel(grpBillId);
    expect(children(`<x>${answer}</x>`, "billCanclRes")).toEqual(["ResId", "ReqId", "GrpBillId", "CanclStsCode", "CanclStsDesc"]);
    expect(one(answer, "CanclStsCode")).toBe("7283");
    expect(one(await cancel(grpBillId), "CanclStsCode")).toBe("7283");
    expect(await pay({ controlNumber, channel: "mpesa" })).toMatchObject({ status: 409, body: { code: "7283" } });
    expect(one(await cancel("NO-SUCH-BILL"), "CanclStsCode")).toBe("7204");
    const paid = await billWithControlNumber();
    await pay({ controlNumber: paid.controlNumber, channel: "mpesa" });
    expect(one(await cancel(paid.grpBillId), "CanclStsCode")).toBe("7279");
    const partly = await billWithControlNumber({ payOpt: "2", min: "100.00" });
    await pay({ controlNumber: partly.controlNumber, channel: "mpesa", amount: "100.00" });
    expect(one(await cancel(partly.grpBillId), "CanclStsCode")).toBe("7201");
    expect((await state()).bills.find((b) => b.GrpBillId === grpBillId).status).toBe("cancelled");
  });
});

describe("sandbox GePG: test modes", () => {
  async function setMode(mode, at = base) {
    const response = await fetch(`${at}/gepg/_control`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ mode }),
    });
    return { status: response.status, body: await response.json() };
  }

  it("down, slow, bad-signature, and back to normal; refuses unknown modes", async () => {
    const at = await start();
    expect(await (await fetch(`${at}/gepg/_control`)).json()).toEqual({ mode: "normal" });
    expect(await setMode("sideways", at)).toEqual({
      status: 400,
      body: { error: "mode must be one of normal, down, slow, garbage, duplicate-callback, out-of-order, bad-signature" },
    });
    const grpBillId = unique("BILL");
    const body = signed(billSubReq({ grpBillId, details: [billDtl({ billId: grpBillId })] }));

    await setMode("down", at);
    expect(await post("/api/bill/20/submission", body, { at })).toEqual({ status: 503, text: "Service unavailable" });

    await setMode("bad-signature", at);
    const unverifiable = await post("/api/bill/20/submission", body, { at });
    expect(one(unverifiable.text, "AckStsCode")).toBe("7101");
    expect(verifiesWith(unverifiable.text, gepg.publicKey)).toBe(false);
    const callback = await waitFor(
      () => received.find((r) => r.name === "billSubRes" && one(r.content, "GrpBillId") === grpBillId),
      "the badly signed billSubRes",
    );
    expect(callback.valid).toBe(false);

    await setMode("slow", at);
    const started = Date.now();
    const other = unique("BILL");
    await post("/api/bill/20/submission", signed(billSubReq({ grpBillId: other, details: [billDtl({ billId: other })] })), { at });
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);

    expect((await setMode("normal", at)).body).toEqual({ mode: "normal" });
  });

  it("duplicate-callback sends every callback twice, byte for byte", async () => {
    const at = await start();
    await setMode("duplicate-callback", at);
    const { controlNumber, reqId } = await billWithControlNumber({}, at);
    await waitFor(
      () => received.filter((r) => r.name === "billSubRes" && one(r.content, "ReqId") === reqId).length === 2,
      "two billSubRes",
    );
    const paid = await pay({ controlNumber, channel: "mpesa" }, at);
    expect(paid.body.notification.map((d) => d.copy)).toEqual([1, 2]);
    const copies = await waitFor(() => {
      const found = received.filter((r) => r.name === "pmtSpNtfReq" && one(r.content, "CustCntrNum") === controlNumber);
      return found.length === 2 && found;
    }, "two notifications");
    expect(copies[0].text).toBe(copies[1].text);
  });
});

describe("sandbox GePG: garbage, out-of-order, and signatures of the moment", () => {
  const control = async (request, at) =>
    (
      await fetch(`${at}/gepg/_control`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(request),
      })
    ).json();

  it("garbage: the three endpoints answer 200 with an HTML page and keep nothing; slow waits as long as asked", async () => {
    const at = await start();
    const grpBillId = unique("BILL");
    const body = signed(billSubReq({ grpBillId, details: [billDtl({ billId: grpBillId })] }));
    expect(await control({ mode: "garbage" }, at)).toEqual({ mode: "garbage" });
    for (const route of ["/api/bill/20/submission", "/api/bill/20/cancellation", "/api/reconciliation/20/request"]) {
      const answer = await fetch(`${at}/gepg${route}`, { method: "POST", headers: HEADERS, body });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toContain("text/html");
      expect(await answer.text()).toContain("<html>");
    }
    expect((await state(at)).bills).toEqual([]);

    expect(await control({ mode: "slow", slowMs: 150 }, at)).toEqual({ mode: "slow", slowMs: 150 });
    const started = Date.now();
    expect(one((await post("/api/bill/20/submission", body, { at })).text, "AckStsCode")).toBe("7101");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(400);
    await control({ mode: "normal" }, at);
  });

  it("out-of-order: callbacks made while it is on are held, then sent newest first (the payment before its control number)", async () => {
    const at = await start();
    await control({ mode: "out-of-order" }, at);
    const grpBillId = unique("BILL");
    const reqId = unique("REQ");
    const ack = await call("/api/bill/20/submission", billSubReq({ reqId, grpBillId, details: [billDtl({ billId: grpBillId })] }), { at });
    expect(one(ack, "AckStsCode")).toBe("7101");
    const bill = await waitFor(async () => (await state(at)).bills.find((b) => b.GrpBillId === grpBillId && b.CustCntrNum), "a number");
    expect((await pay({ controlNumber: bill.CustCntrNum, channel: "mpesa" }, at)).status).toBe(200);
    const held = (await state(at)).deliveries;
    expect(held.map((d) => [d.kind, d.state])).toEqual([
      ["pmtSpNtfReq", "held"],
      ["billSubRes", "held"],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const mine = () => received.filter((r) => one(r.content, "GrpBillId") === grpBillId);
    expect(mine()).toEqual([]);
    await control({ mode: "normal" }, at);
    await waitFor(() => mine().length === 2, "both callbacks");
    expect(mine().map((r) => r.name)).toEqual(["pmtSpNtfReq", "billSubRes"]);
    expect(mine().every((r) => r.valid)).toBe(true);
  });

  it("bad-signature: a callback's tries while the mode is on are signed badly, its later tries with GePG's key", async () => {
    const at = await start({ maxAttempts: 10 });
    plan["/api/gepg/control-number"].push("500", "500", "500", "500");
    await control({ mode: "bad-signature" }, at);
    const grpBillId = unique("BILL");
    const ack = await post("/api/bill/20/submission", signed(billSubReq({ grpBillId, details: [billDtl({ billId: grpBillId })] })), { at });
    expect(verifiesWith(ack.text, gepg.publicKey)).toBe(false);
    const tries = () => received.filter((r) => r.name === "billSubRes" && one(r.content, "GrpBillId") === grpBillId);
    await waitFor(() => tries().length >= 1, "the first try");
    await control({ mode: "normal" }, at);
    await waitFor(() => tries().some((r) => r.valid), "a try signed with GePG's key");
    expect(tries()[0].valid).toBe(false);
    expect(new Set(tries().map((r) => one(r.content, "ResId"))).size).toBe(1);
    await waitFor(async () => (await state(at)).deliveries.find((d) => d.kind === "billSubRes")?.state === "delivered", "delivered");
  });
});

describe("sandbox GePG: XML and limits", () => {
  it("reads only the XML GePG speaks", () => {
    expect(() => readXml('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')).toThrow("DOCTYPE is not allowed");
    expect(() => readXml("<r>&nbsp;</r>")).toThrow("Only the five predefined entities");
    expect(() => readXml("<r><a></r>")).toThrow("Unexpected </r>");
    expect(() => readXml("<r/><s/>")).toThrow("More than one root element");
    expect(() => readXml("<r>\u0001</r>")).toThrow("character XML does not allow");
    const source = "<Gepg>\n <a>x &amp; y</a><signature>s</signature></Gepg>";
    const root = readXml(source);
    expect(root.children.map((c) => c.name)).toEqual(["a", "signature"]);
    expect(root.children[0].text).toBe("x & y");
    expect(source.slice(root.children[0].start, root.children[0].end)).toBe("<a>x &amp; y</a>");
  });

  it("answers 404 for unknown paths under /gepg and 413 for bodies over the limit", async () => {
    expect((await fetch(`${base}/gepg/nothing`)).status).toBe(404);
    const at = await start({ maxBody: 1024 });
    const answer = await post("/api/bill/20/submission", "x".repeat(4096), { at });
    expect(answer.status).toBe(413);
  });
});
