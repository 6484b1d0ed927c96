import { generateKeyPairSync, sign, verify } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTopLevelMember } from "./govesb.mjs";
import { CITIZENS } from "./citizens.mjs";
import { BUS_PRIVATE_FILE, BUS_PUBLIC_FILE, PORTAL_PUBLIC_FILE } from "./keys.mjs";
import { createSandbox } from "./server.mjs";

const CLIENT_ID = "dirisha-portal";
const CLIENT_SECRET = "sandbox-govesb-secret";
const API_CODE = "NIDA-SANDBOX-01";
const DEMO = CITIZENS[0];

// A fixed wire example, signed independently of Node with a throwaway secp256k1 key:
//   openssl dgst -sha256 -sign portal-private.pem -binary data.txt | base64 -w0
// (ECDSA signatures are randomised, so a new one differs each time; any valid one verifies).
const FIXED_PORTAL_PUBLIC = `-----BEGIN PUBLIC KEY-----
MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEY/CMEwlEvAK20vqwD77AZkcjFBCZ+BIg
R3M4J+TlICdLxhVEDlj1MqlWOGipVFSwJCRxyMBhDrAM794Axr28SQ==
-----END PUBLIC KEY-----
`;
const FIXED_DATA =
  '{"apiCode":"NIDA-SANDBOX-01","userId":"dirisha-portal","esbBody":{"Payload":{"NIN":"19900101000000000001","Action":"PHONE"}}}';
const FIXED_SIGNATURE = "MEUCIH2hrLG3r6x90e7d9zUItpB4zCGB21xXig7NQ65UECqaAiEAgXI5mbx/DA1msfRbBd1QfDbMRVolaJum2tVevuXBxNk=";

const portal = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
const bus = generateKeyPairSync("ec", { namedCurve: "secp256k1" });

const servers = [];
let base;

