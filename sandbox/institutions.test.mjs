import { createHash, generateKeyPairSync, randomUUID, sign, verify } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CITIZENS } from "./citizens.mjs";
import { createInstitutions, eatTime, maskNin } from "./institutions.mjs";
import { createSandbox } from "./server.mjs";

const CLIENT_ID = "dirisha-portal";
const CLIENT_SECRET = "sandbox-govesb-secret";
const RITA = "APPLICATIONS-SANDBOX-RITA";
const BRELA = "APPLICATIONS-SANDBOX-BRELA";
const UPDATES_CODE = "APPLICATIONS-SANDBOX-UPDATES";
const DEMO = CITIZENS[0];
const FIVE_MB = 5 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EAT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/;

const portal = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
const bus = generateKeyPairSync("ec", { namedCurve: "secp256k1" });

const servers = [];
let base;
let autoBase;

/**
 * The fake portal: where the institutions' status updates are pushed. It checks the bus's
 * signature over the exact data text received, keeps what came, and answers as `plan` says for
 * the application (a list of steps used up one by one, then 200), signing with the test portal key.
 */
const received = []; // { at, text, data, signatureValid, update, contentType }
const plan = new Map(); // PortalReference -> ["500", "unsigned", …]
let portalUrl;

function split(text) {
  const match = /^\{"data":([\s\S]*),"signature":"([A-Za-z0-9+/=]*)"\}$/.exec(text);
  expect(match).not.toBeNull();
  return { data: match[1], signature: match[2] };
}

function verifiesWith(text, publicKey) {
  const { data, signature } = split(text);
  return verify("sha256", Buffer.from(data, "utf8"), publicKey, Buffer.from(signature, "base64"));
}

function signedText(data, key) {
  const text = JSON.stringify(data);
  return `{"data":${text},"signature":${JSON.stringify(sign("sha256", Buffer.from(text), key).toString("base64"))}}`;
}

async function startFakePortal() {
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString("utf8");
    const match = /^\{"data":([\s\S]*),"signature":"([A-Za-z0-9+/=]*)"\}$/.exec(text);
    let signatureValid = false;
    let data = null;
    if (match) {
      signatureValid = verify("sha256", Buffer.from(match[1], "utf8"), bus.publicKey, Buffer.from(match[2], "base64"));
      data = JSON.parse(match[1]);
    }
    const update = data?.esbBody?.Update ?? null;
    received.push({ at: Date.now(), text, data, signatureValid, update, contentType: req.headers["content-type"] });
    const step = plan.get(update?.PortalReference)?.shift() ?? "200";
    res.setHeader("Content-Type", "application/json");
    if (step === "500") {
      res.statusCode = 500;
      return res.end('{"error":"the portal is having a bad day"}');
    }
    if (step === "unsigned") return res.end('{"data":{"success":true},"signature":""}');
    if (!signatureValid) {
      res.statusCode = 401;
      return res.end(signedText({ success: false, message: "Invalid signature" }, portal.privateKey));
    }
    return res.end(signedText({ success: true, message: "Applied" }, portal.privateKey));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return server;
}

