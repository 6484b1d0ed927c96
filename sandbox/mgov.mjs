import { createHmac, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { escapeHtml, page } from "./html.mjs";
import { createModeSwitch } from "./modes.mjs";

/**
 * Test switches (`/mgov/_control`) for quick_sms: normal; down (503, nothing kept); slow (waits
 * `slowMs`, then goes on); garbage (200 with an HTML page, as a gateway in front of mGov would
 * answer: the message never reached mGov, so nothing is kept).
 */
export const MODES = ["normal", "down", "slow", "garbage"];

/**
 * mGov's SMS gateway, quick send: POST form fields `data` (a JSON string) and `datetime`,
 * authenticated by X-Auth-Request-Hash = base64(HMAC-SHA256(data, api key)) over the exact
 * `data` string received, X-Auth-Request-Id (the account) and X-Auth-Request-Type: api.
 * The reply's shape is not documented publicly; this one is JSON with success and a message.
 */
export function createMgov({ apiKey, account, inboxSize, slowMs = 12_000 }) {
  const inbox = [];
  let nextId = 1;
  const control = createModeSwitch(MODES, { slowMs });

  function hashMatches(data, received) {
    const expected = createHmac("sha256", apiKey).update(data, "utf8").digest();
    let given;
    try {
      given = Buffer.from(received ?? "", "base64");
    } catch {
      return false;
    }
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** quick_sms as the test mode has it: `{ status, body, type? }`. */
  async function quickSms(headers, form) {
    const mode = control.mode();
    if (mode === "down") return { status: 503, body: { success: false, message: "Service unavailable" } };
    if (mode === "garbage") {
      return {
        status: 200,
        type: "text/html; charset=utf-8",
        body: "<html><body><h1>Gateway</h1><p>Your request is being processed.</p></body></html>",
      };
    }
    if (mode === "slow") await sleep(control.slowMs());
    return accept(headers, form);
  }

  function accept(headers, form) {
    if (headers["x-auth-request-type"] !== "api" || !headers["x-auth-request-id"]) {
      return { status: 401, body: { success: false, message: "Missing authentication headers" } };
    }
    if (headers["x-auth-request-id"] !== account) {
      return { status: 401, body: { success: false, message: "Unknown account" } };
    }
    const data = form.get("data");
    if (!data) return { status: 400, body: { success: false, message: "Missing data" } };
    if (!hashMatches(data, headers["x-auth-request-hash"])) {
      return { status: 401, body: { success: false, message: "Invalid request hash" } };
    }
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return { status: 400, body: { success: false, message: "data is not JSON" } };
    }
    const recipients = String(message.recipients ?? "")
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean);
    const problems = [];
    if (recipients.length === 0) problems.push("recipients is empty");
    for (const r of recipients) if (!/^255\d{9}$/.test(r)) problems.push(`recipient ${r} is not 255 and 9 digits`);
    if (typeof message.message !== "string" || message.message.trim() === "") problems.push("message is empty");
    if (!message.sender_id) problems.push("sender_id is missing");
    if (!message.mobile_service_id) problems.push("mobile_service_id is missing");
    if (problems.length) return { status: 422, body: { success: false, message: problems.join("; ") } };

    const received = new Date().toISOString();
    const ids = recipients.map((recipient) => {
      const entry = {
        id: nextId++,
        recipient,
        message: message.message,
        senderId: String(message.sender_id),
        serviceId: String(message.mobile_service_id),
        scheduledFor: message.datetime ?? form.get("datetime") ?? null,
        received,
      };
      inbox.unshift(entry);
      return entry.id;
    });
    inbox.length = Math.min(inbox.length, inboxSize);
    return { status: 200, body: { success: true, message: "Message submitted", ids } };
  }

  function inboxHtml() {
    const rows = inbox
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.received)}</td><td>${escapeHtml(m.recipient)}</td><td>${escapeHtml(m.senderId)}</td><td class="msg">${escapeHtml(m.message)}</td></tr>`,
      )
      .join("\n");
    return page(
      "Phone inbox (mGov SMS)",
      `<p>Every SMS the portal sent through the sandbox's mGov gateway, newest first. ` +
        `<a href="/mgov/inbox.json">As JSON</a>.</p>` +
        (inbox.length
          ? `<table><thead><tr><th>Received</th><th>To</th><th>From</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table>`
          : `<p>No messages yet.</p>`),
    );
  }

  return {
    quickSms,
    inboxHtml,
    inbox: () => inbox.slice(),
    clear: () => (inbox.length = 0),
    control,
  };
}