async function start(options) {
  const server = createSandbox({
    port: 0,
    host: "127.0.0.1",
    govesb: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, nidaApiCode: API_CODE, curve: "secp256k1" },
    ...options,
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

beforeAll(async () => {
  base = await start({ keys: { busPrivateKey: bus.privateKey, busPublicKey: bus.publicKey, portalPublicKey: portal.publicKey } });
});
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

function basic(id, secret) {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

function tokenRequest(at, { id = CLIENT_ID, secret = CLIENT_SECRET, formId = id, formSecret = secret } = {}) {
  return fetch(`${at}/govesb/gw/govesb-uaa/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basic(id, secret) },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: formId, client_secret: formSecret }),
  });
}

async function token(at = base) {
  const response = await tokenRequest(at);
  expect(response.status).toBe(200);
  return (await response.json()).access_token;
}

function dataText(payload, { apiCode = API_CODE, userId = "dirisha-test" } = {}) {
  return JSON.stringify({ apiCode, userId, esbBody: { Payload: payload } });
}

function signature(text, key = portal.privateKey) {
  return sign("sha256", Buffer.from(text, "utf8"), key).toString("base64");
}

function envelope(text, sig = signature(text)) {
  return `{"data":${text},"signature":${JSON.stringify(sig)}}`;
}

async function post(body, { at = base, bearer } = {}) {
  const auth = bearer === undefined ? `Bearer ${await token(at)}` : bearer;
  const response = await fetch(`${at}/govesb/engine/esb/nida-request`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * The answer's data substring and signature, taken apart independently of the server's scanner:
 * the bus writes `{"data":…,"signature":"…"}` and base64 has no quotes.
 */
function split(text) {
  const match = /^\{"data":([\s\S]*),"signature":"([A-Za-z0-9+/=]*)"\}$/.exec(text);
  expect(match).not.toBeNull();
  return { data: match[1], signature: match[2] };
}

function verifiesWith(text, publicKey) {
  const { data, signature: sig } = split(text);
  return verify("sha256", Buffer.from(data, "utf8"), publicKey, Buffer.from(sig, "base64"));
}

async function nida(payload, options) {
  const answer = await post(envelope(dataText(payload)), options);
  expect(answer.status).toBe(200);
  expect(verifiesWith(answer.text, bus.publicKey)).toBe(true);
  const data = JSON.parse(split(answer.text).data);
  expect(data).toMatchObject({ success: true, message: "Success" });
  expect(data.requestId).toMatch(/^[0-9a-f-]{36}$/);
  return data.esbBody;
}

describe("sandbox GovESB: access token", () => {
  it("issues a bearer token for the right client id and secret", async () => {
    const response = await tokenRequest(base);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(typeof body.scope).toBe("string");
  });

  it("refuses a wrong secret, in the Basic header or in the form", async () => {
    for (const options of [{ secret: "wrong" }, { formSecret: "wrong" }, { id: "someone-else" }, { formId: "someone-else" }]) {
      const response = await tokenRequest(base, options);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "invalid_client" });
    }
  });
});

describe("sandbox GovESB: signed NIDA requests", () => {
  it("answers a correctly signed request, signed by the bus over the exact data text", async () => {
    const answer = await post(envelope(dataText({ NIN: DEMO.nin, Action: "PHONE" })));
    expect(answer.status).toBe(200);
    expect(verifiesWith(answer.text, bus.publicKey)).toBe(true);
    expect(JSON.parse(answer.text).data.esbBody).toEqual({ Code: "130", Message: "NIN valid", PhoneNumber: DEMO.phone });
  });

  it("verifies a fixed wire example signed outside Node (openssl)", async () => {
    const at = await start({ keys: { busPrivateKey: bus.privateKey, portalPublicKey: FIXED_PORTAL_PUBLIC } });
    const answer = await post(envelope(FIXED_DATA, FIXED_SIGNATURE), { at });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).data.esbBody).toMatchObject({ Code: "130", PhoneNumber: "255700000001" });
  });

  it("verifies a node:crypto sign('sha256', Buffer.from(data), privateKey) signature, DER in base64", async () => {
    const sig = sign("sha256", Buffer.from(FIXED_DATA), portal.privateKey).toString("base64");
    const answer = await post(`{"data":${FIXED_DATA},"signature":"${sig}"}`);
    expect(answer.status).toBe(200);
  });

  it("signs over the data bytes as sent: spacing, member order and tricky strings are the sender's", async () => {
    // The signature covers this exact text (spaces, member order, escapes), not a re-serialisation.
    const text = `{ "userId" : "a\\"}{b\\\\", "esbBody":{"Payload":{"Action":"PHONE","NIN":"${DEMO.nin}"}},\n "apiCode":"${API_CODE}" }`;
    const body = `{ "signature" : ${JSON.stringify(signature(text))} ,\n  "data" : ${text} }`;
    const answer = await post(body);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).data.esbBody.Code).toBe("130");
  });

  it("refuses data with any byte changed after signing", async () => {
    const text = dataText({ NIN: DEMO.nin, Action: "PHONE" });
    const sig = signature(text);
    for (const tampered of [
      text.replace("dirisha-test", "dirisha-tesT"),
      text.replace('"Action"', ' "Action"'),
      `${text.slice(0, -1)} }`,
    ]) {
      const answer = await post(envelope(tampered, sig));
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text).data).toMatchObject({ success: false, message: "Invalid signature" });
      expect(verifiesWith(answer.text, bus.publicKey)).toBe(true);
    }
    expect((await post(envelope(text, ""))).status).toBe(401);
    expect((await post(envelope(text, "not-a-signature"))).status).toBe(401);
    const stranger = generateKeyPairSync("ec", { namedCurve: "secp256k1" }).privateKey;
    expect((await post(envelope(text, signature(text, stranger)))).status).toBe(401);
  });

  it("refuses a missing or unknown token with a signed 401", async () => {
    const body = envelope(dataText({ NIN: DEMO.nin, Action: "PHONE" }));
    for (const bearer of [null, "Bearer not-a-token", basic(CLIENT_ID, CLIENT_SECRET)]) {
      const answer = await post(body, { bearer });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text).data).toEqual({ success: false, message: "Invalid token" });
      expect(verifiesWith(answer.text, bus.publicKey)).toBe(true);
    }
  });

  it("answers success false for another API code", async () => {
    const answer = await post(envelope(dataText({ NIN: DEMO.nin, Action: "PHONE" }, { apiCode: "SOMETHING-ELSE" })));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).data).toMatchObject({ success: false });
  });

  it("refuses a body that is not the envelope, and bodies over 64 KB", async () => {
    expect((await post("not json")).status).toBe(400);
    expect((await post('{"signature":"x"}')).status).toBe(400);
    const text = dataText({ NIN: DEMO.nin, Action: "PHONE" });
    expect((await post(`{"data":${text},"data":${text},"signature":"${signature(text)}"}`)).status).toBe(400);
    const big = dataText({ NIN: DEMO.nin, Action: "PHONE", Padding: "x".repeat(70 * 1024) });
    expect((await post(envelope(big))).status).toBe(413);
  });
});