async function startSandbox(applications = {}) {
  const server = createSandbox({
    govesb: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, curve: "secp256k1", slowMs: 300 },
    applications: { portalUrl, retryBaseMs: 200, retryMaxMs: 1000, ...applications },
    keys: { busPrivateKey: bus.privateKey, busPublicKey: bus.publicKey, portalPublicKey: portal.publicKey },
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

beforeAll(async () => {
  const fake = await startFakePortal();
  portalUrl = `http://127.0.0.1:${fake.address().port}/api/govesb/applications`;
  base = await startSandbox();
  autoBase = await startSandbox({ autoReceive: true });
});

afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function token(at = base) {
  const response = await fetch(`${at}/govesb/gw/govesb-uaa/oauth/token`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
  });
  expect(response.status).toBe(200);
  return (await response.json()).access_token;
}

let counter = 0;
function portalReference() {
  counter += 1;
  const random = Array.from({ length: 2 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Math.floor(Math.random() * 32)]).join("");
  return `APP-T${counter.toString(36).toUpperCase().padStart(3, "0")}-${random}Q2`;
}

const PDF = Buffer.from("%PDF-1.7\n% Dirisha test: taarifa ya kuzaliwa\n", "utf8");

function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

function documentFor(question, bytes = PDF, overrides = {}) {
  return {
    DocumentId: randomUUID(),
    Question: question,
    FileName: "taarifa ya kuzaliwa.pdf",
    MimeType: "application/pdf",
    Size: bytes.length,
    Sha256: sha256(bytes),
    Base64: bytes.toString("base64"),
    ...overrides,
  };
}

function label(sw, en) {
  return { sw, en };
}

/** A valid application to RITA with an answer of every kind and one document. */
function application(overrides = {}) {
  const notification = documentFor("birth_notification");
  return {
    PortalReference: portalReference(),
    Institution: { Code: "rita", Name: "Registration, Insolvency and Trusteeship Agency" },
    Service: { Id: randomUUID(), Name: "Birth registration and birth certificate" },
    Form: { Id: randomUUID(), Version: 3 },
    Language: "sw",
    Applicant: {
      Nin: DEMO.nin,
      FirstName: DEMO.firstName,
      MiddleName: DEMO.middleName,
      Surname: DEMO.surname,
      DateOfBirth: DEMO.dateOfBirth,
      Sex: DEMO.sex,
      Phone: DEMO.phone,
      PlaceOfBirth: { Region: "Kilimanjaro", District: "Moshi" },
      Residence: { Region: "Dar es Salaam", District: "Kinondoni", Ward: "Mwananyamala", Village: "Kisiwani" },
    },
    Answers: [
      { Id: "parent_name", Kind: "text", Label: label("Jina la mzazi", "Parent's name"), Value: "Amani Juma Mushi", FromNida: true },
      { Id: "child_name", Kind: "text", Label: label("Jina la mtoto", "Child's name"), Value: "Neema Amani Mushi" },
      { Id: "child_birth_date", Kind: "date", Label: label("Tarehe ya kuzaliwa", "Date of birth"), Value: "2026-11-20" },
      {
        Id: "birth_place",
        Kind: "regionDistrict",
        Label: label("Mahali alipozaliwa", "Place of birth"),
        Value: { Region: "Dar es Salaam", District: "Kinondoni" },
      },
      {
        Id: "residence",
        Kind: "regionDistrict",
        Label: label("Makazi", "Residence"),
        Value: { Region: "Dar es Salaam", District: "Kinondoni", Ward: "Mwananyamala", Village: "Kisiwani" },
        FromNida: true,
      },
      { Id: "children_before", Kind: "number", Label: label("Watoto kabla", "Children before"), Value: 1 },
      { Id: "born_in_hospital", Kind: "yesNo", Label: label("Alizaliwa hospitali?", "Born in hospital?"), Value: true },
      { Id: "child_sex", Kind: "oneOf", Label: label("Jinsia ya mtoto", "Child's sex"), Value: "female" },
      { Id: "languages", Kind: "manyOf", Label: label("Lugha", "Languages"), Value: ["sw", "en"] },
      { Id: "contact_phone", Kind: "phone", Label: label("Simu", "Phone"), Value: "255700000001" },
      { Id: "email", Kind: "email", Label: label("Barua pepe", "Email"), Value: "amani@example.com" },
      { Id: "story", Kind: "longText", Label: label("Maelezo", "Details"), Value: "Mstari wa kwanza\nMstari wa pili" },
      { Id: "nickname", Kind: "text", Label: label("Jina la utani", "Nickname"), Value: null },
      {
        Id: "birth_notification",
        Kind: "document",
        Label: label("Taarifa ya kuzaliwa", "Birth notification"),
        Value: { DocumentId: notification.DocumentId },
      },
      { Id: "declaration", Kind: "declaration", Label: label("Nathibitisha", "I confirm"), Value: true },
    ],
    Documents: [notification],
    Payment: { When: "after", BillId: "DRS0000001", ControlNumber: "991234567890", Amount: "8000.00", Currency: "TZS", Paid: false },
    SubmittedAt: "2026-12-04T10:00:00Z",
    ...overrides,
  };
}

function dataText(esbBody, pushCode = RITA) {
  return JSON.stringify({ pushCode, userId: "dirisha-test", esbBody });
}

function envelope(text, signature = sign("sha256", Buffer.from(text), portal.privateKey).toString("base64")) {
  return `{"data":${text},"signature":${JSON.stringify(signature)}}`;
}

async function postPush(body, at = base) {
  const response = await fetch(`${at}/govesb/engine/esb/push-request`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${await token(at)}` },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Pushes an esbBody to an institution; the bus's answer data, after checking its signature. */
async function push(esbBody, { pushCode = RITA, at = base } = {}) {
  const answer = await postPush(envelope(dataText(esbBody, pushCode)), at);
  expect(answer.status).toBe(200);
  expect(verifiesWith(answer.text, bus.publicKey)).toBe(true);
  return JSON.parse(split(answer.text).data);
}

async function applications(at = base, query = "") {
  const response = await fetch(`${at}/institutions.json${query}`);
  expect(response.status).toBe(200);
  return (await response.json()).applications;
}

async function record(reference, at = base) {
  return (await applications(at)).find((a) => a.portalReference === reference);
}

async function waitFor(check, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error("waited too long");
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

function updatesFor(reference, status) {
  return received.filter((r) => r.update?.PortalReference === reference && (!status || r.update.Status === status));
}

async function sendJson(fields, at = base) {
  const response = await fetch(`${at}/institutions/update`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(fields),
  });
  return { status: response.status, body: await response.json() };
}

async function sendForm(fields, at = base) {
  return fetch(`${at}/institutions/update`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

async function control(mode, at = base) {
  const response = await fetch(`${at}/govesb/_control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  });
  expect(response.status).toBe(200);
}

/** A new application pushed and accepted; its PortalReference and the institution's Reference. */
async function accepted(overrides) {
  const app = application(overrides);
  const data = await push({ Application: app });
  expect(data.esbBody).toMatchObject({ Code: "00", Message: "Accepted" });
  return { app, reference: data.esbBody.Reference };
}

