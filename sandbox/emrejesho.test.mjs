import { generateKeyPairSync, sign, verify } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox } from "./server.mjs";

const CLIENT_ID = "dirisha-portal";
const CLIENT_SECRET = "sandbox-govesb-secret";
const PUSH_CODE = "EMREJESHO-SANDBOX-PUSH";
const UPDATES_CODE = "EMREJESHO-SANDBOX-UPDATES";
const TWO_MB = 2 * 1024 * 1024;

const portal = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
const bus = generateKeyPairSync("ec", { namedCurve: "secp256k1" });

let base;
let sandbox;

/**
 * The fake portal: the callback URL of e-Mrejesho's updates. It checks the bus's signature over
 * the exact data text received, keeps what came, and answers as `plan` says for the submission
 * (a list of statuses used up one by one, then 200), signing its answers with the test portal key.
 */
const received = []; // { at, text, data, signatureValid, update }
const plan = new Map(); // PortalReference -> ["500", "500", "unsigned", …]
let fakePortal;
let portalUrl;

/** `{"data":…,"signature":"…"}` taken apart without the sandbox's scanner: base64 has no quotes. */
function split(text) {
  const match = /^\{"data":([\s\S]*),"signature":"([A-Za-z0-9+/=]*)"\}$/.exec(text);
  expect(match).not.toBeNull();
  return { data: match[1], signature: match[2] };
}

function verifiesWith(text, publicKey) {
  const { data, signature } = split(text);
  return verify("sha256", Buffer.from(data, "utf8"), publicKey, Buffer.from(signature, "base64"));
}