describe("sandbox NIDA behind GovESB", () => {
  it("PHONE: 130 with the phone for a known citizen, 132 for an unknown valid NIN, 131 for a bad one", async () => {
    expect(await nida({ NIN: CITIZENS[1].nin, Action: "PHONE" })).toEqual({
      Code: "130",
      Message: "NIN valid",
      PhoneNumber: CITIZENS[1].phone,
    });
    expect(await nida({ NIN: "19900101000000000099", Action: "PHONE" })).toEqual({ Code: "132", Message: "NIN not found" });
    for (const nin of [
      "19901301000000000001",
      "19900230000000000001",
      "1990010100000000000",
      "19900101-00000-00000-01",
      19900101000000000001,
    ]) {
      expect(await nida({ NIN: nin, Action: "PHONE" })).toEqual({ Code: "131", Message: "NIN invalid" });
    }
  });

  it("DATA: 00 with the citizen", async () => {
    expect(await nida({ NIN: DEMO.nin, Action: "DATA" })).toEqual({
      Code: "00",
      Message: "Success",
      Citizen: {
        FirstName: DEMO.firstName,
        MiddleName: DEMO.middleName,
        Surname: DEMO.surname,
        DateOfBirth: DEMO.dateOfBirth,
        Sex: DEMO.sex,
        Nationality: "Tanzanian",
        PhoneNumber: DEMO.phone,
        PlaceOfBirth: { Region: "Kilimanjaro", District: "Moshi" },
        Residence: { Region: "Dar es Salaam", District: "Kinondoni", Ward: "Mwananyamala", Village: "Kisiwani" },
      },
    });
  });

  it("security questions: two right answers give the citizen", async () => {
    const citizen = CITIZENS[2];
    const first = await nida({ NIN: citizen.nin, Action: "RQVerification" });
    expect(first).toMatchObject({ Code: "120", Message: "Questions loaded" });
    expect(first.RQCode).toMatch(/^10[1358]$/);
    expect(first.EN.length).toBeGreaterThan(5);
    expect(first.SW.length).toBeGreaterThan(5);
    const answer = ` ${citizen.answers[first.RQCode].toUpperCase()} `;
    const second = await nida({ NIN: citizen.nin, Action: "RQVerification", RQCode: first.RQCode, QNANSW: answer });
    expect(second).toMatchObject({ Code: "123" });
    expect(second.RQCode).not.toBe(first.RQCode);
    const third = await nida({ NIN: citizen.nin, Action: "RQVerification", RQCode: second.RQCode, QNANSW: citizen.answers[second.RQCode] });
    expect(third).toMatchObject({ Code: "00", Message: "Success", Citizen: { FirstName: citizen.firstName, PhoneNumber: citizen.phone } });
  });

  it("security questions: the third wrong answer ends the session with 122", async () => {
    const citizen = CITIZENS[3];
    let question = await nida({ NIN: citizen.nin, Action: "RQVerification" });
    expect(question.Code).toBe("120");
    const codes = [];
    for (const expected of ["124", "124", "122"]) {
      codes.push(question.RQCode);
      question = await nida({ NIN: citizen.nin, Action: "RQVerification", RQCode: question.RQCode, QNANSW: "wrong" });
      expect(question.Code).toBe(expected);
    }
    expect(new Set(codes).size).toBe(3);
    expect(question).toEqual({ Code: "122", Message: "Attempt limit reached" });
    // The session is over; a new start begins a new one.
    const again = await nida({ NIN: citizen.nin, Action: "RQVerification", RQCode: codes[2], QNANSW: "wrong" });
    expect(again.Code).toBe("01");
    expect((await nida({ NIN: citizen.nin, Action: "RQVerification" })).Code).toBe("120");
  });
});