describe("sandbox institutions: applications through GovESB", () => {
  it("accepts a valid application in a signed answer, with the institution's own reference, and keeps it", async () => {
    const app = application();
    const before = Date.now();
    const data = await push({ Application: app });
    expect(data).toMatchObject({ success: true, message: "Success" });
    expect(data.requestId).toMatch(UUID);
    expect(Object.keys(data.esbBody)).toEqual(["Code", "Message", "Reference"]);
    expect(data.esbBody).toMatchObject({ Code: "00", Message: "Accepted" });
    expect(data.esbBody.Reference).toMatch(/^RITA-\d{4}-\d{6}$/);

    const kept = await record(app.PortalReference);
    expect(kept).toMatchObject({ institution: "rita", reference: data.esbBody.Reference, replies: [], updates: [] });
    expect(kept.receivedAt).toBeGreaterThanOrEqual(before);
    expect(kept.receivedAt).toBeLessThanOrEqual(Date.now());
    // The application as sent, without the documents' base64.
    const { Base64, ...documentMeta } = app.Documents[0];
    expect(Base64.length).toBeGreaterThan(0);
    expect(kept.application).toEqual({ ...app, Documents: [documentMeta] });
    expect(kept.documents).toEqual([
      {
        documentId: app.Documents[0].DocumentId,
        question: "birth_notification",
        fileName: "taarifa ya kuzaliwa.pdf",
        mimeType: "application/pdf",
        size: PDF.length,
        sha256: sha256(PDF),
        url: `/institutions/document/${app.Documents[0].DocumentId}`,
      },
    ]);
    // Nothing is sent to the portal until a tester (or auto mode) does.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(updatesFor(app.PortalReference)).toHaveLength(0);
  });

  it("is idempotent: the same PortalReference again is accepted with the same Reference and no second record", async () => {
    const { app, reference } = await accepted();
    const again = await push({ Application: { ...app, Service: { ...app.Service, Name: "Something else" } } });
    expect(again.esbBody).toEqual({ Code: "00", Message: "Accepted", Reference: reference });
    const kept = (await applications()).filter((a) => a.portalReference === app.PortalReference);
    expect(kept).toHaveLength(1);
    expect(kept[0].application.Service.Name).toBe(app.Service.Name);
    // The same reference at another institution is refused.
    const elsewhere = await push({ Application: { ...app, Institution: { Code: "brela", Name: "BRELA" } } }, { pushCode: BRELA });
    expect(elsewhere.esbBody.Code).toBe("01");
    expect(elsewhere.esbBody.Message).toContain("already received by rita");
  });

  it("numbers each institution's references in sequence, and serves every institution's push code", async () => {
    const first = await accepted();
    const second = await accepted();
    expect(Number(second.reference.slice(-6))).toBe(Number(first.reference.slice(-6)) + 1);
    for (const slug of ["brela", "tpf", "nida", "tra", "heslb"]) {
      const data = await push(
        { Application: application({ Institution: { Code: slug, Name: slug.toUpperCase() } }) },
        { pushCode: `APPLICATIONS-SANDBOX-${slug.toUpperCase()}` },
      );
      expect(data.esbBody.Code).toBe("00");
      expect(data.esbBody.Reference).toMatch(new RegExp(`^${slug.toUpperCase()}-\\d{4}-\\d{6}$`));
    }
    const unknown = await push({ Application: application() }, { pushCode: "APPLICATIONS-SANDBOX-NECTA" });
    expect(unknown).toMatchObject({ success: false });
    expect(unknown.message).toContain("pushCode");
  });

  it("refuses an invalid application with Code 01 saying why, and keeps nothing", async () => {
    const valid = application();
    const notification = valid.Documents[0];
    const answers = (change) => valid.Answers.map((a) => (a.Id in change ? { ...a, ...change[a.Id] } : a));
    const cases = [
      [{ PortalReference: "app-7k2q-9xwd" }, "PortalReference"],
      [{ PortalReference: "APP-7K2Q9XWD" }, "PortalReference"],
      [{ PortalReference: undefined }, "PortalReference"],
      [{ Institution: { Code: "brela", Name: "BRELA" } }, "Institution.Code"],
      [{ Institution: { Code: "rita" } }, "Institution"],
      [{ Service: { Id: "birth-certificate", Name: "Birth" } }, "Service"],
      [{ Form: { Id: randomUUID(), Version: 0 } }, "Form"],
      [{ Language: "fr" }, "Language"],
      [{ Applicant: { ...valid.Applicant, Nin: "1990" } }, "Applicant.Nin"],
      [{ Applicant: { ...valid.Applicant, Sex: "Male" } }, "Applicant.Sex"],
      [{ Applicant: { ...valid.Applicant, Phone: undefined } }, "Applicant.Phone"],
      [{ Applicant: { ...valid.Applicant, DateOfBirth: "1990-02-30" } }, "Applicant.DateOfBirth"],
      [{ Applicant: { ...valid.Applicant, PlaceOfBirth: { Region: "Kilimanjaro" } } }, "Applicant.PlaceOfBirth"],
      [{ Applicant: { ...valid.Applicant, Residence: { Region: "Dar es Salaam", District: "Kinondoni" } } }, "Applicant.Residence.Ward"],
      [{ Answers: "none" }, "Answers"],
      [{ Answers: answers({ child_name: { Kind: "shortText" } }) }, "Kind"],
      [{ Answers: answers({ child_name: { Label: { sw: "Jina" } } }) }, "Label"],
      [{ Answers: answers({ child_name: { Id: "Child Name" } }) }, ".Id"],
      [{ Answers: answers({ born_in_hospital: { Value: "yes" } }) }, "true or false"],
      [{ Answers: answers({ child_birth_date: { Value: "2026-02-30" } }) }, "YYYY-MM-DD"],
      [{ Answers: answers({ children_before: { Value: "1" } }) }, "number"],
      [{ Answers: answers({ contact_phone: { Value: "0700000001" } }) }, "phone"],
      [{ Answers: answers({ email: { Value: "not an email" } }) }, "email"],
      [{ Answers: answers({ declaration: { Value: false } }) }, "declaration"],
      [{ Answers: answers({ languages: { Value: "sw" } }) }, "option values"],
      [{ Answers: answers({ birth_place: { Value: "Dar es Salaam" } }) }, "Region"],
      [{ Answers: answers({ child_name: { FromNida: false } }) }, "FromNida"],
      [{ Answers: answers({ child_name: { Value: undefined } }) }, "Value is missing"],
      [{ Answers: answers({ birth_notification: { Value: { DocumentId: randomUUID() } } }) }, "not in Documents"],
      [{ Documents: [{ ...notification, Base64: "not base64!" }] }, "Base64"],
      [{ Documents: [{ ...notification, Sha256: sha256(Buffer.from("other")) }] }, "Sha256 does not match"],
      [{ Documents: [{ ...notification, Sha256: "abc" }] }, "Sha256"],
      [{ Documents: [{ ...notification, Size: PDF.length + 1 }] }, "Size"],
      [{ Documents: [{ ...notification, MimeType: "image/gif" }] }, "MimeType"],
      [{ Documents: [{ ...notification, FileName: "" }] }, "FileName"],
      [{ Documents: [{ ...notification, Question: "child_name" }] }, "Question"],
      [{ Documents: [{ ...notification, DocumentId: "doc-1" }] }, "DocumentId"],
      [{ Documents: [notification, { ...notification }] }, "repeated"],
      [{ Documents: [notification, ...Array.from({ length: 10 }, () => documentFor("birth_notification"))] }, "at most 10"],
      [{ Payment: undefined }, "Payment"],
      [{ Payment: { ...valid.Payment, When: "before", Paid: false } }, "Paid"],
      [{ Payment: { ...valid.Payment, Currency: "USD" } }, "Currency"],
      [{ Payment: { ...valid.Payment, Amount: 8000 } }, "Amount"],
      [{ Payment: { ...valid.Payment, ControlNumber: "99-12" } }, "ControlNumber"],
      [{ SubmittedAt: "2026-12-04 10:00" }, "SubmittedAt"],
      [{ SubmittedAt: "2026-12-04T10:00:00" }, "SubmittedAt"],
    ];
    const before = (await applications()).length;
    for (const [overrides, mentions] of cases) {
      const app = { ...valid, PortalReference: portalReference(), ...overrides };
      const data = await push({ Application: app });
      expect(data.success, JSON.stringify(overrides)).toBe(true);
      expect(data.esbBody, JSON.stringify(overrides).slice(0, 200)).toMatchObject({ Code: "01" });
      expect(Object.keys(data.esbBody)).toEqual(["Code", "Message"]);
      expect(data.esbBody.Message, JSON.stringify(overrides).slice(0, 200)).toContain(mentions);
    }
    for (const esbBody of [{}, { Application: "x" }, { Application: valid, InformationReply: {} }]) {
      expect((await push(esbBody)).esbBody.Code).toBe("01");
    }
    expect((await applications()).length).toBe(before);
  });

  it("accepts three documents of 5 MB each (a 20 MB push), refuses a larger document, and pushes over 32 MB get 413", async () => {
    const big = () => {
      const bytes = Buffer.alloc(FIVE_MB, 0x41);
      bytes.write("%PDF-1.7", 0);
      bytes.writeUInt32BE(Math.floor(Math.random() * 2 ** 32), 100);
      return bytes;
    };
    const documents = [
      documentFor("birth_notification", big()),
      documentFor("birth_notification", big()),
      documentFor("birth_notification", big()),
    ];
    const app = application({
      Documents: documents,
      Answers: application().Answers.map((a) =>
        a.Id === "birth_notification" ? { ...a, Value: { DocumentId: documents[0].DocumentId } } : a,
      ),
    });
    const body = envelope(dataText({ Application: app }));
    expect(body.length).toBeGreaterThan(20 * 1024 * 1024);
    const answer = await postPush(body);
    expect(answer.status).toBe(200);
    expect(JSON.parse(split(answer.text).data).esbBody.Code).toBe("00");
    const kept = await record(app.PortalReference);
    expect(kept.documents.map((d) => d.size)).toEqual([FIVE_MB, FIVE_MB, FIVE_MB]);

    const tooBig = Buffer.alloc(FIVE_MB + 1, 1);
    const refused = await push({ Application: application({ Documents: [documentFor("birth_notification", tooBig)] }) });
    expect(refused.esbBody.Code).toBe("01");
    expect(refused.esbBody.Message).toContain("5.00 MB");

    const huge = application({ Documents: [{ ...documents[0], Base64: "A".repeat(32 * 1024 * 1024) }] });
    expect((await postPush(envelope(dataText({ Application: huge })))).status).toBe(413);
    // Past the 4 MB push limit, only an applications push code may go.
    const elsewhere = envelope(dataText({ Application: app }, "EMREJESHO-SANDBOX-PUSH"));
    expect((await postPush(elsewhere)).status).toBe(413);
  });

  it("serves a document's bytes with its type, as an attachment; 404 for an unknown one", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("picha")]);
    const photo = documentFor("birth_notification", png, { FileName: "picha ya “mtoto”.png", MimeType: "image/png" });
    const template = application();
    const { app } = await accepted({
      Documents: [photo],
      Answers: template.Answers.map((a) => (a.Id === "birth_notification" ? { ...a, Value: { DocumentId: photo.DocumentId } } : a)),
    });
    const kept = await record(app.PortalReference);
    const download = await fetch(`${base}${kept.documents[0].url}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="picha ya _mtoto_.png"; filename\*=UTF-8''/);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(`${base}/institutions/document/${randomUUID()}`)).status).toBe(404);
    expect((await fetch(`${base}/institutions/document/%E0%A4%A`)).status).toBe(404);
  });
});

describe("sandbox institutions: the bus's signature and test modes", () => {
  it("the back-end verifies the bus's signature on the exact bytes before trusting a message", () => {
    const other = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    const institutions = createInstitutions({
      portalUrl: "http://127.0.0.1:9/unused",
      updatesCode: UPDATES_CODE,
      signedMessage: () => {
        throw new Error("not used");
      },
      busPublicKey: () => bus.publicKey,
      portalPublicKey: () => ({ error: "none" }),
    });
    try {
      const data = { pushCode: RITA, esbBody: { Application: application() } };
      const good = Buffer.from(signedText(data, bus.privateKey));
      expect(institutions.receive(good).esbBody).toMatchObject({ Code: "00", Message: "Accepted" });

      const forged = Buffer.from(signedText({ pushCode: RITA, esbBody: { Application: application() } }, other.privateKey));
      expect(institutions.receive(forged)).toEqual({ refused: "the signature does not verify with the bus's public key" });

      const text = signedText({ pushCode: RITA, esbBody: { Application: application({ Language: "en" }) } }, bus.privateKey);
      const tampered = Buffer.from(text.replace('"Language":"en"', '"Language":"sw"'));
      expect(institutions.receive(tampered).refused).toContain("signature");
      // A space added inside data changes the bytes signed.
      const spaced = Buffer.from(text.replace('"Language":"en"', '"Language": "en"'));
      expect(institutions.receive(spaced).refused).toContain("signature");

      expect(institutions.receive(Buffer.from("not json")).refused).toBe("not a signed bus message");
      expect(institutions.receive(Buffer.from('{"data":{"pushCode":"x"},"signature":""}')).refused).toContain("signature");
      expect(institutions.count()).toBe(1);
    } finally {
      institutions.stop();
    }
  });

  it("bad-signature: the push forwarded to the institution is signed with a throwaway key, so it refuses it and keeps nothing", async () => {
    const app = application();
    try {
      await control("bad-signature");
      const answer = await postPush(envelope(dataText({ Application: app })));
      expect(answer.status).toBe(200);
      expect(verifiesWith(answer.text, bus.publicKey)).toBe(false);
      const data = JSON.parse(split(answer.text).data);
      expect(data).toMatchObject({ success: false });
      expect(data.message).toContain("The subscriber refused the message: the signature does not verify");
    } finally {
      await control("normal");
    }
    expect(await record(app.PortalReference)).toBeUndefined();
    // Pushed again once the bus is fine: accepted.
    expect((await push({ Application: app })).esbBody.Code).toBe("00");
  });

  it("down answers 503 and slow waits, for application pushes too; a tampered push gets a signed 401", async () => {
    const body = envelope(dataText({ Application: application() }));
    try {
      await control("down");
      expect((await postPush(body)).status).toBe(503);
      await control("slow");
      const started = Date.now();
      const slow = await postPush(body);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(JSON.parse(split(slow.text).data).esbBody.Code).toBe("00");
    } finally {
      await control("normal");
    }
    const text = dataText({ Application: application({ Language: "en" }) });
    const signature = sign("sha256", Buffer.from(text), portal.privateKey).toString("base64");
    const tampered = await postPush(envelope(text.replace('"Language":"en"', '"Language":"sw"'), signature));
    expect(tampered.status).toBe(401);
    expect(JSON.parse(split(tampered.text).data)).toEqual({ success: false, message: "Invalid signature" });
  });
});

describe("sandbox institutions: the bus's duplicate-callback and out-of-order modes", () => {
  it("duplicate-callback sends each status update twice at once, byte for byte", async () => {
    const { app } = await accepted();
    try {
      await control("duplicate-callback");
      expect((await sendJson({ reference: app.PortalReference, status: "IN_REVIEW" })).status).toBe(200);
      const copies = await waitFor(() => (updatesFor(app.PortalReference).length === 2 ? updatesFor(app.PortalReference) : null));
      expect(copies[0].text).toBe(copies[1].text);
      expect(copies[0].update.Status).toBe("IN_REVIEW");
      await waitFor(async () => (await record(app.PortalReference)).updates[0].delivery.copy);
      expect((await record(app.PortalReference)).updates[0].delivery).toMatchObject({ state: "delivered", copy: { status: 200 } });
    } finally {
      await control("normal");
    }
  });

  it("out-of-order holds status updates back while it is on, then sends them newest first", async () => {
    const { app } = await accepted();
    try {
      await control("out-of-order");
      for (const status of ["RECEIVED", "IN_REVIEW", "APPROVED"])
        expect((await sendJson({ reference: app.PortalReference, status })).status).toBe(200);
      await waitFor(async () => (await record(app.PortalReference)).updates.every((u) => u.delivery.state === "held"));
      expect(updatesFor(app.PortalReference)).toEqual([]);
      expect(await (await fetch(`${base}/institutions?lang=en`)).text()).toContain("held back (out-of-order)");
    } finally {
      await control("normal");
    }
    await waitFor(() => updatesFor(app.PortalReference).length === 3);
    expect(updatesFor(app.PortalReference).map((r) => r.update.Status)).toEqual(["APPROVED", "IN_REVIEW", "RECEIVED"]);
  });

  it("slow waits as long as the control asks", async () => {
    const body = envelope(dataText({ Application: application() }));
    try {
      const set = await fetch(`${base}/govesb/_control`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ mode: "slow", slowMs: 600 }),
      });
      expect(await set.json()).toEqual({ mode: "slow", slowMs: 600 });
      expect(await (await fetch(`${base}/govesb/_control`)).json()).toEqual({ mode: "slow", slowMs: 600 });
      const started = Date.now();
      await postPush(body);
      expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    } finally {
      await control("normal");
    }
    expect(await (await fetch(`${base}/govesb/_control`)).json()).toEqual({ mode: "normal" });
  });
});

describe("sandbox institutions: status updates to the portal", () => {
  it("pushes an update signed by the bus, in the protocol's exact shape, and records its delivery", async () => {
    const { app, reference } = await accepted();
    const sent = await sendJson({ reference: app.PortalReference, status: "IN_REVIEW", note: "Tunashughulikia ombi lako." });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ status: "IN_REVIEW", updateId: expect.stringMatching(UUID) });
    const [update] = await waitFor(() => {
      const found = updatesFor(app.PortalReference, "IN_REVIEW");
      return found.length ? found : null;
    });
    expect(update.signatureValid).toBe(true);
    expect(update.contentType).toMatch(/^application\/json/);
    expect(verifiesWith(update.text, bus.publicKey)).toBe(true);
    expect(split(update.text).data).toBe(JSON.stringify(update.data));
    expect(update.data).toEqual({
      pushCode: UPDATES_CODE,
      esbBody: {
        Update: {
          PortalReference: app.PortalReference,
          Reference: reference,
          UpdateId: sent.body.updateId,
          Status: "IN_REVIEW",
          Note: "Tunashughulikia ombi lako.",
          Question: null,
          Reasons: null,
          Collection: null,
          At: update.update.At,
        },
      },
    });
    expect(Object.keys(update.update)).toEqual([
      "PortalReference",
      "Reference",
      "UpdateId",
      "Status",
      "Note",
      "Question",
      "Reasons",
      "Collection",
      "At",
    ]);
    expect(update.update.At).toMatch(EAT);
    expect(Math.abs(Date.parse(update.update.At) - Date.now())).toBeLessThan(5000);
    await waitFor(async () => (await record(app.PortalReference)).updates[0].delivery.state === "delivered");
    const kept = (await record(app.PortalReference)).updates[0];
    expect(kept).toMatchObject({
      updateId: sent.body.updateId,
      status: "IN_REVIEW",
      at: update.update.At,
      repeatOf: null,
      older: false,
      update: update.update,
      delivery: { state: "delivered", attempts: 1, answer: "answer verified", lastError: null },
    });
    expect(kept.delivery.deliveredAtMs).toBeGreaterThanOrEqual((await record(app.PortalReference)).receivedAt);
    // The institution's reference finds the application too.
    expect((await sendJson({ reference, status: "APPROVED" })).status).toBe(200);
  });

  it("carries Question, Reasons and Collection with their statuses, and refuses them missing", async () => {
    const { app } = await accepted();
    const ref = app.PortalReference;
    expect(await sendJson({ reference: ref, status: "INFORMATION_NEEDED" })).toMatchObject({ status: 400 });
    expect(await sendJson({ reference: ref, status: "REJECTED", reasons: "  " })).toMatchObject({ status: 400 });
    expect(await sendJson({ reference: ref, status: "READY_FOR_COLLECTION", place: "RITA, Dar es Salaam" })).toMatchObject({ status: 400 });
    expect(await sendJson({ reference: ref, status: "READY_FOR_COLLECTION", from: "2026-12-10T08:00" })).toMatchObject({ status: 400 });
    expect(await sendJson({ reference: ref, status: "READY_FOR_COLLECTION", place: "RITA", from: "tomorrow" })).toMatchObject({
      status: 400,
    });
    expect(await sendJson({ reference: ref, status: "DONE" })).toMatchObject({ status: 400 });
    expect(await sendJson({ reference: ref, status: "APPROVED", note: "x".repeat(2001) })).toMatchObject({ status: 400 });
    expect(await sendJson({ reference: "APP-NONE-NONE", status: "APPROVED" })).toMatchObject({ status: 404 });
    expect(await sendJson({ status: "APPROVED" })).toMatchObject({ status: 400 });

    await sendJson({ reference: ref, status: "INFORMATION_NEEDED", question: "Tuma nakala ya cheti cha ndoa." });
    await sendJson({ reference: ref, status: "REJECTED", reasons: "Taarifa hazilingani." });
    await sendJson({
      reference: ref,
      status: "READY_FOR_COLLECTION",
      place: "RITA, Makao Makuu, Dar es Salaam",
      from: "2026-12-10T08:00",
      until: "2026-12-24T15:30:00+03:00",
    });
    await sendJson({ reference: ref, status: "READY_FOR_COLLECTION", place: "RITA Moshi", from: "2026-12-11T06:00:00Z" });
    const all = await waitFor(() => (updatesFor(ref).length === 4 ? updatesFor(ref) : null));
    expect(all.map((r) => r.update.Status)).toEqual(["INFORMATION_NEEDED", "REJECTED", "READY_FOR_COLLECTION", "READY_FOR_COLLECTION"]);
    expect(all[0].update).toMatchObject({ Question: "Tuma nakala ya cheti cha ndoa.", Reasons: null, Collection: null, Note: null });
    expect(all[1].update).toMatchObject({ Question: null, Reasons: "Taarifa hazilingani.", Collection: null });
    expect(all[2].update).toMatchObject({
      Question: null,
      Reasons: null,
      Collection: { Place: "RITA, Makao Makuu, Dar es Salaam", From: "2026-12-10T08:00:00+03:00", Until: "2026-12-24T15:30:00+03:00" },
    });
    expect(all[3].update.Collection).toEqual({ Place: "RITA Moshi", From: "2026-12-11T06:00:00Z", Until: null });
    expect(new Set(all.map((r) => r.update.UpdateId)).size).toBe(4);
  });

  it("retries an update until the portal answers 200, and keeps one application's updates in order", async () => {
    const { app } = await accepted();
    const ref = app.PortalReference;
    plan.set(ref, ["500", "500"]);
    const first = await sendJson({ reference: ref, status: "RECEIVED" });
    const second = await sendJson({ reference: ref, status: "IN_REVIEW" });
    await waitFor(async () => (await record(ref)).updates.every((u) => u.delivery.state === "delivered"));
    const tries = updatesFor(ref);
    expect(tries.map((t) => t.update.Status)).toEqual(["RECEIVED", "RECEIVED", "RECEIVED", "IN_REVIEW"]);
    expect(tries.slice(0, 3).every((t) => t.update.UpdateId === first.body.updateId)).toBe(true);
    expect(tries[3].update.UpdateId).toBe(second.body.updateId);
    expect(tries.every((t) => t.signatureValid)).toBe(true);
    // Backoff: 200 ms, then 400 ms (this test's settings; 1 s, 2 s… by default).
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(180);
    expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(380);
    const [received0] = (await record(ref)).updates;
    expect(received0.delivery).toMatchObject({ state: "delivered", attempts: 3, answer: "answer verified" });
    expect(received0.delivery.lastError).toContain("HTTP 500");
  });

  it("counts a 200 whose signature does not verify as delivered, noting it", async () => {
    const { app } = await accepted();
    plan.set(app.PortalReference, ["unsigned"]);
    await sendJson({ reference: app.PortalReference, status: "RECEIVED" });
    await waitFor(async () => (await record(app.PortalReference)).updates[0]?.delivery.state === "delivered");
    expect((await record(app.PortalReference)).updates[0].delivery.answer).toContain("answer not verified");
  });

  it("the fault buttons: the last update again with the same UpdateId, and an older RECEIVED after a newer update", async () => {
    const { app } = await accepted();
    const ref = app.PortalReference;
    // Nothing to repeat yet.
    expect(await sendJson({ reference: ref, fault: "repeat-last" })).toMatchObject({ status: 409 });
    expect(await sendJson({ reference: ref, fault: "older" })).toMatchObject({ status: 409 });
    expect(await sendJson({ reference: ref, fault: "explode" })).toMatchObject({ status: 400 });

    const review = await sendForm({ reference: ref, status: "IN_REVIEW", lang: "en", filter: "rita" });
    expect(review.status).toBe(303);
    expect(review.headers.get("location")).toBe(`/institutions?lang=en&institution=rita#app-${ref}`);
    const repeat = await sendForm({ reference: ref, fault: "repeat-last" });
    expect(repeat.status).toBe(303);
    expect(repeat.headers.get("location")).toBe(`/institutions#app-${ref}`);
    const older = await sendJson({ reference: ref, fault: "older" });
    expect(older.status).toBe(200);
    expect(older.body.status).toBe("RECEIVED");

    const all = await waitFor(() => (updatesFor(ref).length === 3 ? updatesFor(ref) : null));
    expect(all.map((r) => r.update.Status)).toEqual(["IN_REVIEW", "IN_REVIEW", "RECEIVED"]);
    expect(all[1].update).toEqual(all[0].update);
    expect(all[1].text).toContain(all[0].update.UpdateId);
    expect(all[2].update.UpdateId).toBe(older.body.updateId);
    expect(all[2].update.UpdateId).not.toBe(all[0].update.UpdateId);
    expect(all[2].update.At).toMatch(EAT);
    expect(Date.parse(all[2].update.At)).toBeLessThan(Date.parse(all[0].update.At));
    const kept = await waitFor(async () => {
      const r = await record(ref);
      return r.updates.every((u) => u.delivery.state === "delivered") ? r : null;
    });
    expect(kept.updates.map((u) => [u.status, u.repeatOf, u.older])).toEqual([
      ["IN_REVIEW", null, false],
      ["IN_REVIEW", all[0].update.UpdateId, false],
      ["RECEIVED", null, true],
    ]);
  });

  it("a refused form shows why in the page's language, with a way back", async () => {
    const { app } = await accepted();
    const sw = await sendForm({ reference: app.PortalReference, status: "REJECTED", reasons: "" });
    expect(sw.status).toBe(400);
    const swHtml = await sw.text();
    expect(swHtml).toContain('lang="sw"');
    expect(swHtml).toContain("Sababu za kukataa zinahitajika");
    expect(swHtml).toContain(`href="/institutions#app-${app.PortalReference}"`);
    const en = await sendForm({ reference: app.PortalReference, status: "INFORMATION_NEEDED", lang: "en" });
    expect(en.status).toBe(400);
    const enHtml = await en.text();
    expect(enHtml).toContain('lang="en"');
    expect(enHtml).toContain("question is required");
  });
});