function signedAnswer(data) {
  const text = JSON.stringify(data);
  return `{"data":${text},"signature":${JSON.stringify(sign("sha256", Buffer.from(text), portal.privateKey).toString("base64"))}}`;
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
    const steps = plan.get(update?.PortalReference) ?? [];
    const step = steps.shift() ?? "200";
    res.setHeader("Content-Type", "application/json");
    if (step === "500") {
      res.statusCode = 500;
      return res.end('{"error":"the portal is having a bad day"}');
    }
    if (step === "unsigned") return res.end('{"data":{"success":true},"signature":""}');
    if (!signatureValid) {
      res.statusCode = 401;
      return res.end(signedAnswer({ success: false, message: "Invalid signature" }));
    }
    return res.end(signedAnswer({ success: true, message: "Applied" }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}

beforeAll(async () => {
  fakePortal = await startFakePortal();
  portalUrl = `http://127.0.0.1:${fakePortal.address().port}/api/govesb/emrejesho`;
  sandbox = createSandbox({
    govesb: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, curve: "secp256k1" },
    emrejesho: { portalUrl },
    keys: { busPrivateKey: bus.privateKey, busPublicKey: bus.publicKey, portalPublicKey: portal.publicKey },
  });
  sandbox.listen(0, "127.0.0.1");
  await once(sandbox, "listening");
  base = `http://127.0.0.1:${sandbox.address().port}`;
});

afterAll(async () => {
  await new Promise((resolve) => sandbox.close(resolve));
  await new Promise((resolve) => fakePortal.close(resolve));
});

async function token() {
  const response = await fetch(`${base}/govesb/gw/govesb-uaa/oauth/token`, {
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
function reference() {
  counter += 1;
  return `MRJ-TEST-${String(counter).padStart(4, "0")}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
}

function feedback(overrides = {}) {
  return {
    PortalReference: reference(),
    Kind: "COMPLAINT",
    Institution: { Code: "rita", Name: "Registration, Insolvency and Trusteeship Agency" },
    Service: { Id: "birth-certificate", Name: "Birth certificate" },
    Subject: "Cheti cha kuzaliwa",
    Message: "Nimesubiri wiki tatu.\nHakuna jibu.",
    Language: "sw",
    Sender: { Name: "Amani Juma Mushi", Phone: "255700000001" },
    Attachment: null,
    SubmittedAt: "2026-11-25T10:00:00Z",
    ...overrides,
  };
}

function dataText(fb, { pushCode = PUSH_CODE } = {}) {
  return JSON.stringify({ pushCode, userId: "dirisha-test", esbBody: { Feedback: fb } });
}

function envelope(text, signature = sign("sha256", Buffer.from(text), portal.privateKey).toString("base64")) {
  return `{"data":${text},"signature":${JSON.stringify(signature)}}`;
}

async function postPush(body) {
  const response = await fetch(`${base}/govesb/engine/esb/push-request`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${await token()}` },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Pushes a Feedback; the bus's answer data, after checking its signature. */
async function push(fb, options) {
  const answer = await postPush(envelope(dataText(fb, options)));
  expect(answer.status).toBe(200);
  expect(verifiesWith(answer.text, bus.publicKey)).toBe(true);
  return JSON.parse(split(answer.text).data);
}

async function submissions() {
  const response = await fetch(`${base}/emrejesho.json`);
  expect(response.status).toBe(200);
  return (await response.json()).submissions;
}

async function submission(portalReference) {
  return (await submissions()).find((s) => s.portalReference === portalReference);
}

async function waitFor(check, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error("waited too long");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function updatesFor(portalReference, status) {
  return received.filter((r) => r.update?.PortalReference === portalReference && (!status || r.update.Status === status));
}

describe("sandbox e-Mrejesho: pushes through GovESB", () => {
  it("accepts a valid Feedback, in a signed answer, and keeps it with its own reference", async () => {
    const fb = feedback();
    const data = await push(fb);
    expect(data).toMatchObject({ success: true, message: "Success", esbBody: { Code: "00", Message: "Accepted" } });
    expect(data.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await submission(fb.PortalReference);
    expect(kept).toMatchObject({
      kind: "COMPLAINT",
      institution: { code: "rita", name: fb.Institution.Name },
      subject: fb.Subject,
      message: fb.Message,
      sender: { name: "Amani Juma Mushi", phone: "255700000001" },
      attachment: null,
      status: "ACKNOWLEDGED",
    });
    expect(kept.reference).toMatch(/^EMR-\d{4}-\d{6}$/);
  });

  it("does not make a second record for the same PortalReference, and acknowledges it once", async () => {
    const fb = feedback({ Sender: null });
    expect((await push(fb)).esbBody).toEqual({ Code: "00", Message: "Accepted" });
    expect((await push({ ...fb, Subject: "Again" })).esbBody).toEqual({ Code: "00", Message: "Accepted" });
    const kept = (await submissions()).filter((s) => s.portalReference === fb.PortalReference);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ subject: fb.Subject, sender: null });
    await waitFor(() => updatesFor(fb.PortalReference).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(updatesFor(fb.PortalReference)).toHaveLength(1);
  });

  it("gives references in sequence", async () => {
    const a = feedback();
    const b = feedback();
    await push(a);
    await push(b);
    const ra = (await submission(a.PortalReference)).reference;
    const rb = (await submission(b.PortalReference)).reference;
    expect(Number(rb.slice(-6))).toBe(Number(ra.slice(-6)) + 1);
  });

  it("refuses an invalid Feedback with Code 01, and keeps nothing", async () => {
    const before = (await submissions()).length;
    const cases = [
      feedback({ PortalReference: undefined }),
      feedback({ PortalReference: "" }),
      feedback({ Kind: undefined }),
      feedback({ Kind: "PRAISE" }),
      feedback({ Institution: undefined }),
      feedback({ Institution: { Code: "rita" } }),
      feedback({ Subject: "" }),
      feedback({ Message: undefined }),
      feedback({ Attachment: { FileName: "a.gif", MimeType: "image/gif", Base64: "R0lGODlh" } }),
      feedback({ Attachment: { FileName: "a.pdf", MimeType: "application/pdf", Base64: "not base64!" } }),
    ];
    for (const fb of cases) {
      const data = await push(fb);
      expect(data.success).toBe(true);
      expect(data.esbBody.Code).toBe("01");
      expect(data.esbBody.Message.length).toBeGreaterThan(5);
    }
    expect((await push(feedback({ Kind: "PRAISE" }))).esbBody.Message).toContain("Kind");
    expect((await submissions()).length).toBe(before);
  });

  it("refuses a tampered push with a signed 401, and an unknown push code with success false", async () => {
    const text = dataText(feedback());
    const signature = sign("sha256", Buffer.from(text), portal.privateKey).toString("base64");
    const tampered = await postPush(envelope(text.replace("Cheti", "Chetı"), signature));
    expect(tampered.status).toBe(401);
    expect(JSON.parse(split(tampered.text).data)).toEqual({ success: false, message: "Invalid signature" });
    expect(verifiesWith(tampered.text, bus.publicKey)).toBe(true);

    const unknown = await push(feedback(), { pushCode: "SOMETHING-ELSE" });
    expect(unknown).toMatchObject({ success: false });
    expect(unknown.message).toContain("pushCode");
  });

  it("answers 503 to push-request when the bus is down", async () => {
    const control = (mode) =>
      fetch(`${base}/govesb/_control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ mode }) });
    const body = envelope(dataText(feedback()));
    const bearer = `Bearer ${await token()}`;
    try {
      expect((await control("down")).status).toBe(200);
      const response = await fetch(`${base}/govesb/engine/esb/push-request`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: bearer },
        body,
      });
      expect(response.status).toBe(503);
    } finally {
      await control("normal");
    }
  });
});

describe("sandbox e-Mrejesho: attachments", () => {
  it("accepts 2 MB, refuses more than 2 MB, and serves the bytes back", async () => {
    const bytes = Buffer.alloc(TWO_MB, 7);
    bytes.write("%PDF-1.7", 0);
    const fb = feedback({ Attachment: { FileName: "barua ya “RITA”.pdf", MimeType: "application/pdf", Base64: bytes.toString("base64") } });
    expect((await push(fb)).esbBody).toEqual({ Code: "00", Message: "Accepted" });

    const tooBig = feedback({
      Attachment: { FileName: "big.png", MimeType: "image/png", Base64: Buffer.alloc(TWO_MB + 1).toString("base64") },
    });
    const refused = await push(tooBig);
    expect(refused.esbBody.Code).toBe("01");
    expect(refused.esbBody.Message).toContain("2.00 MB");
    expect(await submission(tooBig.PortalReference)).toBeUndefined();

    const kept = await submission(fb.PortalReference);
    expect(kept.attachment).toMatchObject({ fileName: fb.Attachment.FileName, mimeType: "application/pdf", size: TWO_MB });
    const download = await fetch(`${base}${kept.attachment.url}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="barua ya _RITA_.pdf"; filename\*=UTF-8''/);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${base}/emrejesho/attachment/MRJ-NONE`)).status).toBe(404);
  });

  it("refuses push bodies over 4 MB with 413", async () => {
    const huge = feedback({ Attachment: { FileName: "a.png", MimeType: "image/png", Base64: "A".repeat(4 * 1024 * 1024) } });
    expect((await postPush(envelope(dataText(huge)))).status).toBe(413);
  });
});

describe("sandbox e-Mrejesho: updates to the portal", () => {
  it("sends ACKNOWLEDGED, signed by the bus, with e-Mrejesho's reference, a moment after the push", async () => {
    const fb = feedback();
    const pushedAt = Date.now();
    await push(fb);
    const [ack] = await waitFor(() => {
      const found = updatesFor(fb.PortalReference, "ACKNOWLEDGED");
      return found.length ? found : null;
    });
    expect(ack.at - pushedAt).toBeGreaterThanOrEqual(200);
    expect(ack.signatureValid).toBe(true);
    expect(ack.contentType).toMatch(/^application\/json/);
    expect(verifiesWith(ack.text, bus.publicKey)).toBe(true);
    // Compact JSON, as the bus writes it.
    expect(split(ack.text).data).toBe(JSON.stringify(ack.data));
    const kept = await submission(fb.PortalReference);
    expect(ack.data).toEqual({
      pushCode: UPDATES_CODE,
      esbBody: {
        Update: {
          PortalReference: fb.PortalReference,
          Reference: kept.reference,
          Status: "ACKNOWLEDGED",
          Reply: null,
          UpdateId: ack.update.UpdateId,
        },
      },
    });
    expect(Object.keys(ack.update)).toEqual(["PortalReference", "Reference", "Status", "Reply", "UpdateId"]);
    await waitFor(async () => (await submission(fb.PortalReference)).updates[0].delivery.state === "delivered");
    const delivery = (await submission(fb.PortalReference)).updates[0];
    expect(delivery).toMatchObject({
      updateId: ack.update.UpdateId,
      status: "ACKNOWLEDGED",
      delivery: { attempts: 1, answer: "answer verified" },
    });
  });

  it("answering through /emrejesho/answer.json sends ANSWERED with the reply; closing sends CLOSED", async () => {
    const fb = feedback();
    await push(fb);
    const answered = await fetch(`${base}/emrejesho/answer.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        portalReference: fb.PortalReference,
        reply: "Cheti chako kiko tayari.\nKaribu ofisini.",
        by: "Afisa wa RITA",
      }),
    });
    expect(answered.status).toBe(200);
    expect((await answered.json()).submission.status).toBe("ANSWERED");

    const [update] = await waitFor(() => {
      const found = updatesFor(fb.PortalReference, "ANSWERED");
      return found.length ? found : null;
    });
    expect(update.signatureValid).toBe(true);
    expect(update.update.Reply).toMatchObject({ Text: "Cheti chako kiko tayari.\nKaribu ofisini.", By: "Afisa wa RITA" });
    expect(update.update.Reply.At).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // In order: the acknowledgement came first, each update has its own id.
    const all = updatesFor(fb.PortalReference);
    expect(all.map((r) => r.update.Status)).toEqual(["ACKNOWLEDGED", "ANSWERED"]);
    expect(new Set(all.map((r) => r.update.UpdateId)).size).toBe(2);

    // The HTML form closes it and redirects back.
    const closed = await fetch(`${base}/emrejesho/close`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ portalReference: fb.PortalReference }),
      redirect: "manual",
    });
    expect(closed.status).toBe(303);
    expect(closed.headers.get("location")).toBe("/emrejesho");
    await waitFor(() => updatesFor(fb.PortalReference, "CLOSED").length === 1);
    expect((await submission(fb.PortalReference)).status).toBe("CLOSED");

    // Closed is closed.
    const late = await fetch(`${base}/emrejesho/answer.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ portalReference: fb.PortalReference, reply: "Too late" }),
    });
    expect(late.status).toBe(409);
    const unknown = await fetch(`${base}/emrejesho/answer.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ portalReference: "MRJ-NONE", reply: "?" }),
    });
    expect(unknown.status).toBe(404);
  });

  it("the answer form redirects back to the page", async () => {
    const fb = feedback();
    await push(fb);
    const response = await fetch(`${base}/emrejesho/answer`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ portalReference: fb.PortalReference, reply: "Asante", by: "" }),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/emrejesho");
    const [update] = await waitFor(() => {
      const found = updatesFor(fb.PortalReference, "ANSWERED");
      return found.length ? found : null;
    });
    // An empty "by" is the institution.
    expect(update.update.Reply).toMatchObject({ Text: "Asante", By: fb.Institution.Name });
  });

  it("retries an update the portal refuses (500 twice) and ends delivered", async () => {
    const fb = feedback();
    plan.set(fb.PortalReference, ["500", "500"]);
    await push(fb);
    await waitFor(async () => (await submission(fb.PortalReference)).updates[0].delivery.state === "delivered", 15_000);
    const tries = updatesFor(fb.PortalReference, "ACKNOWLEDGED");
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((t) => t.update.UpdateId)).size).toBe(1);
    expect(tries.every((t) => t.signatureValid)).toBe(true);
    // Backoff: about 1 s, then about 2 s.
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(900);
    expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(1900);
    const { delivery } = (await submission(fb.PortalReference)).updates[0];
    expect(delivery).toMatchObject({ state: "delivered", attempts: 3, answer: "answer verified" });
    expect(delivery.lastError).toContain("HTTP 500");
  });

  it("counts a 200 whose signature does not verify as delivered, noting it", async () => {
    const fb = feedback();
    plan.set(fb.PortalReference, ["unsigned"]);
    await push(fb);
    await waitFor(async () => (await submission(fb.PortalReference)).updates[0].delivery.state === "delivered");
    expect((await submission(fb.PortalReference)).updates[0].delivery.answer).toContain("answer not verified");
  });
});

