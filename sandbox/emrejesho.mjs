import { randomUUID, verify } from "node:crypto";
import { findTopLevelMember } from "./govesb.mjs";
import { nextPending, releaseHeld, sendCopy } from "./bus-push.mjs";
import { escapeHtml, page } from "./html.mjs";

/**
 * e-Mrejesho (the government feedback system) behind the bus, as fixed in
 * docs/protocols/emrejesho.md (no public API exists; the portal treats it as a GovESB subscriber).
 *
 * - receive(Feedback): the esbBody of the bus's answer to a push-request: {"Code":"00","Message":
 *   "Accepted"}, or {"Code":"01","Message":"…"} when the Feedback is not valid. Submissions are
 *   kept in memory by PortalReference: a second push with the same one is accepted again without a
 *   second record. A new record gets its own reference EMR-<year>-NNNNNN and is acknowledged.
 * - Updates (ACKNOWLEDGED, ANSWERED, CLOSED) are pushed to the portal as bus messages, signed by the
 *   bus: POST portalUrl, `{"data":{"pushCode":updatesCode,"esbBody":{"Update":{…}}},"signature":"…"}`.
 *   Each is retried until the portal answers 200 (1 s, 2 s, 4 s… at most 30 s apart, 20 tries),
 *   one submission's updates in order. The portal's answer is verified with the portal's public
 *   key when there is one; a 200 counts as delivered either way.
 * - The tester page (/emrejesho) answers and closes submissions as the institution would.
 */