describe("sandbox institutions: the citizen's information replies", () => {
  it("accepts a reply to an INFORMATION_NEEDED update once, with its documents, and refuses the others", async () => {
    const { app, reference } = await accepted();
    const ref = app.PortalReference;
    const asked = await sendJson({ reference: ref, status: "INFORMATION_NEEDED", question: "Tuma cheti cha ndoa." });
    const certificate = documentFor(null, Buffer.from("%PDF-1.7 cheti cha ndoa"), { FileName: "cheti.pdf" });
    const reply = {
      PortalReference: ref,
      RequestUpdateId: asked.body.updateId,
      Text: "Nimeambatisha cheti.",
      Documents: [certificate],
      RepliedAt: "2026-12-05T08:00:00Z",
    };
    expect((await push({ InformationReply: reply })).esbBody).toEqual({ Code: "00", Message: "Accepted", Reference: reference });
    expect((await push({ InformationReply: { ...reply, Text: "Again", Documents: [] } })).esbBody).toEqual({
      Code: "00",
      Message: "Accepted",
      Reference: reference,
    });
    const kept = await record(ref);
    expect(kept.replies).toHaveLength(1);
    expect(kept.replies[0]).toMatchObject({
      requestUpdateId: asked.body.updateId,
      text: "Nimeambatisha cheti.",
      repliedAt: "2026-12-05T08:00:00Z",
      documents: [{ documentId: certificate.DocumentId, fileName: "cheti.pdf", mimeType: "application/pdf" }],
    });
    expect(typeof kept.replies[0].receivedAt).toBe("number");
    const download = await fetch(`${base}${kept.replies[0].documents[0].url}`);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe("%PDF-1.7 cheti cha ndoa");

    const refusals = [
      [{ ...reply, RequestUpdateId: randomUUID() }, "RequestUpdateId"],
      [{ ...reply, PortalReference: "APP-ZZZZ-ZZZZ" }, "No application APP-ZZZZ-ZZZZ"],
      [{ ...reply, PortalReference: "nope" }, "PortalReference"],
      [{ ...reply, RepliedAt: "yesterday" }, "RepliedAt"],
      [{ ...reply, Text: 5 }, "Text"],
      [{ ...reply, Text: " ", Documents: [] }, "neither Text nor Documents"],
      [{ ...reply, Documents: [{ ...certificate, Sha256: sha256(Buffer.from("x")) }] }, "Sha256"],
    ];
    for (const [body, mentions] of refusals) {
      const data = await push({ InformationReply: body });
      expect(data.esbBody.Code).toBe("01");
      expect(data.esbBody.Message).toContain(mentions);
    }
    // The RECEIVED update's id is not a question.
    const received = await sendJson({ reference: ref, status: "RECEIVED" });
    expect((await push({ InformationReply: { ...reply, RequestUpdateId: received.body.updateId } })).esbBody.Code).toBe("01");
    // A reply pushed to another institution's code finds no application there.
    expect((await push({ InformationReply: reply }, { pushCode: BRELA })).esbBody.Code).toBe("01");
    expect((await record(ref)).replies).toHaveLength(1);
  });
});

