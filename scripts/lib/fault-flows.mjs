// The citizens' flows of the fault suite (scripts/faults.mjs), over HTTP through the cluster's
// balancer as a browser without JavaScript drives them (scripts/lib/web-client.mjs), with the
// sandbox playing everyone else: the institution answering feedback and moving applications,
// the citizen paying at GePG. Each step is tried again, as a citizen would, while the portal says
// it cannot do it now; what the portal acknowledged is recorded on the flow, to be counted.
import { setTimeout as sleep } from "node:timers/promises";
import { Visitor, textOf } from "./web-client.mjs";

const REFERENCE = /MRJ-[A-Z2-9]{4}-[A-Z2-9]{4}/;
const APPLICATION = /APP-[A-Z2-9]{4}-[A-Z2-9]{4}/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** A request that may fail to connect: the answer, or { status: 0, error }. */
async function attempt(run) {
  try {
    return await run();
  } catch (error) {
    return { status: 0, error: error.code ?? error.message, text: "" };
  }
}

/** The answers of a police loss report's question pages, by question id (the NIDA facts are shown, not asked). */
const LOSS_REPORT = {
  lost_items: "national_id",
  lost_details: "Kitambulisho cha Taifa, kilichopotea sokoni.",
  lost_date_day: "2",
  lost_date_month: "3",
  lost_date_year: "2026",
  lost_district: "Dar es Salaam|Kinondoni",
  lost_place: "Soko la Mwananyamala",
  how_lost: "Niliibiwa mkoba sokoni.",
  declaration: "yes",
};

/**
 * The flows' steps, on a started cluster: { sandbox } is the sandbox's URL, `say` a log line,
 * `query` a query on the portal's database.
 */