export const KINDS = ["COMPLAINT", "SUGGESTION", "INQUIRY", "COMPLIMENT"];
export const MIME_TYPES = ["application/pdf", "image/jpeg", "image/png"];

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isObject(value) {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

function filled(value) {
  return typeof value === "string" && value.trim() !== "";
}

/** ISO 8601 in UTC without milliseconds, as in the protocol's examples. */
function isoNow(ms = Date.now()) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function formatBytes(size) {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(2)} MB`;
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266/5987). */
export function contentDisposition(fileName) {
  const ascii = String(fileName).replace(/[^\x20-\x7e]|["\\]/g, "_") || "attachment";
  const encoded = encodeURIComponent(String(fileName)).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function createEmrejesho({
  portalUrl,
  updatesCode,
  acknowledgeDelayMs = 300,
  retryBaseMs = 1000,
  retryMaxMs = 30_000,
  maxAttempts = 20,
  attemptTimeoutMs = 10_000,
  maxAttachmentBytes = 2 * 1024 * 1024,
  maxSubmissions = 500,
  // (data) => `{"data":…,"signature":"…"}` signed by the bus (govesb.signedMessage).
  signedMessage,
  // () => { key } | { error }: the portal's public key, to verify its answers.
  portalPublicKey,
  // () => the bus's test mode (govesb.mjs): "duplicate-callback" sends each update twice at once,
  // "out-of-order" holds updates back until releaseHeld() sends them newest first.
  busMode = () => "normal",
}) {
  const submissions = new Map(); // PortalReference -> record, oldest first
  let sequence = 0;
  let stopped = false;
  const timers = new Set();
  const inFlight = new Set(); // AbortControllers of deliveries under way

  // ----- receiving a submission -----

  /** The problems with a Feedback (empty when it is valid) and its decoded attachment. */
  function check(feedback) {
    const problems = [];
    if (!filled(feedback.PortalReference)) problems.push("Feedback.PortalReference is missing");
    else if (feedback.PortalReference.length > 100) problems.push("Feedback.PortalReference is longer than 100 characters");
    if (feedback.Kind === undefined || feedback.Kind === null || feedback.Kind === "") problems.push("Feedback.Kind is missing");
    else if (!KINDS.includes(feedback.Kind)) problems.push(`Feedback.Kind must be one of ${KINDS.join(", ")}`);
    const institution = feedback.Institution;
    if (!isObject(institution) || !filled(institution.Code) || !filled(institution.Name)) {
      problems.push("Feedback.Institution is missing (Code and Name)");
    }
    if (!filled(feedback.Subject)) problems.push("Feedback.Subject is missing");
    if (!filled(feedback.Message)) problems.push("Feedback.Message is missing");
    const sender = feedback.Sender;
    if (sender !== undefined && sender !== null) {
      if (!isObject(sender)) problems.push("Feedback.Sender must be an object or null");
      else if ((sender.Name ?? null) !== null && typeof sender.Name !== "string")
        problems.push("Feedback.Sender.Name must be text or null");
      else if ((sender.Phone ?? null) !== null && typeof sender.Phone !== "string")
        problems.push("Feedback.Sender.Phone must be text or null");
    }
    let bytes = null;
    const attachment = feedback.Attachment;
    if (attachment !== undefined && attachment !== null) {
      if (!isObject(attachment)) problems.push("Feedback.Attachment must be an object or null");
      else {
        if (!filled(attachment.FileName)) problems.push("Feedback.Attachment.FileName is missing");
        if (!MIME_TYPES.includes(attachment.MimeType)) {
          problems.push(`Feedback.Attachment.MimeType must be one of ${MIME_TYPES.join(", ")}`);
        }
        const base64 = attachment.Base64;
        if (typeof base64 !== "string" || base64.length % 4 !== 0 || !BASE64.test(base64)) {
          problems.push("Feedback.Attachment.Base64 is not base64");
        } else {
          const size = (base64.length / 4) * 3 - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
          if (size === 0) problems.push("Feedback.Attachment is empty");
          else if (size > maxAttachmentBytes) {
            problems.push(`Feedback.Attachment is larger than ${formatBytes(maxAttachmentBytes)} (${formatBytes(size)})`);
          } else bytes = Buffer.from(base64, "base64");
        }
      }
    }
    return { problems, bytes };
  }

  function receive(feedback) {
    const { problems, bytes } = check(feedback);
    if (problems.length) return { Code: "01", Message: problems.join("; ") };
    if (submissions.has(feedback.PortalReference)) return { Code: "00", Message: "Accepted" };

    sequence += 1;
    const now = Date.now();
    const sender = feedback.Sender ?? null;
    const record = {
      portalReference: feedback.PortalReference,
      reference: `EMR-${new Date(now).getUTCFullYear()}-${String(sequence).padStart(6, "0")}`,
      kind: feedback.Kind,
      institution: { code: feedback.Institution.Code, name: feedback.Institution.Name },
      service: isObject(feedback.Service) ? { id: feedback.Service.Id ?? null, name: feedback.Service.Name ?? null } : null,
      subject: feedback.Subject,
      message: feedback.Message,
      language: feedback.Language ?? null,
      sender: sender && (sender.Name || sender.Phone) ? { name: sender.Name ?? null, phone: sender.Phone ?? null } : null,
      attachment: bytes
        ? { fileName: feedback.Attachment.FileName, mimeType: feedback.Attachment.MimeType, size: bytes.length, bytes }
        : null,
      submittedAt: feedback.SubmittedAt ?? null,
      receivedAt: isoNow(now),
      status: "ACKNOWLEDGED",
      reply: null,
      updates: [],
      sending: false,
    };
    submissions.set(record.portalReference, record);
    while (submissions.size > maxSubmissions) submissions.delete(submissions.keys().next().value);
    // Acknowledged at once here, told to the portal a moment later (asynchronously, as a real
    // system would), so that the portal sees the push's answer before the first update.
    addUpdate(record, "ACKNOWLEDGED", null, now + acknowledgeDelayMs);
    return { Code: "00", Message: "Accepted" };
  }

  // ----- updates to the portal -----

  function addUpdate(record, status, reply, notBefore = Date.now()) {
    const update = {
      updateId: randomUUID(),
      status,
      reply,
      createdAt: isoNow(),
      notBefore,
      delivery: {
        state: "pending",
        attempts: 0,
        lastError: null,
        lastAttemptAt: null,
        nextAttemptAt: null,
        deliveredAt: null,
        answer: null, // what was made of the portal's answer: "answer verified" or "answer not verified: …"
      },
    };
    record.updates.push(update);
    pump(record);
    return update;
  }

  function later(ms, fn) {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref?.();
    timers.add(timer);
  }

  /** Starts the submission's next pending update (released ones newest first), unless one of its updates is under way. */
  function pump(record) {
    if (record.sending || stopped) return;
    const update = nextPending(record.updates);
    if (!update) return;
    record.sending = true;
    const wait = Math.max(0, update.notBefore - Date.now());
    update.delivery.nextAttemptAt = isoNow(Date.now() + wait);
    later(wait, () => attempt(record, update));
  }

  function wire(record, update) {
    return {
      PortalReference: record.portalReference,
      Reference: record.reference,
      Status: update.status,
      Reply: update.reply,
      UpdateId: update.updateId,
    };
  }

  /** What the portal's answer is worth: verified with its public key over the exact data bytes, or not. */
  function judgeAnswer(text) {
    const portal = portalPublicKey();
    if (!portal.key) return `answer not verified: ${portal.error}`;
    try {
      const bytes = Buffer.from(text, "utf8");
      const span = findTopLevelMember(bytes, "data");
      const signature = JSON.parse(text).signature;
      if (!span || typeof signature !== "string" || signature === "") return "answer not verified: not a signed envelope";
      const dataBytes = bytes.subarray(span.start, span.end);
      if (!verify("sha256", dataBytes, { key: portal.key, dsaEncoding: "der" }, Buffer.from(signature, "base64"))) {
        return "answer not verified: the signature does not verify with the portal's public key";
      }
      const data = JSON.parse(dataBytes.toString("utf8"));
      if (data?.success !== true)
        return `answer verified, but success is not true (${String(data?.message ?? "no message").slice(0, 200)})`;
      return "answer verified";
    } catch {
      return "answer not verified: not a signed envelope";
    }
  }

  async function attempt(record, update) {
    if (stopped) return;
    const delivery = update.delivery;
    const first = delivery.attempts === 0;
    if (first && busMode() === "out-of-order") {
      // Held back; the submission's later updates are held behind it, and all go out newest first.
      delivery.state = "held";
      record.sending = false;
      pump(record);
      return;
    }
    const copies = first && busMode() === "duplicate-callback" ? 2 : 1;
    delivery.attempts += 1;
    delivery.lastAttemptAt = isoNow();
    delivery.nextAttemptAt = null;
    const controller = new AbortController();
    inFlight.add(controller);
    let error = null;
    try {
      const body = signedMessage({ pushCode: updatesCode, esbBody: { Update: wire(record, update) } });
      const post = () =>
        fetch(portalUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(attemptTimeoutMs)]),
        });
      // The bus delivering twice at once: the copy is sent beside the first and not retried.
      const copy = copies === 2 ? sendCopy(post) : null;
      const response = await post();
      if (copy) delivery.copy = await copy;
      const text = await response.text();
      if (response.status === 200) {
        delivery.answer = judgeAnswer(text);
      } else {
        error = `HTTP ${response.status}${text ? `: ${text.replace(/\s+/g, " ").slice(0, 200)}` : ""}`;
      }
    } catch (caught) {
      if (stopped) return;
      error =
        caught?.name === "TimeoutError"
          ? `no answer within ${attemptTimeoutMs / 1000} s`
          : `${caught?.cause?.code ?? caught?.cause?.message ?? caught?.message ?? caught}`;
    } finally {
      inFlight.delete(controller);
    }
    if (stopped) return;
    if (!error) {
      delivery.state = "delivered";
      delivery.deliveredAt = isoNow();
    } else {
      delivery.lastError = error;
      if (delivery.attempts < maxAttempts) {
        const wait = Math.min(retryBaseMs * 2 ** (delivery.attempts - 1), retryMaxMs);
        delivery.nextAttemptAt = isoNow(Date.now() + wait);
        later(wait, () => attempt(record, update));
        return;
      }
      delivery.state = "failed";
    }
    record.sending = false;
    pump(record);
  }

  // ----- the institution's side (tester page) -----

  function find(portalReference) {
    if (!filled(portalReference)) return { error: { status: 400, message: "portalReference is missing" } };
    const record = submissions.get(portalReference);
    if (!record) return { error: { status: 404, message: `No submission ${portalReference}` } };
    return { record };
  }

  /** Answers as the institution: ANSWERED, and an ANSWERED update with the reply. `by` defaults to the institution. */
  function answer({ portalReference, reply, by } = {}) {
    const { record, error } = find(portalReference);
    if (error) return error;
    if (record.status === "CLOSED") return { status: 409, message: `${portalReference} is closed` };
    if (!filled(reply)) return { status: 400, message: "reply is missing" };
    record.status = "ANSWERED";
    record.reply = { Text: reply, By: filled(by) ? by.trim() : record.institution.name, At: isoNow() };
    const update = addUpdate(record, "ANSWERED", record.reply);
    return { status: 200, record, update };
  }

  /** Closes: CLOSED, and a CLOSED update (carrying the reply given earlier, if any). */
  function close({ portalReference } = {}) {
    const { record, error } = find(portalReference);
    if (error) return error;
    if (record.status === "CLOSED") return { status: 409, message: `${portalReference} is already closed` };
    record.status = "CLOSED";
    const update = addUpdate(record, "CLOSED", record.reply);
    return { status: 200, record, update };
  }

  function updateJson(update) {
    const { state, attempts, lastError, lastAttemptAt, nextAttemptAt, deliveredAt, answer: answerNote, copy } = update.delivery;
    return {
      updateId: update.updateId,
      status: update.status,
      reply: update.reply,
      createdAt: update.createdAt,
      delivery: { state, attempts, lastError, lastAttemptAt, nextAttemptAt, deliveredAt, answer: answerNote, ...(copy ? { copy } : {}) },
    };
  }

  function submissionJson(record) {
    return {
      portalReference: record.portalReference,
      reference: record.reference,
      kind: record.kind,
      institution: record.institution,
      service: record.service,
      subject: record.subject,
      message: record.message,
      language: record.language,
      sender: record.sender,
      attachment: record.attachment
        ? {
            fileName: record.attachment.fileName,
            mimeType: record.attachment.mimeType,
            size: record.attachment.size,
            url: attachmentPath(record),
          }
        : null,
      submittedAt: record.submittedAt,
      receivedAt: record.receivedAt,
      status: record.status,
      reply: record.reply,
      updates: record.updates.map(updateJson),
    };
  }

  function attachmentPath(record) {
    return `/emrejesho/attachment/${encodeURIComponent(record.portalReference)}`;
  }

  function newestFirst() {
    return Array.from(submissions.values()).reverse();
  }

  function list() {
    return newestFirst().map(submissionJson);
  }

  /** The attachment's bytes and headers, or null. */
  function attachment(portalReference) {
    const record = submissions.get(portalReference);
    if (!record?.attachment) return null;
    return { ...record.attachment };
  }

  function deliveryText(update, previousPending) {
    const d = update.delivery;
    const tries = `${d.attempts} ${d.attempts === 1 ? "try" : "tries"}`;
    if (d.state === "delivered") {
      return `delivered ${d.deliveredAt} after ${tries}; ${d.answer}${d.lastError ? `; earlier error: ${d.lastError}` : ""}`;
    }
    if (d.state === "failed") return `failed: given up after ${tries}; last error: ${d.lastError}`;
    if (d.state === "held") return "held back (out-of-order): sent, newest first, once the bus's mode is switched off";
    if (d.attempts === 0 && !d.nextAttemptAt && previousPending) return "pending: waiting for the update before it";
    return (
      `pending: ${tries} so far` +
      (d.nextAttemptAt ? `, next at ${d.nextAttemptAt}` : ", sending now") +
      (d.lastError ? `; last error: ${d.lastError}` : "")
    );
  }

  function submissionHtml(record) {
    const e = escapeHtml;
    const sender = record.sender
      ? `${e(record.sender.name ?? "(no name)")}${record.sender.phone ? `, ${e(record.sender.phone)}` : ""}`
      : "<em>anonymous</em>";
    const attachmentCell = record.attachment
      ? `<a href="${e(attachmentPath(record))}">${e(record.attachment.fileName)}</a> (${e(record.attachment.mimeType)}, ${e(formatBytes(record.attachment.size))})`
      : "none";
    const updates = record.updates
      .map((u, i) => {
        const previousPending = record.updates.slice(0, i).some((p) => p.delivery.state === "pending");
        return `<li><strong>${e(u.status)}</strong> <code>${e(u.updateId)}</code>: ${e(deliveryText(u, previousPending))}</li>`;
      })
      .join("");
    const reply = record.reply
      ? `<tr><th>Reply</th><td class="msg">${e(record.reply.Text)}\n— ${e(record.reply.By)}, ${e(record.reply.At)}</td></tr>`
      : "";
    const ref = e(record.portalReference);
    const forms =
      record.status === "CLOSED"
        ? `<p>Closed.</p>`
        : `<form method="post" action="/emrejesho/answer">` +
          `<input type="hidden" name="portalReference" value="${ref}">` +
          `<p><label>Reply<br><textarea name="reply" rows="4" cols="70" required></textarea></label></p>` +
          `<p><label>By <input name="by" size="40" placeholder="${e(record.institution.name)}"></label> ` +
          `<button type="submit">Answer as the institution</button></p></form>` +
          `<form method="post" action="/emrejesho/close">` +
          `<input type="hidden" name="portalReference" value="${ref}">` +
          `<p><button type="submit">Close</button></p></form>`;
    return (
      `<section><h2>${ref} · ${e(record.reference)}</h2><table><tbody>` +
      `<tr><th>Status</th><td><strong>${e(record.status)}</strong></td></tr>` +
      `<tr><th>Kind</th><td>${e(record.kind)}</td></tr>` +
      `<tr><th>Institution</th><td>${e(record.institution.name)} (<code>${e(record.institution.code)}</code>)</td></tr>` +
      (record.service ? `<tr><th>Service</th><td>${e(record.service.name ?? record.service.id ?? "")}</td></tr>` : "") +
      `<tr><th>Subject</th><td>${e(record.subject)}</td></tr>` +
      `<tr><th>Message</th><td class="msg">${e(record.message)}</td></tr>` +
      `<tr><th>Sender</th><td>${sender}</td></tr>` +
      `<tr><th>Attachment</th><td>${attachmentCell}</td></tr>` +
      `<tr><th>Submitted</th><td>${record.submittedAt ? `${e(record.submittedAt)} ` : ""}(received ${e(record.receivedAt)})${record.language ? `, language ${e(record.language)}` : ""}</td></tr>` +
      reply +
      `<tr><th>Updates to the portal</th><td><ul>${updates}</ul></td></tr>` +
      `</tbody></table>${forms}</section>`
    );
  }

  function pageHtml() {
    const records = newestFirst();
    return page(
      "e-Mrejesho",
      `<p>Feedback the portal handed over through GovESB (<code>POST /govesb/engine/esb/push-request</code>), newest first. ` +
        `Answer or close a submission as the institution would: e-Mrejesho pushes the update to the portal ` +
        `(<code>${escapeHtml(portalUrl)}</code>), retrying until it answers 200. Reload to see delivery progress. ` +
        `<a href="/emrejesho.json">As JSON</a>.</p>` +
        (records.length ? records.map(submissionHtml).join("\n") : `<p>No submissions yet.</p>`),
    );
  }

  /** Stops every delivery (the server is closing). */
  function stop() {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const controller of inFlight) controller.abort();
    inFlight.clear();
  }

  return {
    receive,
    answer,
    close,
    list,
    submissionJson,
    updateJson,
    attachment,
    pageHtml,
    stop,
    /** The updates held back in the bus's out-of-order mode, sent now, newest first per submission. */
    releaseHeld: () => releaseHeld(submissions.values(), pump),
    count: () => submissions.size,
  };
}
