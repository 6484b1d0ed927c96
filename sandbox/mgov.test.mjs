import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox } from "./server.mjs";

// A fixed wire example: this data string signed with this key gives this hash
// (computed independently: printf '%s' "$DATA" | openssl dgst -sha256 -hmac "$KEY" -binary | base64).
const KEY = "sandbox-mgov-api-key";
const ACCOUNT = "portal@dirisha.sandbox";
const DATA =
  '{"recipients":"255712345678","message":"Habari","datetime":"2026-11-25 12:00:00","mobile_service_id":"1","sender_id":"15200"}';
const HASH = "njYlXiHBRxqcHX6zhF6qEG8bawLWv9WYvzpfmszANnQ=";

let server;
let base;

beforeAll(async () => {
  server = createSandbox({ port: 0, host: "127.0.0.1", mgov: { apiKey: KEY, account: ACCOUNT, inboxSize: 10 } });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${server.address().port}`;
});
afterAll(() => server.close());

function send(data, headers = {}) {
  return fetch(`${base}/mgov/quick_sms`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Auth-Request-Hash": HASH,
      "X-Auth-Request-Id": ACCOUNT,
      "X-Auth-Request-Type": "api",
      ...headers,
    },
    body: new URLSearchParams({ data, datetime: "2026-11-25 12:00:00" }),
  });
}

describe("sandbox mGov SMS gateway", () => {
  it("answers its health check", async () => {
    const response = await fetch(`${base}/health`);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("accepts a message whose hash matches the exact data received, and shows it in the inbox", async () => {
    const response = await send(DATA);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true });
    const inbox = await (await fetch(`${base}/mgov/inbox.json`)).json();
    expect(inbox.messages[0]).toMatchObject({ recipient: "255712345678", message: "Habari", senderId: "15200" });
    const html = await (await fetch(`${base}/mgov/inbox`)).text();
    expect(html).toContain("Habari");
  });

  it("refuses data changed after signing, a wrong account and missing headers", async () => {
    // Rule: the hash covers the exact bytes; one added space must fail.
    expect((await send(DATA.replace("Habari", "Habari "))).status).toBe(401);
    expect((await send(DATA, { "X-Auth-Request-Id": "someone@else" })).status).toBe(401);
    expect((await send(DATA, { "X-Auth-Request-Type": "" })).status).toBe(401);
  });

  it("escapes message text on the inbox page", async () => {
    await fetch(`${base}/mgov/inbox`, { method: "DELETE" });
    const data = DATA.replace("Habari", "<script>x</script>");
    const { createHmac } = await import("node:crypto");
    const hash = createHmac("sha256", KEY).update(data).digest("base64");
    expect((await send(data, { "X-Auth-Request-Hash": hash })).status).toBe(200);
    const html = await (await fetch(`${base}/mgov/inbox`)).text();
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(html).not.toContain("<script>x</script>");
  });

  it("rejects a recipient that is not in international form", async () => {
    const data = DATA.replace("255712345678", "0712345678");
    const { createHmac } = await import("node:crypto");
    const hash = createHmac("sha256", KEY).update(data).digest("base64");
    const response = await send(data, { "X-Auth-Request-Hash": hash });
    expect(response.status).toBe(422);
  });
});

describe("sandbox mGov: test switches", () => {
  const control = (request) =>
    fetch(`${base}/mgov/_control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) });
  const kept = async () => (await (await fetch(`${base}/mgov/inbox.json`)).json()).messages.length;

  it("down answers 503, garbage a 200 HTML page, slow waits; none keeps the message; normal again keeps it", async () => {
    await fetch(`${base}/mgov/inbox`, { method: "DELETE" });
    try {
      expect(await (await control({ mode: "down" })).json()).toEqual({ mode: "down" });
      const down = await send(DATA);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ success: false, message: "Service unavailable" });

      await control({ mode: "garbage" });
      const garbage = await send(DATA);
      expect(garbage.status).toBe(200);
      expect(garbage.headers.get("content-type")).toContain("text/html");
      expect(await garbage.text()).toContain("<html>");
      expect(await kept()).toBe(0);

      expect(await (await control({ mode: "slow", slowMs: 300 })).json()).toEqual({ mode: "slow", slowMs: 300 });
      expect(await (await fetch(`${base}/mgov/_control`)).json()).toEqual({ mode: "slow", slowMs: 300 });
      const started = Date.now();
      expect((await send(DATA)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(await kept()).toBe(1);

      expect((await control({ mode: "bad-signature" })).status).toBe(400);
      expect((await fetch(`${base}/mgov/_control`, { method: "POST", body: "not json" })).status).toBe(400);
    } finally {
      await control({ mode: "normal" });
    }
    expect(await (await fetch(`${base}/mgov/_control`)).json()).toEqual({ mode: "normal" });
    expect((await send(DATA)).status).toBe(200);
    expect(await kept()).toBe(2);
  });
});
