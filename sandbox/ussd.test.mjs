import { once } from "node:events";
import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSandbox } from "./server.mjs";

const USSD_SECRET = "test-ussd-secret";
const SMS_SECRET = "test-sms-secret";
const TIMEOUT_MS = 300;
const NIN = "19900101000000000001";

/**
 * The fake portal: checks the Basic auth of each endpoint and that the body is a form, keeps
 * every request it accepted, and answers as `reply` says (a small menu by default: the text
 * sent decides the screen, as in a real USSD application).
 */
const expected = { "/api/ussd": ["aggregator", USSD_SECRET], "/api/sms/inbound": ["mgov", SMS_SECRET] };
let received = []; // { path, fields, type }
let refused = 0;
let reply;

function menu(fields) {
  const answers = fields.text === "" ? [] : fields.text.split("*");
  if (answers.length === 0) return "CON Karibu Dirisha\n1. Pasipoti\n2. NIDA";
  if (answers.length === 1) return "CON Andika NIN yako:";
  return `END Asante. Tutakutumia SMS (${answers[1]}).`;
}

function authorised(header, [user, secret]) {
  return header === `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
}

let portal;
let portalBase;
let sandbox;
let base;

beforeAll(async () => {
  portal = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const credentials = expected[req.url];
    if (!credentials) return res.writeHead(404).end();
    if (!authorised(req.headers.authorization, credentials)) {
      refused += 1;
      res.writeHead(401, { "Content-Type": "text/plain", "WWW-Authenticate": 'Basic realm="portal"' });
      return res.end("Unauthorized");
    }
    const fields = Object.fromEntries(new URLSearchParams(body));
    received.push({ path: req.url, fields, type: req.headers["content-type"] });
    const answer = reply(fields);
    if (answer === "slow") return setTimeout(() => res.writableEnded || res.end("CON too late"), TIMEOUT_MS * 4);
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(answer);
  });
  portal.listen(0, "127.0.0.1");
  await once(portal, "listening");
  portalBase = `http://127.0.0.1:${portal.address().port}`;

  sandbox = createSandbox({
    ussd: { portalUrl: `${portalBase}/api/ussd`, secret: USSD_SECRET, timeoutMs: TIMEOUT_MS },
    smsInbound: { portalUrl: `${portalBase}/api/sms/inbound`, secret: SMS_SECRET, timeoutMs: TIMEOUT_MS },
  });
  sandbox.listen(0, "127.0.0.1");
  await once(sandbox, "listening");
  base = `http://127.0.0.1:${sandbox.address().port}`;
});

afterAll(async () => {
  sandbox.close();
  portal.closeAllConnections();
  portal.close();
});

beforeEach(() => {
  received = [];
  refused = 0;
  reply = menu;
  expected["/api/ussd"] = ["aggregator", USSD_SECRET];
  expected["/api/sms/inbound"] = ["mgov", SMS_SECRET];
});

async function post(path, fields) {
  // fetch follows the 303 to the page, as a browser does.
  const response = await fetch(`${base}${path}`, { method: "POST", body: new URLSearchParams(fields) });
  return { status: response.status, url: response.url, html: await response.text() };
}

/** A browser on the USSD page: it posts the hidden fields of the last page it was shown. */
function phone() {
  let hidden = {};
  let html = "";
  async function press(action, extra = {}) {
    const page = await post("/ussd/step", { ...hidden, action, ...extra });
    expect(page.status).toBe(200);
    html = page.html;
    hidden = {};
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="(handset|step)" value="([^"]*)">/g)) hidden[name] = value;
    return page;
  }
  return {
    dial: (number = "255700000001") => press("dial", { phone: number }),
    send: (input) => press("send", { input }),
    press,
    screen: () => /<pre class="screen"[^>]*>([\s\S]*?)<\/pre>/.exec(html)[1],
    html: () => html,
    hidden: () => ({ ...hidden }),
  };
}

const ussdCalls = () => received.filter((r) => r.path === "/api/ussd");

