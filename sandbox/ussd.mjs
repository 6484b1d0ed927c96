import { randomBytes, randomUUID } from "node:crypto";
import { escapeHtml, page } from "./html.mjs";
import { exchangeText, postForm } from "./portal.mjs";

// A USSD screen holds at most this many characters (the aggregators' documented limit).
const SCREEN_LIMIT = 182;
// What a handset shows when the gateway gives up on the application: the user never sees why.
const NETWORK_ERROR = "Connection problem or invalid MMI code.";
// A made-up number: the demo citizen's phone (citizens.mjs), so that the portal can tie it to a NIN.
const DEFAULT_PHONE = "255700000001";
const PHONE = /^255\d{9}$/;

const CSS = `
.handset{background:#2b2f33;border-radius:1.6rem 1.6rem 1rem 1rem;padding:1.2rem 1rem 1rem;width:max-content;color:#eee;margin:1rem 0}
.screen{background:#c7d6b5;color:#111;font:1rem/1.35 ui-monospace,"DejaVu Sans Mono",Consolas,monospace;width:22ch;min-height:9.45em;
  padding:.5rem .6rem;border:3px solid #111;border-radius:.3rem;white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.screen .dim{color:#4d5a42}
.count{font:.8rem ui-monospace,monospace;margin:.3rem 0 .6rem;color:#cfd8c3}.count.over{color:#ff9a8a;font-weight:bold}
.handset label{display:block;font-size:.85rem}.handset input{font:1rem ui-monospace,monospace;width:22ch;box-sizing:border-box}
.handset .keys{display:flex;gap:.4rem;flex-wrap:wrap;margin-top:.5rem}
.notice{border-left:4px solid #b3261e;background:#fbe9e7;padding:.4rem .8rem}.info{border-left:4px solid #1d70b8;background:#e8f1f8;padding:.4rem .8rem}
pre.raw{background:#f3f2f1;padding:.6rem;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}
`;

/**
 * The feature-phone simulator: the sandbox plays the USSD aggregator. Each simulated handset
 * (keyed by a random id carried in a hidden field, so that the page needs no JavaScript) keeps
 * its USSD session: the sessionId, the phone and the answers so far. Every step calls the
 * portal exactly as an aggregator would: the same sessionId, all answers joined by `*`, Basic
 * auth with user `aggregator`. Nothing is kept on disk; the oldest handsets are forgotten first.
 */