describe("sandbox institutions: tester page", () => {
  it("renders in Swahili by default and in English with ?lang=en, escaping what the portal sent", async () => {
    const hostile = application({ Service: { Id: randomUUID(), Name: '<script>alert("service")</script>' } });
    hostile.Answers = hostile.Answers.map((a) =>
      a.Id === "child_name"
        ? { ...a, Label: { sw: "<b>Jina</b>", en: "<i>Name</i>" }, Value: "<img src=x onerror=alert(1)> & 'quoted'" }
        : a,
    );
    const first = await accepted();
    expect((await push({ Application: hostile })).esbBody.Code).toBe("00");
    await sendJson({ reference: hostile.PortalReference, status: "INFORMATION_NEEDED", question: "<script>q</script>" });

    const sw = await fetch(`${base}/institutions`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get("content-type")).toContain("text/html");
    const html = await sw.text();
    expect(html).toContain('<html lang="sw">');
    for (const word of ["Mwombaji", "Majibu", "Nyaraka", "Tuma hali mpya", "Majaribio ya hitilafu", "Mahali alipozaliwa", "Makazi"]) {
      expect(html).toContain(word);
    }
    expect(html).toContain('href="/institutions?lang=en"');
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>Jina</b>");
    expect(html).not.toContain("<script>q");
    expect(html).toContain("&lt;script&gt;alert(&quot;service&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &#39;quoted&#39;");
    expect(html).toContain("&lt;b&gt;Jina&lt;/b&gt;");
    // The NIN is masked but for its last 4 digits.
    expect(html).not.toContain(DEMO.nin);
    expect(html).toContain(maskNin(DEMO.nin));
    expect(maskNin(DEMO.nin)).toBe(`${"*".repeat(16)}${DEMO.nin.slice(-4)}`);
    // Newest first; documents linked; every status and both faults offered as plain forms.
    expect(html.indexOf(`id="app-${hostile.PortalReference}"`)).toBeLessThan(html.indexOf(`id="app-${first.app.PortalReference}"`));
    expect(html).toContain(`href="/institutions/document/${hostile.Documents[0].DocumentId}"`);
    const section = html.slice(html.indexOf(`id="app-${hostile.PortalReference}"`));
    const own = section.slice(0, section.indexOf("</section>"));
    expect(own).toContain('action="/institutions/update"');
    expect(own).toContain('method="post"');
    for (const status of ["RECEIVED", "IN_REVIEW", "INFORMATION_NEEDED", "APPROVED", "REJECTED", "READY_FOR_COLLECTION", "COMPLETED"]) {
      expect(own).toContain(`value="${status}"`);
    }
    expect(own).toContain('name="question"');
    expect(own).toMatch(/<textarea name="question"[^>]*required/);
    expect(own).toMatch(/<textarea name="reasons"[^>]*required/);
    expect(own).toMatch(/<input name="place"[^>]*required/);
    expect(own).toMatch(/<input type="datetime-local" name="from" required/);
    expect(own).toContain('value="repeat-last"');
    expect(own).toContain('value="older"');
    expect(own).toContain("Tuma hali ya mwisho tena (UpdateId ileile)");
    expect(own).toContain("INFORMATION_NEEDED</strong> (Maelezo zaidi yanahitajika)");
    expect(own).not.toContain("<script");

    const en = await (await fetch(`${base}/institutions?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    for (const word of ["Applicant", "Answers", "Documents", "Send a new status", "Fault tests", "Place of birth", "Residence"]) {
      expect(en).toContain(word);
    }
    expect(en).toContain("Send the last update again (same UpdateId)");
    expect(en).toContain("&lt;i&gt;Name&lt;/i&gt;");
    expect(en).toContain('href="/institutions"');
    expect(en).toContain('<input type="hidden" name="lang" value="en">');
    expect(en).not.toContain("Mwombaji");
  });

  it("filters by institution with a GET form, and is linked from the index and health", async () => {
    const brela = application({ Institution: { Code: "brela", Name: "Business Registrations and Licensing Agency" } });
    expect((await push({ Application: brela }, { pushCode: BRELA })).esbBody.Code).toBe("00");
    const { app } = await accepted();
    const html = await (await fetch(`${base}/institutions?institution=brela`)).text();
    expect(html).toContain('<form method="get" action="/institutions">');
    expect(html).toContain('<option value="brela" selected>BRELA</option>');
    expect(html).toContain(brela.PortalReference);
    expect(html).not.toContain(app.PortalReference);
    expect(html).toContain('<input type="hidden" name="filter" value="brela">');
    const json = await applications(base, "?institution=brela");
    expect(json.length).toBeGreaterThan(0);
    expect(json.every((a) => a.institution === "brela")).toBe(true);
    expect(await (await fetch(`${base}/`)).text()).toContain('href="/institutions"');
    expect((await (await fetch(`${base}/health`)).json()).systems).toContain("institutions");
  });
});

describe("sandbox institutions: auto mode", () => {
  it("sends RECEIVED at once for each new application (not for a repeated push)", async () => {
    const app = application();
    const pushedAt = Date.now();
    const data = await push({ Application: app }, { at: autoBase });
    expect(data.esbBody.Code).toBe("00");
    const [update] = await waitFor(() => {
      const found = updatesFor(app.PortalReference, "RECEIVED");
      return found.length ? found : null;
    }, 3000);
    expect(update.at - pushedAt).toBeLessThan(2000);
    expect(update.signatureValid).toBe(true);
    expect(update.update).toMatchObject({ Reference: data.esbBody.Reference, Status: "RECEIVED", Note: null });
    expect(update.update.At).toMatch(EAT);
    expect((await push({ Application: app }, { at: autoBase })).esbBody.Reference).toBe(data.esbBody.Reference);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updatesFor(app.PortalReference)).toHaveLength(1);
    expect(await (await fetch(`${autoBase}/institutions?lang=en`)).text()).toContain("Automatic mode is on");
  });
});

describe("sandbox institutions: helpers", () => {
  it("writes East Africa Time with its +03:00 offset", () => {
    expect(eatTime(Date.UTC(2026, 11, 5, 6, 0, 0))).toBe("2026-12-05T09:00:00+03:00");
    expect(eatTime(Date.UTC(2026, 11, 31, 22, 30, 5))).toBe("2027-01-01T01:30:05+03:00");
  });
});