describe("sandbox e-Mrejesho: tester page", () => {
  it("lists submissions newest first, escaping what the citizen wrote, and is linked from the index", async () => {
    const first = feedback({ Subject: "First of two" });
    const fb = feedback({
      Subject: '<script>alert("x")</script>',
      Message: "<b>bold</b> & 'quoted'\nline two",
      Sender: { Name: "<img src=x onerror=alert(1)>", Phone: null },
      Attachment: { FileName: "<pic>.png", MimeType: "image/png", Base64: Buffer.from("png bytes").toString("base64") },
    });
    await push(first);
    await push(fb);
    const response = await fetch(`${base}/emrejesho`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<b>bold</b>");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<pic>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;\nline two");
    expect(html).toContain('class="msg"');
    expect(html).toContain(`/emrejesho/attachment/${encodeURIComponent(fb.PortalReference)}`);
    expect(html).toContain('action="/emrejesho/answer"');
    expect(html).toContain('action="/emrejesho/close"');
    expect(html.indexOf(fb.PortalReference)).toBeLessThan(html.indexOf(first.PortalReference));
    expect(await (await fetch(`${base}/`)).text()).toContain('href="/emrejesho"');
    expect((await (await fetch(`${base}/health`)).json()).systems).toContain("emrejesho");
  });

  it("shows anonymous senders as anonymous", async () => {
    const fb = feedback({ Sender: null, Subject: "Anonymous one" });
    await push(fb);
    const html = await (await fetch(`${base}/emrejesho`)).text();
    const section = html.slice(html.indexOf(fb.PortalReference));
    expect(section.slice(0, section.indexOf("</section>"))).toContain("anonymous");
  });
});