export function createUssd({ portalUrl, secret, serviceCode, timeoutMs, maxHandsets = 200 }) {
  const handsets = new Map();
  const inFlight = new Set();

  /** A phone that has not dialled yet. The page shows one before anything is kept. */
  function blank() {
    return {
      id: "",
      phone: DEFAULT_PHONE,
      // Bumped at every action: a form from an older screen (the back button, a double click)
      // must not send an answer the user no longer sees.
      step: 0,
      state: "idle", // idle | con | end | error | cancelled | dropped
      session: null, // { sessionId, answers } while a session is open
      lastSessionId: null,
      screen: "",
      problem: null, // why the session failed, for the developer (the handset shows NETWORK_ERROR)
      warnings: [],
      note: null, // a local message: nothing was sent
      exchange: null, // the last call to the portal
      busy: false,
    };
  }

  /** A phone is kept only once someone dials from it; the oldest are forgotten first. */
  function newHandset() {
    const handset = { ...blank(), id: randomBytes(12).toString("base64url") };
    handsets.set(handset.id, handset);
    for (const id of handsets.keys()) {
      if (handsets.size <= maxHandsets) break;
      handsets.delete(id);
    }
    return handset;
  }

  /** Reads the portal's answer as a gateway does: `CON ` or `END `, then the screen. */
  function interpret(handset, result) {
    handset.exchange = result;
    handset.warnings = [];
    handset.problem = null;
    const { response } = result;
    if (!response) return fail(handset, result.timedOut ? `Timed out: ${result.error}.` : `${result.error}.`);
    if (response.status !== 200) return fail(handset, `The portal answered HTTP ${response.status}, not 200.`);
    const match = /^(CON|END) ([\s\S]*)$/.exec(response.body);
    if (!match) return fail(handset, "The portal's answer starts neither with “CON ” nor with “END ”.");
    if (!/^text\/plain\b/i.test(response.type)) handset.warnings.push(`Content-Type is “${response.type || "none"}”, not text/plain.`);
    const length = [...match[2]].length;
    if (length > SCREEN_LIMIT) {
      handset.warnings.push(`The screen has ${length} characters, over the ${SCREEN_LIMIT} a gateway allows: it may cut or refuse it.`);
    }
    handset.screen = match[2];
    if (match[1] === "CON") {
      handset.state = "con";
    } else {
      handset.state = "end";
      close(handset);
    }
  }

  function fail(handset, problem) {
    handset.state = "error";
    handset.screen = NETWORK_ERROR;
    handset.problem = `${problem} A gateway would end the session here.`;
    close(handset);
  }

  function close(handset) {
    handset.lastSessionId = handset.session?.sessionId ?? handset.lastSessionId;
    handset.session = null;
  }

  async function callPortal(handset) {
    const { sessionId, answers } = handset.session;
    const controller = new AbortController();
    inFlight.add(controller);
    handset.busy = true;
    try {
      const fields = { sessionId, serviceCode, phoneNumber: handset.phone, text: answers.join("*") };
      interpret(handset, await postForm(portalUrl, fields, { user: "aggregator", secret, timeoutMs, signal: controller.signal }));
    } finally {
      handset.busy = false;
      inFlight.delete(controller);
    }
  }

  async function dial(handset, phone) {
    if (!PHONE.test(phone)) {
      handset.note = `“${phone}” is not a phone number in the form 255 and 9 digits: nothing was dialled.`;
      return;
    }
    handset.phone = phone;
    // A new call is a new session, whatever happened to the last one: the portal sees a new sessionId.
    handset.session = { sessionId: randomUUID(), answers: [] };
    await callPortal(handset);
  }

  async function answer(handset, input) {
    // A handset does not send an empty reply; sending one would also make the text ambiguous
    // (one empty answer joins to "", the same as the first step).
    if (input.trim() === "") {
      handset.note = "Type a reply first: a handset sends no empty reply.";
      return;
    }
    handset.session.answers.push(input);
    await callPortal(handset);
  }

  /** Handles one POST /ussd/step and says which handset to show next. */
  async function step(form) {
    const action = form.get("action") ?? "";
    let handset = handsets.get(form.get("handset") ?? "");
    if (!handset) {
      handset = newHandset();
      if (action !== "dial") {
        handset.note = "That phone was forgotten (the sandbox restarted, or too many phones since): dial again.";
        return handset;
      }
    } else if (handset.busy) {
      handset.note = "Still waiting for the portal's answer to the previous step: nothing was sent.";
      return handset;
    } else if (form.get("step") !== String(handset.step)) {
      handset.note = "That form came from an older screen: nothing was sent. This is the phone's screen now.";
      return handset;
    }
    handset.note = null;
    handset.step += 1;
    const inSession = handset.state === "con" && handset.session;
    if (action === "dial" && !inSession) await dial(handset, (form.get("phone") ?? "").trim());
    else if (action === "send" && inSession) await answer(handset, form.get("input") ?? "");
    else if (action === "cancel" && inSession) {
      // The aggregator format has no "user cancelled" message: the portal hears nothing.
      handset.state = "cancelled";
      handset.screen = "";
      close(handset);
    } else if (action === "drop" && inSession) {
      // The call is lost (network, battery): the portal hears nothing and keeps the session open.
      handset.state = "dropped";
      handset.screen = "";
      close(handset);
    } else handset.note = `“${action}” does nothing on this screen.`;
    return handset;
  }

  // ----- the page -----

  function screenHtml(handset) {
    const e = escapeHtml;
    if (handset.state === "idle") return `<span class="dim">Enter the phone number and dial ${e(serviceCode)}.</span>`;
    if (handset.state === "cancelled") return `<span class="dim">Session cancelled.</span>`;
    if (handset.state === "dropped") return `<span class="dim">Call dropped.</span>`;
    return e(handset.screen);
  }

  function controlsHtml(handset) {
    const e = escapeHtml;
    const hidden = `<input type="hidden" name="handset" value="${e(handset.id)}"><input type="hidden" name="step" value="${handset.step}">`;
    if (handset.state === "con") {
      // Send comes first: Enter in the reply box presses the first button of the form.
      return (
        `<form method="post" action="/ussd/step">${hidden}` +
        `<label for="reply">Reply</label><input id="reply" name="input" autocomplete="off" autofocus maxlength="${SCREEN_LIMIT}">` +
        `<div class="keys"><button name="action" value="send">Send</button><button name="action" value="cancel">Cancel</button>` +
        `<button name="action" value="drop" title="Abandon the session without telling the portal">Drop the call</button></div></form>`
      );
    }
    const again = handset.state === "idle" ? `Dial ${serviceCode}` : `Dial again (${serviceCode})`;
    return (
      `<form method="post" action="/ussd/step">${handset.id ? hidden : ""}` +
      `<label for="phone">Phone number</label><input id="phone" name="phone" value="${e(handset.phone)}" inputmode="numeric" pattern="255[0-9]{9}" required>` +
      `<div class="keys"><button name="action" value="dial">${e(again)}</button></div></form>`
    );
  }

  function countHtml(handset) {
    if (handset.state !== "con" && handset.state !== "end") return "";
    const length = [...handset.screen].length;
    return `<p class="count${length > SCREEN_LIMIT ? " over" : ""}">${length} / ${SCREEN_LIMIT} characters</p>`;
  }

  function sessionHtml(handset) {
    const e = escapeHtml;
    const rows = [`<tr><th>Phone</th><td><code>${e(handset.phone)}</code></td></tr>`];
    if (handset.session) {
      rows.push(`<tr><th>sessionId</th><td><code>${e(handset.session.sessionId)}</code> (open)</td></tr>`);
      rows.push(
        `<tr><th>Answers so far</th><td>${handset.session.answers.length ? handset.session.answers.map((a) => `<code>${e(a)}</code>`).join(", ") : "none"}</td></tr>`,
      );
    } else if (handset.lastSessionId) {
      const how = handset.state === "dropped" ? "dropped: the portal still thinks it open" : "closed";
      rows.push(`<tr><th>Last sessionId</th><td><code>${e(handset.lastSessionId)}</code> (${how}; the next dial gets a new one)</td></tr>`);
    }
    return `<table>${rows.join("")}</table>`;
  }

  function exchangeHtml(handset) {
    if (!handset.exchange) return "";
    const { sent, received } = exchangeText(handset.exchange);
    return (
      `<h2>Last step, raw</h2><h3>Request to the portal</h3><pre class="raw">${escapeHtml(sent)}</pre>` +
      `<h3>Answer</h3><pre class="raw">${escapeHtml(received)}</pre>`
    );
  }

  function pageHtml(handset) {
    const e = escapeHtml;
    const notes =
      (handset.note ? `<p class="info">${e(handset.note)}</p>` : "") +
      (handset.problem ? `<p class="notice"><strong>${e(handset.problem)}</strong></p>` : "") +
      handset.warnings.map((w) => `<p class="notice">${e(w)}</p>`).join("");
    return page(
      "USSD phone",
      `<p>A feature phone dialling the portal's USSD service through a simulated aggregator: ` +
        `<code>POST ${e(portalUrl)}</code>, service code <code>${e(serviceCode)}</code>, Basic auth user <code>aggregator</code>. ` +
        `Replies by SMS arrive in the <a href="/mgov/inbox">phone inbox</a>; send an SMS to the portal from the <a href="/sms">SMS page</a>.</p>` +
        `<div class="handset"><pre class="screen" aria-live="polite" data-testid="ussd-screen">${screenHtml(handset)}</pre>${countHtml(handset)}${controlsHtml(handset)}</div>` +
        notes +
        `<p><a href="/ussd">Another phone</a> (a page of its own, with its own sessions).</p>` +
        `<h2>Session</h2>${sessionHtml(handset)}` +
        exchangeHtml(handset),
      CSS,
    );
  }

  function sessionJson(handset) {
    return {
      handset: handset.id,
      phone: handset.phone,
      state: handset.state,
      screen: handset.screen,
      sessionId: handset.session?.sessionId ?? null,
      answers: handset.session?.answers.slice() ?? [],
      lastSessionId: handset.lastSessionId,
      problem: handset.problem,
      warnings: handset.warnings.slice(),
    };
  }

  // ----- routes under /ussd -----

  const html = (status, body) => ({ status, type: "text/html; charset=utf-8", body });

  /**
   * Handles a request under /ussd: `readBody()` resolves to the body's bytes. Returns
   * `{ status, type, body, location? }`. The step answers with a redirect to the phone's page,
   * so that reloading it never sends an answer twice.
   */
  async function handle(method, pathname, searchParams, readBody) {
    const route = `${method} ${pathname}`;
    switch (route) {
      case "GET /ussd": {
        const id = searchParams.get("h");
        if (!id) return html(200, pageHtml(blank()));
        const handset = handsets.get(id);
        if (handset) return html(200, pageHtml(handset));
        return html(
          200,
          pageHtml({ ...blank(), note: "That phone was forgotten (the sandbox restarted, or too many phones since): dial again." }),
        );
      }
      case "GET /ussd/session.json": {
        const handset = handsets.get(searchParams.get("h") ?? "");
        if (!handset) return { status: 404, type: "application/json; charset=utf-8", body: JSON.stringify({ error: "No such phone" }) };
        return { status: 200, type: "application/json; charset=utf-8", body: JSON.stringify(sessionJson(handset)) };
      }
      case "POST /ussd/step": {
        const handset = await step(new URLSearchParams((await readBody()).toString("utf8")));
        return { status: 303, type: "text/plain; charset=utf-8", body: "", location: `/ussd?h=${encodeURIComponent(handset.id)}` };
      }
      default:
        return { status: 404, type: "application/json; charset=utf-8", body: JSON.stringify({ error: "Not found" }) };
    }
  }

  function stop() {
    for (const controller of inFlight) controller.abort();
  }

  return { handle, stop };
}