export function createFlowSteps({ cluster, say }) {
  const sandbox = cluster.sandboxUrl;
  const json = async (path, init) => {
    const response = await fetch(`${sandbox}${path}`, {
      ...init,
      headers: { "content-type": "application/json" },
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  };
  const inbox = async () => (await json("/mgov/inbox.json")).body?.messages ?? [];

  /**
   * Runs `step` (resolving { ok, value?, why? }) until it is ok or `deadline` passes, waiting
   * `every` ms between tries; each refusal's reason is noted once on the flow.
   */
  async function keepTrying(flow, what, step, deadline, every = 2500) {
    for (;;) {
      const result = await step().catch((error) => ({ ok: false, why: `threw: ${error.message}` }));
      if (result.ok) return result.value ?? true;
      const note = `${what}: ${result.why}`;
      if (!flow.refusals.includes(note)) flow.refusals.push(note);
      if (Date.now() + every > deadline) {
        flow.unfinished.push(`${what} (last: ${result.why})`);
        return undefined;
      }
      await sleep(every);
    }
  }

  /** Until `check` resolves a value (or the deadline): the value, or undefined. */
  async function waitUntil(check, deadline, every = 1000) {
    while (Date.now() < deadline) {
      const value = await check().catch(() => undefined);
      if (value) return value;
      await sleep(every);
    }
    return undefined;
  }

  /** The newest sign-in code sent to `phone` after message `afterId`, once it arrives. */
  async function codeFor(phone, afterId, deadline) {
    return waitUntil(async () => {
      const found = (await inbox()).find((m) => m.recipient === phone && m.id > afterId && /sign-in code/.test(m.message));
      return found ? /(\d{6})/.exec(found.message)[1] : undefined;
    }, deadline);
  }

  /** One sign-in, from the NIN to the account; ok, or why not (the portal's refusal, as shown). */
  async function signInOnce(flow, visitor, deadline) {
    const citizen = flow.citizen;
    const form = await attempt(() => visitor.page("/en/sign-in"));
    if (form.status !== 200) return { ok: false, why: `sign-in page ${form.status || form.error}` };
    const nin = await attempt(() => visitor.submit(form, { field: "nin", values: { nin: citizen.nin } }));
    if (nin.status !== 303)
      return { ok: false, why: `NIN step ${nin.status || nin.error}${nin.status === 200 ? `: ${shown(nin.text)}` : ""}` };
    const verify = await attempt(() => visitor.page(nin.location));
    if (verify.status !== 200) return { ok: false, why: `verify page ${verify.status || verify.error}` };
    const afterId = (await inbox())[0]?.id ?? 0;
    const send = await attempt(() => visitor.submit(verify, { button: "Send me a code by SMS" }));
    if (send.status !== 303 || !/\/en\/sign-in\/code/.test(send.location ?? ""))
      return { ok: false, why: `code request ${send.status || send.error} ${send.location ?? shown(send.text)}` };
    flow.codesAsked += 1;
    const page = await attempt(() => visitor.page(send.location));
    const code = await codeFor(citizen.phone, afterId, deadline);
    if (!code) return { ok: false, why: "no sign-in code arrived" };
    const done = await attempt(() => visitor.submit(page, { field: "code", values: { code } }));
    if (done.status !== 303 || !/\/en\/account$/.test(done.location ?? ""))
      return { ok: false, why: `code step ${done.status || done.error}${done.status === 200 ? `: ${shown(done.text)}` : ""}` };
    return { ok: true };
  }

  /** What a page says, in a few words: its alert or status line, else its heading. */
  function shown(html) {
    const alert = /role="alert"[^>]*>([\s\S]*?)<\/(?:div|p|section)>/.exec(html ?? "")?.[1];
    const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html ?? "")?.[1];
    return textOf(alert ?? heading ?? "").slice(0, 140);
  }

  /** Signs the flow's citizen in on a visitor of its own, trying again until the deadline. */
  async function signIn(flow, deadline) {
    const visitor = new Visitor(cluster.url, { localAddress: flow.nextAddress() });
    const ok = await keepTrying(flow, "sign-in", () => signInOnce(flow, visitor, deadline), deadline, 3000);
    return ok ? visitor : undefined;
  }

  /** "Get a control number" for the flow's fee, with a phone for the SMS: the bill's id once acknowledged. */
  async function askBill(flow, deadline) {
    const visitor = flow.visitor;
    const id = await keepTrying(
      flow,
      "bill",
      async () => {
        const page = await attempt(() => visitor.page(`/en/services/${flow.fee.slug}`));
        if (page.status !== 200) return { ok: false, why: `service page ${page.status || page.error}` };
        const sent = await attempt(() =>
          visitor.submit(page, { field: "fee", values: { fee: flow.fee.position, phone: `0${flow.billPhone.slice(3)}` } }),
        );
        const bill = /\/en\/payments\/([0-9a-f-]{36})/.exec(sent.location ?? "")?.[1];
        if (sent.status !== 303 || !bill)
          return { ok: false, why: `asked ${sent.status || sent.error} ${sent.location ?? shown(sent.text)}` };
        return { ok: true, value: bill };
      },
      deadline,
    );
    if (!id) return;
    flow.bill = { id };
    // What the citizen sees at once: never an error, never a number GePG has not given.
    const page = await attempt(() => visitor.get(`/en/payments/${id}`));
    if (page.status === 200) {
      const state = textOf(/data-testid="bill-state"[^>]*>([\s\S]*?)</.exec(page.text)?.[1] ?? "");
      flow.seen.push(`bill page at once: ${state || "no state shown"}`);
      if (/Not accepted|Cancelled|Expired/.test(state))
        flow.falseStates.push(`the bill page said "${state}" while the bill waited for GePG`);
    }
  }

  /** Feedback to RITA with a phone of its own: the reference once acknowledged. */
  async function sendFeedback(flow, deadline) {
    const visitor = flow.visitor;
    const reference = await keepTrying(
      flow,
      "feedback",
      async () => {
        const form = await attempt(() => visitor.page("/en/feedback"));
        if (form.status !== 200) return { ok: false, why: `form ${form.status || form.error}` };
        const sent = await attempt(() =>
          visitor.submit(form, {
            field: "subject",
            values: {
              kind: "complaint",
              institution: "RITA",
              subject: flow.subject,
              message: `${flow.subject}: the certificate took six weeks instead of two.`,
              phone: `0${flow.feedbackPhone.slice(3)}`,
            },
          }),
        );
        const found = REFERENCE.exec(sent.location ?? "")?.[0];
        if (sent.status !== 303 || !found)
          return { ok: false, why: `sent ${sent.status || sent.error} ${sent.location ?? shown(sent.text)}` };
        return { ok: true, value: found };
      },
      deadline,
    );
    if (reference) flow.feedback = { reference };
  }

  /** A police loss report, page by page, then sent: its reference and id once acknowledged. */
  async function apply(flow, deadline) {
    const visitor = flow.visitor;
    const sent = await keepTrying(
      flow,
      "application",
      async () => {
        // A draft already started (a try cut short) is carried on; else a new one.
        let location = flow.applicationDraft;
        if (!location) {
          const start = await attempt(() => visitor.page("/en/services/police-loss-report/apply"));
          if (start.status !== 200) return { ok: false, why: `apply page ${start.status || start.error}` };
          const started = await attempt(() => visitor.submit(start, { field: "serviceId" }));
          if (started.status !== 303) return { ok: false, why: `start ${started.status || started.error} ${shown(started.text)}` };
          location = started.location;
          flow.applicationDraft = location;
        }
        for (let pages = 0; pages < 15; pages++) {
          const page = await attempt(() => visitor.page(location));
          if (page.status !== 200) return { ok: false, why: `page ${location} ${page.status || page.error}` };
          if (/\/check$/.test(new URL(location, cluster.url).pathname)) {
            const send = await attempt(() => visitor.submit(page, { field: "id" }));
            const id = UUID.exec(send.location ?? "")?.[0];
            if (send.status !== 303 || !/\?sent=1/.test(send.location ?? ""))
              return { ok: false, why: `send ${send.status || send.error} ${send.location ?? shown(send.text)}` };
            const done = await attempt(() => visitor.page(send.location));
            const reference = APPLICATION.exec(textOf(done.text ?? ""))?.[0];
            if (!reference) return { ok: false, why: `sent, but no reference shown (${done.status || done.error})` };
            return {
              ok: true,
              value: { id, reference, status: textOf(/data-testid="application-status"[^>]*>([\s\S]*?)</.exec(done.text)?.[1] ?? "") },
            };
          }
          const values = {};
          for (const [name, value] of Object.entries(LOSS_REPORT)) if (page.text.includes(`name="q_${name}"`)) values[`q_${name}`] = value;
          const saved = await attempt(() => visitor.submit(page, { field: "page", values }));
          if (saved.status !== 303) return { ok: false, why: `page ${location} ${saved.status || saved.error} ${shown(saved.text)}` };
          location = saved.location;
          flow.applicationDraft = location;
        }
        return { ok: false, why: "never reached the check page" };
      },
      deadline,
    );
    if (!sent) return;
    flow.application = { id: sent.id, reference: sent.reference, updates: [] };
    flow.seen.push(`application page at once: ${sent.status}`);
    if (!/Received by Dirisha|Sent to the institution|Received by the institution/.test(sent.status))
      flow.falseStates.push(`the application page said "${sent.status}" at once`);
  }

  /** The citizen pays the control number GePG gave the bill (at the sandbox's GePG, from M-Pesa). */
  async function pay(flow, deadline, billId) {
    const bill = await waitUntil(async () => {
      const { body } = await json("/gepg/bills.json");
      const group = body?.bills?.find((g) => g.bills.some((b) => b.BillId === billId));
      return group?.CustCntrNum ? group : undefined;
    }, deadline);
    if (!bill) {
      flow.unfinished.push("payment (GePG never gave the bill a control number)");
      return;
    }
    const paid = await keepTrying(
      flow,
      "payment",
      async () => {
        const answer = await json("/gepg/pay.json", {
          method: "POST",
          body: JSON.stringify({ controlNumber: bill.CustCntrNum, channel: "mpesa" }),
        });
        if (answer.status !== 200) return { ok: false, why: `GePG ${answer.status} ${answer.body?.error ?? ""}` };
        return { ok: true, value: answer.body.payments };
      },
      deadline,
    );
    if (paid) flow.payments.push(...paid.map((p) => ({ trxId: p.TrxId, controlNumber: bill.CustCntrNum, billId })));
  }

  /** The institution answers the feedback at e-Mrejesho once it has it. */
  async function answerFeedback(flow, deadline) {
    const reference = flow.feedback.reference;
    const there = await waitUntil(async () => {
      const { body } = await json("/emrejesho.json");
      return body?.submissions?.some((s) => s.portalReference === reference);
    }, deadline);
    if (!there) return;
    const reply = `Answer to ${flow.subject}: your certificate is ready at the RITA office.`;
    const answered = await json("/emrejesho/answer.json", {
      method: "POST",
      body: JSON.stringify({ portalReference: reference, reply, by: "RITA" }),
    });
    if (answered.status === 200) flow.feedback.reply = reply;
    else flow.unfinished.push(`answering the feedback at e-Mrejesho (${answered.status})`);
  }

  /**
   * The institution moves the application once it has it: received, in review, approved; with
   * `fault` ("repeat-last" or "older") it also sends the last update again after each, or an older
   * one after the last, as a bus delivering twice or late would.
   */
  async function moveApplication(flow, deadline, fault) {
    const reference = flow.application.reference;
    const there = await waitUntil(async () => {
      const { body } = await json("/institutions.json?institution=tpf");
      return body?.applications?.some((a) => a.portalReference === reference);
    }, deadline);
    if (!there) return;
    const send = async (fields) => {
      const answer = await json("/institutions/update", { method: "POST", body: JSON.stringify({ reference, ...fields }) });
      if (answer.status !== 200) flow.unfinished.push(`institution update ${JSON.stringify(fields)} (${answer.status})`);
      else flow.application.updates.push({ ...fields, updateId: answer.body.updateId, status: answer.body.status });
    };
    for (const status of ["RECEIVED", "IN_REVIEW", "APPROVED"]) {
      await send({ status, note: status === "APPROVED" ? "Ripoti yako iko tayari." : undefined });
      if (fault === "repeat-last") await send({ fault: "repeat-last" });
      await sleep(300);
    }
    if (fault === "older") await send({ fault: "older" });
  }

  return { signIn, askBill, sendFeedback, apply, pay, answerFeedback, moveApplication, waitUntil, inbox, json, say };
}