describe("sandbox USSD phone", () => {
  it("draws a phone that works without JavaScript: a form posting to /ussd/step", async () => {
    const response = await fetch(`${base}/ussd`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<form method="post" action="/ussd/step">');
    expect(html).toContain('name="phone" value="2557');
    expect(html).toContain("Dial *152*00#");
    expect(html).not.toContain("<script");
    const index = await (await fetch(`${base}/`)).text();
    expect(index).toContain('href="/ussd"');
    expect(index).toContain('href="/sms"');
  });

  it("sends the first step as an aggregator does: form fields, Basic auth, empty text", async () => {
    const handset = phone();
    const page = await handset.dial("255712345678");
    expect(page.url).toMatch(/\/ussd\?h=/);
    expect(refused).toBe(0);
    expect(ussdCalls()).toHaveLength(1);
    const [call] = ussdCalls();
    expect(call.type).toBe("application/x-www-form-urlencoded");
    expect(Object.keys(call.fields).sort()).toEqual(["phoneNumber", "serviceCode", "sessionId", "text"]);
    expect(call.fields).toMatchObject({ serviceCode: "*152*00#", phoneNumber: "255712345678", text: "" });
    expect(call.fields.sessionId).not.toBe("");
    // CON keeps the reply box, shows the screen and its length.
    expect(handset.screen()).toBe("Karibu Dirisha\n1. Pasipoti\n2. NIDA");
    expect(handset.html()).toContain('name="input"');
    expect(handset.html()).toContain("34 / 182 characters");
    // The raw exchange is shown, without the password.
    expect(handset.html()).toContain("text=");
    expect(handset.html()).toContain("HTTP 200");
    expect(handset.html()).not.toContain(USSD_SECRET);
  });

  it("joins the answers with * and keeps the sessionId until END closes the session", async () => {
    const handset = phone();
    await handset.dial();
    await handset.send("1");
    await handset.send(NIN);
    const calls = ussdCalls();
    expect(calls.map((c) => c.fields.text)).toEqual(["", "1", `1*${NIN}`]);
    expect(new Set(calls.map((c) => c.fields.sessionId)).size).toBe(1);
    expect(new Set(calls.map((c) => c.fields.phoneNumber))).toEqual(new Set(["255700000001"]));
    // END: the final screen, no reply box, a button to dial again.
    expect(handset.screen()).toBe(`Asante. Tutakutumia SMS (${NIN}).`);
    expect(handset.html()).not.toContain('name="input"');
    expect(handset.html()).toContain("Dial again");
    // Sending on a closed session sends nothing.
    await handset.press("send", { input: "2" });
    expect(ussdCalls()).toHaveLength(3);
  });

  it("starts a new sessionId when dialling again after END", async () => {
    const handset = phone();
    await handset.dial();
    await handset.send("1");
    await handset.send(NIN);
    await handset.dial();
    const calls = ussdCalls();
    expect(calls).toHaveLength(4);
    expect(calls[3].fields.text).toBe("");
    expect(calls[3].fields.sessionId).not.toBe(calls[0].fields.sessionId);
  });

  it("drops the call without telling the portal, then dials again with a new sessionId for the same phone", async () => {
    const handset = phone();
    await handset.dial("255700018486");
    await handset.send("1");
    await handset.press("drop");
    expect(ussdCalls()).toHaveLength(2);
    expect(handset.screen()).toContain("Call dropped");
    expect(handset.html()).toContain("the portal still thinks it open");
    const state = await (await fetch(`${base}/ussd/session.json?h=${handset.hidden().handset}`)).json();
    expect(state).toMatchObject({
      state: "dropped",
      sessionId: null,
      lastSessionId: ussdCalls()[0].fields.sessionId,
      phone: "255700018486",
    });
    await handset.dial("255700018486");
    const calls = ussdCalls();
    expect(calls).toHaveLength(3);
    expect(calls[2].fields).toMatchObject({ text: "", phoneNumber: "255700018486" });
    expect(calls[2].fields.sessionId).not.toBe(calls[0].fields.sessionId);
  });

  it("cancels without a call to the portal", async () => {
    const handset = phone();
    await handset.dial();
    await handset.press("cancel");
    expect(ussdCalls()).toHaveLength(1);
    expect(handset.screen()).toContain("Session cancelled");
    expect(handset.html()).toContain("Dial again");
  });

  it("sends nothing for an empty reply, a form from an older screen or a bad phone number", async () => {
    const handset = phone();
    await handset.dial();
    const older = handset.hidden();
    await handset.send("   ");
    expect(handset.html()).toContain("Type a reply first");
    await handset.send("1");
    // The back button: the first screen's form again.
    const page = await post("/ussd/step", { ...older, action: "send", input: "2" });
    expect(page.html).toContain("older screen");
    expect(ussdCalls().map((c) => c.fields.text)).toEqual(["", "1"]);

    const other = phone();
    await other.dial("0712345678");
    expect(other.html()).toContain("is not a phone number");
    expect(ussdCalls()).toHaveLength(2);
  });

  it("shows a portal that does not answer in time as a timeout, and ends the session", async () => {
    reply = () => "slow";
    const handset = phone();
    const started = Date.now();
    await handset.dial();
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
    expect(handset.html()).toContain(`Timed out: no answer from the portal within ${TIMEOUT_MS / 1000} s`);
    expect(handset.screen()).toContain("Connection problem");
    expect(handset.html()).toContain("Dial again");
    // The sandbox is still up, and the same phone dials again once the portal answers.
    reply = menu;
    await handset.dial();
    expect(handset.screen()).toContain("Karibu Dirisha");
  });

  it("shows a 401 from the portal, and ends the session", async () => {
    expected["/api/ussd"] = ["aggregator", "another-secret"];
    const handset = phone();
    await handset.dial();
    expect(refused).toBe(1);
    expect(handset.html()).toContain("The portal answered HTTP 401, not 200.");
    expect(handset.html()).toContain("HTTP 401");
    expect(handset.html()).toContain("Unauthorized");
    expect(handset.html()).toContain("Dial again");
  });

  it("shows an answer that starts neither with CON nor with END as an error", async () => {
    reply = () => "Karibu";
    const handset = phone();
    await handset.dial();
    expect(handset.html()).toContain("starts neither with “CON ” nor with “END ”");
    expect(handset.screen()).toContain("Connection problem");
  });

  it("escapes whatever the portal returns, on the screen and in the raw answer", async () => {
    reply = () => `CON <script>alert("x")</script> & <b>bold</b>`;
    const handset = phone();
    await handset.dial();
    expect(handset.screen()).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
    expect(handset.html()).not.toContain("<script>");
    expect(handset.html()).not.toContain("<b>bold");
  });

  it("flags a screen longer than 182 characters", async () => {
    reply = () => `CON ${"x".repeat(183)}`;
    const handset = phone();
    await handset.dial();
    expect(handset.html()).toContain('<p class="count over">183 / 182 characters</p>');
    expect(handset.html()).toContain("over the 182 a gateway allows");
  });
});

describe("sandbox SMS to the portal", () => {
  it("posts from, to, text and messageId with Basic auth, and shows the portal's answer", async () => {
    reply = () => "";
    const page = await post("/sms/send", { from: "255700000001", text: "HUDUMA pasipoti" });
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${base}/sms`);
    expect(refused).toBe(0);
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call.path).toBe("/api/sms/inbound");
    expect(call.type).toBe("application/x-www-form-urlencoded");
    expect(Object.keys(call.fields).sort()).toEqual(["from", "messageId", "text", "to"]);
    expect(call.fields).toMatchObject({ from: "255700000001", to: "15200", text: "HUDUMA pasipoti" });
    expect(call.fields.messageId).not.toBe("");
    expect(page.html).toContain("HTTP 200");
    expect(page.html).toContain('href="/mgov/inbox"');
    expect(page.html).toContain(call.fields.messageId);
    expect(page.html).not.toContain(SMS_SECRET);
  });

  it("sends a message again with the same messageId, and a new message with a new one", async () => {
    reply = () => "";
    await post("/sms/send", { from: "255700000001", text: "HALI MRJ-1" });
    const { sent } = await (await fetch(`${base}/sms.json`)).json();
    await post("/sms/resend", { id: sent[0].id });
    await post("/sms/send", { from: "255700000001", text: "HALI MRJ-1" });
    expect(received).toHaveLength(3);
    expect(received[1].fields).toEqual(received[0].fields);
    expect(received[2].fields.messageId).not.toBe(received[0].fields.messageId);
  });

  it("shows a 401 and a timeout, and sends nothing for a bad number or an empty text", async () => {
    expected["/api/sms/inbound"] = ["mgov", "another-secret"];
    let page = await post("/sms/send", { from: "255700000001", text: "HUDUMA" });
    expect(refused).toBe(1);
    expect(page.html).toContain("<strong>HTTP 401</strong>");

    expected["/api/sms/inbound"] = ["mgov", SMS_SECRET];
    reply = () => "slow";
    page = await post("/sms/send", { from: "255700000001", text: "HUDUMA" });
    expect(page.html).toContain(`Timed out: no answer from the portal within ${TIMEOUT_MS / 1000} s`);

    page = await post("/sms/send", { from: "0712345678", text: "HUDUMA" });
    expect(page.status).toBe(422);
    expect(page.html).toContain("is not a phone number");
    page = await post("/sms/send", { from: "255700000001", text: " " });
    expect(page.status).toBe(422);
    expect(received).toHaveLength(1); // the slow one only
  });

  it("escapes the text and the portal's answer", async () => {
    reply = () => "<i>ok</i>";
    const page = await post("/sms/send", { from: "255700000001", text: "<script>x</script>" });
    expect(page.html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(page.html).toContain("&lt;i&gt;ok&lt;/i&gt;");
    expect(page.html).not.toContain("<script>x");
    expect(page.html).not.toContain("<i>ok");
  });
});