describe("sandbox e-Mrejesho: the bus's duplicate-callback and out-of-order modes", () => {
  const control = (mode) =>
    fetch(`${base}/govesb/_control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ mode }) });
  const answer = (portalReference, reply) =>
    fetch(`${base}/emrejesho/answer.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ portalReference, reply }),
    });

  it("duplicate-callback sends each update twice at once, byte for byte, with one update id", async () => {
    const fb = feedback();
    try {
      expect((await control("duplicate-callback")).status).toBe(200);
      await push(fb);
      const copies = await waitFor(() => (updatesFor(fb.PortalReference).length === 2 ? updatesFor(fb.PortalReference) : null));
      expect(copies[0].text).toBe(copies[1].text);
      expect(copies.every((c) => c.signatureValid && c.update.Status === "ACKNOWLEDGED")).toBe(true);
      await waitFor(async () => (await submission(fb.PortalReference)).updates[0].delivery.copy);
      expect((await submission(fb.PortalReference)).updates[0].delivery).toMatchObject({
        state: "delivered",
        attempts: 1,
        copy: { status: 200 },
      });
    } finally {
      await control("normal");
    }
  });

  it("out-of-order holds updates back while it is on, then sends them newest first", async () => {
    const fb = feedback();
    try {
      expect((await control("out-of-order")).status).toBe(200);
      await push(fb);
      expect((await answer(fb.PortalReference, "Jibu la kwanza")).status).toBe(200);
      await waitFor(async () => (await submission(fb.PortalReference)).updates.every((u) => u.delivery.state === "held"));
      expect((await submission(fb.PortalReference)).updates.map((u) => u.status)).toEqual(["ACKNOWLEDGED", "ANSWERED"]);
      expect(updatesFor(fb.PortalReference)).toEqual([]);
      expect(await (await fetch(`${base}/emrejesho`)).text()).toContain("held back (out-of-order)");
    } finally {
      await control("normal");
    }
    await waitFor(() => updatesFor(fb.PortalReference).length === 2);
    expect(updatesFor(fb.PortalReference).map((r) => r.update.Status)).toEqual(["ANSWERED", "ACKNOWLEDGED"]);
    await waitFor(async () => (await submission(fb.PortalReference)).updates.every((u) => u.delivery.state === "delivered"));
  });
});