describe("sandbox GovESB: test switches", () => {
  it("down: the engine answers 503; bad-signature: answers do not verify with the bus key", async () => {
    const control = (mode) =>
      fetch(`${base}/govesb/_control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ mode }) });
    const body = envelope(dataText({ NIN: DEMO.nin, Action: "PHONE" }));
    const bearer = `Bearer ${await token()}`;
    try {
      expect((await control("down")).status).toBe(200);
      expect(await (await fetch(`${base}/govesb/_control`)).json()).toEqual({ mode: "down" });
      expect((await post(body, { bearer })).status).toBe(503);

      expect((await control("bad-signature")).status).toBe(200);
      const answer = await post(body, { bearer });
      expect(answer.status).toBe(200);
      expect(verifiesWith(answer.text, bus.publicKey)).toBe(false);

      expect((await control("sideways")).status).toBe(400);
    } finally {
      await control("normal");
    }
    expect(await (await fetch(`${base}/govesb/_control`)).json()).toEqual({ mode: "normal" });
    expect(verifiesWith((await post(body, { bearer })).text, bus.publicKey)).toBe(true);
  });
});

describe("sandbox NIDA: test switches behind the bus", () => {
  const control = (request) =>
    fetch(`${base}/nida/_control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) });

  it("down, slow, garbage and bad-signature act on nida-request only, after the bus's own checks", async () => {
    const body = envelope(dataText({ NIN: DEMO.nin, Action: "PHONE" }));
    const bearer = `Bearer ${await token()}`;
    try {
      expect(await (await control({ mode: "down" })).json()).toEqual({ mode: "down" });
      expect(await (await fetch(`${base}/nida/_control`)).json()).toEqual({ mode: "down" });
      expect((await post(body, { bearer })).status).toBe(503);
      // The bus's own checks come first: a bad token is still the bus's 401.
      expect((await post(body, { bearer: "Bearer nope" })).status).toBe(401);

      expect(await (await control({ mode: "slow", slowMs: 300 })).json()).toEqual({ mode: "slow", slowMs: 300 });
      const started = Date.now();
      const slow = await post(body, { bearer });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(JSON.parse(split(slow.text).data).esbBody.Code).toBe("130");

      await control({ mode: "garbage" });
      const garbage = await post(body, { bearer });
      expect(garbage.status).toBe(200);
      expect(verifiesWith(garbage.text, bus.publicKey)).toBe(true);
      const data = JSON.parse(split(garbage.text).data);
      expect(data.success).toBe(true);
      expect(typeof data.esbBody).toBe("string");
      expect(data.esbBody).toContain("<html>");

      await control({ mode: "bad-signature" });
      const unverifiable = await post(body, { bearer });
      expect(JSON.parse(split(unverifiable.text).data).esbBody.Code).toBe("130");
      expect(verifiesWith(unverifiable.text, bus.publicKey)).toBe(false);

      expect((await control({ mode: "sideways" })).status).toBe(400);
      expect((await control({ mode: "slow", slowMs: -1 })).status).toBe(400);
      expect((await control({ mode: "slow", slowMs: 60_001 })).status).toBe(400);
    } finally {
      await control({ mode: "normal" });
    }
    expect(verifiesWith((await post(body, { bearer })).text, bus.publicKey)).toBe(true);
  });
});

describe("sandbox GovESB: keys folder", () => {
  it("creates the bus key pair there, and refuses requests clearly until the portal's public key is there", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-govesb-keys-"));
    try {
      const at = await start({ keysDir: dir });
      const text = dataText({ NIN: DEMO.nin, Action: "PHONE" });
      const missing = await post(envelope(text), { at });
      expect(missing.status).toBe(401);
      const data = JSON.parse(split(missing.text).data);
      expect(data).toMatchObject({ success: false, message: "Invalid signature" });
      expect(data.detail).toContain(PORTAL_PUBLIC_FILE);

      const busPublic = fs.readFileSync(path.join(dir, BUS_PUBLIC_FILE), "utf8");
      expect(fs.readFileSync(path.join(dir, BUS_PRIVATE_FILE), "utf8")).toContain("BEGIN PRIVATE KEY");
      expect(verifiesWith(missing.text, busPublic)).toBe(true);

      fs.writeFileSync(path.join(dir, PORTAL_PUBLIC_FILE), portal.publicKey.export({ type: "spki", format: "pem" }));
      const ok = await post(envelope(text), { at });
      expect(ok.status).toBe(200);
      expect(verifiesWith(ok.text, busPublic)).toBe(true);

      // A second start reuses the pair.
      const again = await start({ keysDir: dir });
      const answer = await post(envelope(text), { at: again });
      expect(verifiesWith(answer.text, busPublic)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the data scanner", () => {
  it("finds the top-level member's exact bytes, whatever strings and nesting hold", () => {
    const text = '{"x":{"data":{"no":1}},"s":"\\"data\\": {","data" :\t{"a":"}\\\\","b":[{"c":"{"}]} ,"z":null}';
    const bytes = Buffer.from(text);
    const span = findTopLevelMember(bytes, "data");
    expect(bytes.subarray(span.start, span.end).toString()).toBe('{"a":"}\\\\","b":[{"c":"{"}]}');
    expect(findTopLevelMember(Buffer.from('{"signature":"x"}'), "data")).toBeNull();
    expect(() => findTopLevelMember(Buffer.from('{"data":{"a":1}'), "data")).toThrow();
    expect(() => findTopLevelMember(Buffer.from('{"data":{},"data":{}}'), "data")).toThrow();
  });

  it("works on bytes, so non-ASCII text keeps its exact encoding", () => {
    const text = '{"data":{"jina":"Zuhura Šalim ✓"},"signature":"x"}';
    const bytes = Buffer.from(text);
    const span = findTopLevelMember(bytes, "data");
    expect(bytes.subarray(span.start, span.end).toString("utf8")).toBe('{"jina":"Zuhura Šalim ✓"}');
  });
});
