import { randomUUID } from "node:crypto";
import { escapeHtml, page } from "./html.mjs";
import { exchangeText, postForm } from "./portal.mjs";

const DEFAULT_PHONE = "255700000001";
const PHONE = /^255\d{9}$/;
// How many sent messages the page lists (the oldest go first).
const KEPT = 50;

const CSS = `
pre.raw{background:#f3f2f1;padding:.6rem;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem;margin:0}
.notice{border-left:4px solid #b3261e;background:#fbe9e7;padding:.4rem .8rem}
form.send label{display:block;margin:.4rem 0}form.send input,form.send textarea{font:inherit;width:100%;max-width:30rem;box-sizing:border-box}
`;

/**
 * mGov's pull messages: an SMS sent by a citizen to the short code, forwarded to the portal as
 * form fields `from`, `to`, `text`, `messageId` with HTTP Basic auth (user `mgov`). The portal
 * answers at once and replies later by SMS through quick_sms, which lands in the phone inbox.
 */
export function createSmsInbound({ portalUrl, secret, shortCode, timeoutMs }) {
  const sent = []; // newest first: { id, fields, exchange }
  const inFlight = new Set();

  async function deliver(fields) {
    const controller = new AbortController();
    inFlight.add(controller);
    try {
      const exchange = await postForm(portalUrl, fields, { user: "mgov", secret, timeoutMs, signal: controller.signal });
      const entry = { id: randomUUID(), fields, exchange };
      sent.unshift(entry);
      sent.length = Math.min(sent.length, KEPT);
      return entry;
    } finally {
      inFlight.delete(controller);
    }
  }

  /** A new SMS from the form; null with the reason when the form is wrong (nothing is sent). */
  async function send(form) {
    const from = (form.get("from") ?? "").trim();
    const text = form.get("text") ?? "";
    if (!PHONE.test(from)) return { error: `“${from}” is not a phone number in the form 255 and 9 digits: nothing was sent.` };
    if (text.trim() === "") return { error: "An SMS has text: nothing was sent." };
    // mGov's own id for the message; its real format is not public, so a UUID stands for it.
    return { entry: await deliver({ from, to: shortCode, text, messageId: randomUUID() }) };
  }

  /** The same message again, same messageId: a gateway that retries, for the portal's duplicate check. */
  async function resend(id) {
    const earlier = sent.find((entry) => entry.id === id);
    if (!earlier) return { error: "That message is no longer listed: nothing was sent." };
    return { entry: await deliver({ ...earlier.fields }) };
  }

  function answerText(exchange) {
    if (!exchange.response) return exchange.timedOut ? `Timed out: ${exchange.error}` : exchange.error;
    return `HTTP ${exchange.response.status}`;
  }

  function pageHtml({ error = null, from = DEFAULT_PHONE, text = "HUDUMA pasipoti" } = {}) {
    const e = escapeHtml;
    const rows = sent
      .map(({ id, fields, exchange }) => {
        const raw = exchangeText(exchange);
        const ok = exchange.response?.status === 200;
        return (
          `<tr><td>${e(exchange.request.at)}</td><td><code>${e(fields.from)}</code></td><td class="msg">${e(fields.text)}</td>` +
          `<td><code>${e(fields.messageId)}</code></td><td>${ok ? "" : "<strong>"}${e(answerText(exchange))}${ok ? "" : "</strong>"}</td>` +
          `<td><details><summary>Raw</summary><pre class="raw">${e(raw.sent)}</pre><pre class="raw">${e(raw.received)}</pre></details>` +
          `<form method="post" action="/sms/resend"><input type="hidden" name="id" value="${e(id)}">` +
          `<button title="The same fields and messageId, as a gateway retrying">Send again</button></form></td></tr>`
        );
      })
      .join("");
    return page(
      "SMS to the portal",
      `<p>An SMS from a phone to the short code <code>${e(shortCode)}</code>, forwarded the way mGov forwards pull messages: ` +
        `<code>POST ${e(portalUrl)}</code>, form fields <code>from</code>, <code>to</code>, <code>text</code>, <code>messageId</code>, Basic auth user <code>mgov</code>. ` +
        `The portal's reply comes later by SMS: see the <a href="/mgov/inbox">phone inbox</a>. The <a href="/ussd">USSD phone</a> is beside it.</p>` +
        (error ? `<p class="notice">${e(error)}</p>` : "") +
        `<form class="send" method="post" action="/sms/send">` +
        `<label>From <input name="from" value="${e(from)}" inputmode="numeric" pattern="255[0-9]{9}" required></label>` +
        `<label>To <input value="${e(shortCode)}" disabled></label>` +
        `<label>Text <textarea name="text" rows="3" required>${e(text)}</textarea></label>` +
        `<p><button>Send to the portal</button></p></form>` +
        `<h2>Sent</h2><table><thead><tr><th>Sent</th><th>From</th><th>Text</th><th>messageId</th><th>Portal's answer</th><th></th></tr></thead>` +
        `<tbody>${rows || `<tr><td colspan="6">None yet.</td></tr>`}</tbody></table>`,
      CSS,
    );
  }

  function entryJson({ id, fields, exchange }) {
    return {
      id,
      fields,
      at: exchange.request.at,
      response: exchange.response ?? null,
      error: exchange.error ?? null,
      timedOut: Boolean(exchange.timedOut),
      ms: exchange.ms,
    };
  }

  // ----- routes under /sms -----

  const html = (status, body) => ({ status, type: "text/html; charset=utf-8", body });
  const json = (status, body) => ({ status, type: "application/json; charset=utf-8", body: JSON.stringify(body) });
  const back = { status: 303, type: "text/plain; charset=utf-8", body: "", location: "/sms" };

  /**
   * Handles a request under /sms: `readBody()` resolves to the body's bytes. Returns
   * `{ status, type, body, location? }`. A sent message redirects to the list, so that reloading
   * the page never sends it twice; a refused form is shown again, filled in, with the reason.
   */
  async function handle(method, pathname, readBody) {
    const route = `${method} ${pathname}`;
    switch (route) {
      case "GET /sms":
        return html(200, pageHtml());
      case "GET /sms.json":
        return json(200, { sent: sent.map(entryJson) });
      case "POST /sms/send": {
        const form = new URLSearchParams((await readBody()).toString("utf8"));
        const result = await send(form);
        if (result.error) return html(422, pageHtml({ error: result.error, from: form.get("from") ?? "", text: form.get("text") ?? "" }));
        return back;
      }
      case "POST /sms/resend": {
        const form = new URLSearchParams((await readBody()).toString("utf8"));
        const result = await resend(form.get("id") ?? "");
        return result.error ? html(404, pageHtml({ error: result.error })) : back;
      }
      default:
        return json(404, { error: "Not found" });
    }
  }

  function stop() {
    for (const controller of inFlight) controller.abort();
  }

  return { handle, stop };
}
