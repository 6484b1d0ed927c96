#!/usr/bin/env node
// `npm run test:faults`: faults, counted (issue 21). Two portals and two job workers on a
// PostgreSQL server of their own, behind a balancer, with the sandbox playing GePG, GovESB,
// NIDA, e-Mrejesho, the institutions and mGov (scripts/cluster.mjs). For one fault at a time,
// citizens do what citizens do, over HTTP as a browser without JavaScript would: sign in with
// NIDA and an SMS code; ask for a control number and pay it at GePG (whose callbacks bring the
// number and the payment back); send feedback, which e-Mrejesho acknowledges and answers; apply
// for a police loss report, which the institution receives and moves to approved; and every SMS
// on the way. The faults: the sandbox's GePG, GovESB, NIDA and mGov down, slow (5 s), answering
// garbage (a 200 that is not their protocol) and signing badly; duplicate and out-of-order
// callbacks (GePG's, and the bus's updates of e-Mrejesho and the institutions); the workers
// killed (SIGKILL) while the other side has taken a delivery but before they heard; and
// PostgreSQL stopped at once (as a crash) and started again.
//
// After each fault clears, it waits for the queue and the sandbox to settle (with a deadline),
// then counts, for bills, payments, feedback, applications and SMS, how many the portal
// acknowledged (attempted), how many reached the other side and came back whole (delivered), how
// many did not (lost) and how many arrived twice, comparing the portal's database with what the
// sandbox received and sent (and what the citizen's page shows). "resent" counts, apart, what a
// worker killed before it heard back handed over again: e-Mrejesho and the institutions know the
// repeat by its reference and keep one; mGov's API has no such reference, so the citizen gets
// that SMS twice (a limit of the protocol, not counted as "twice"). It prints the table, writes it
// to test-results/faults.json (and JUnit to --junit <file>), and exits 1 on anything lost or
// doubled, a flow that could not finish once the fault was gone, or a citizen shown a false state.
//
//   npm run test:faults                       # every fault, 3 flows each (about 30 minutes)
//   node scripts/faults.mjs --small           # the CI subset, 1 flow each (about 2 minutes)
//   FAULTS_ONLY=gepg-down,worker-killed npm run test:faults
//
// Settings: FAULTS_FLOWS (flows per fault), FAULTS_WINDOW_SECONDS (how long each fault lasts),
// FAULTS_SETTLE_SECONDS (the deadline to settle after it clears; the worker kill gets longer, as
// the jobs of a killed worker wait out their expiry), FAULTS_ONLY (names), FAULTS_KEEP_LOGS=1.
// Runs on a production build (DIRISHA_DIST_DIR, else .next-test, else .next; it never builds).
// The database server is made with initdb (scripts/lib/private-postgres.mjs); where PostgreSQL's
// server programs are missing it uses CLUSTER_POSTGRES_URL / TEST_DATABASE_URL's server and
// skips the restart, saying so.
import { ensureNode } from "./lib.mjs";

await ensureNode();

const { default: fs } = await import("node:fs");
const { default: path } = await import("node:path");
const { setTimeout: sleep } = await import("node:timers/promises");
const { CITIZENS } = await import("../sandbox/citizens.mjs");
const { freePort, root, startCluster, stopAllClusters } = await import("./cluster.mjs");
const { startPrivatePostgres, whyNoPrivatePostgres } = await import("./lib/private-postgres.mjs");
const { deliveries } = await import("./lib/tap.mjs");
const { createFlowSteps } = await import("./lib/fault-flows.mjs");
const { textOf } = await import("./lib/web-client.mjs");

const args = process.argv.slice(2);
const SMALL = args.includes("--small") || process.env.FAULTS_SMALL === "1";
const junitFile = args.includes("--junit") ? path.resolve(args[args.indexOf("--junit") + 1]) : null;
const FLOWS = Math.max(1, Number(process.env.FAULTS_FLOWS ?? (SMALL ? 1 : 3)));
const WINDOW_MS = Number(process.env.FAULTS_WINDOW_SECONDS ?? (SMALL ? 8 : 20)) * 1000;
const SETTLE_MS = Number(process.env.FAULTS_SETTLE_SECONDS ?? 150) * 1000;
const SLOW_MS = 5000;
const started = Date.now();
const say = (line) => console.log(`[faults ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

// The delivery queues (lib/jobs/queue.ts) whose jobs must all be done for the queue to have settled.
const DELIVERY_QUEUES = ["gepg-bill-submit", "sms-send", "emrejesho-push", "application-push", "application-reply", "bill-paid"];
// Hand-offs whose answers the tap holds back while the workers are killed or PostgreSQL stops.
const HAND_OFF = /\/(push-request|quick_sms|bill\/20\/submission)$/;
// The fees billed through the portal on a trial machine (NIDA, NECTA, LATRA), read from their pages.
const FEE_SERVICES = [
  "necta-replacement-certificate",
  "necta-private-candidate-registration",
  "replacing-a-lost-or-damaged-national-id",
  "taxi-and-ride-hailing-licence-latra",
];

// ----- the faults ---------------------------------------------------------------------------------

let cluster;
let privatePostgres;
let steps;

async function control(system, body) {
  const response = await fetch(`${cluster.sandboxUrl}/${system}/_control`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${system}/_control ${JSON.stringify(body)}: ${response.status} ${await response.text()}`);
}

/** A sandbox test mode held for the fault's window. */
const mode = (name, system, value, what, extra = {}) => ({
  name,
  system,
  what,
  ...extra,
  start: () => control(system, { mode: value, ...(value === "slow" ? { slowMs: SLOW_MS } : {}) }),
  stop: () => control(system, { mode: "normal" }),
});

/** SIGKILL both workers once the other side has taken deliveries they have not heard back about. */
async function killWorkersMidDelivery(fault) {
  cluster.tap.hold((request) => request.method === "POST" && HAND_OFF.test(request.path));
  const since = Date.now();
  while (cluster.tap.held() < 3 && Date.now() - since < Math.min(WINDOW_MS, 12_000)) await sleep(100);
  const held = cluster.tap.held();
  await Promise.all(cluster.workers.map((_, i) => cluster.stopWorker(i, "SIGKILL")));
  fault.notes.push(`both workers killed (SIGKILL) with ${held} deliveries taken by the sandbox and not yet answered`);
  cluster.tap.release();
  await sleep(1000);
  await Promise.all(cluster.workers.map((_, i) => cluster.startWorker(i)));
  say(`workers killed with ${held} deliveries in flight, and started again`);
}

const FAULTS = [
  { name: "none", system: "-", what: "no fault: the control" },
  mode("gepg-down", "gepg", "down", "GePG answers 503"),
  mode("gepg-slow", "gepg", "slow", `GePG answers after ${SLOW_MS / 1000} s`),
  mode("gepg-garbage", "gepg", "garbage", "GePG answers 200 with an HTML page"),
  mode("gepg-bad-signature", "gepg", "bad-signature", "GePG signs its answers and callbacks with the wrong key"),
  mode("gepg-duplicate-callbacks", "gepg", "duplicate-callback", "every GePG callback twice at once"),
  mode("gepg-out-of-order", "gepg", "out-of-order", "GePG's callbacks held, then sent newest first (payment before control number)"),
  mode("govesb-down", "govesb", "down", "GovESB answers 503"),
  mode("govesb-slow", "govesb", "slow", `GovESB answers after ${SLOW_MS / 1000} s`),
  mode("govesb-garbage", "govesb", "garbage", "GovESB answers 200 with an HTML page"),
  mode("govesb-bad-signature", "govesb", "bad-signature", "GovESB signs answers and updates with the wrong key"),
  mode(
    "govesb-duplicate-callbacks",
    "govesb",
    "duplicate-callback",
    "every update the bus pushes twice at once, and each status sent again",
    {
      institutionFault: "repeat-last",
    },
  ),
  mode(
    "govesb-out-of-order",
    "govesb",
    "out-of-order",
    "the bus's updates held, then sent newest first, and an older status after the last",
    {
      institutionFault: "older",
    },
  ),
  mode("nida-down", "nida", "down", "NIDA unreachable behind the bus (503)"),
  mode("nida-slow", "nida", "slow", `NIDA answers after ${SLOW_MS / 1000} s`),
  mode("nida-garbage", "nida", "garbage", "NIDA's gateway answers an error page inside a signed success"),
  mode("nida-bad-signature", "nida", "bad-signature", "the bus's answers to NIDA requests signed with the wrong key"),
  mode("mgov-down", "mgov", "down", "mGov answers 503"),
  mode("mgov-slow", "mgov", "slow", `mGov answers after ${SLOW_MS / 1000} s`),
  mode("mgov-garbage", "mgov", "garbage", "mGov answers 200 with an HTML page"),
  {
    name: "worker-killed",
    system: "worker",
    what: "both workers killed (SIGKILL) mid-delivery, then started again",
    event: killWorkersMidDelivery,
    killsWorkers: true,
  },
  {
    name: "postgres-restarted",
    system: "postgres",
    what: "PostgreSQL stopped at once (as a crash) with deliveries in flight, down 5 s, started again",
    needsPrivatePostgres: true,
    async event(fault) {
      // Deliveries the other side has taken, whose answers reach the workers only once the
      // database has gone: what they delivered must be recorded once it is back, never sent again.
      cluster.tap.hold((request) => request.method === "POST" && HAND_OFF.test(request.path));
      const since = Date.now();
      while (cluster.tap.held() < 2 && Date.now() - since < 8000) await sleep(100);
      const held = cluster.tap.held();
      const at = Date.now();
      await privatePostgres.restart({ mode: "immediate", downMs: 5000, whileDown: async () => cluster.tap.release() });
      fault.notes.push(`PostgreSQL down for ${((Date.now() - at) / 1000).toFixed(1)} s; ${held} deliveries answered while it was`);
      say(`PostgreSQL restarted, ${held} deliveries answered while it was down`);
    },
  },
];
// The CI run: one fault of each kind of trouble, within about two minutes.
const SMALL_SET = ["gepg-down", "govesb-out-of-order", "mgov-garbage", "postgres-restarted"];

// ----- the flows ----------------------------------------------------------------------------------

let flowCounter = 0;
let addressCounter = 0;
let phoneCounter = 0;
const newPhone = () => `2557106${String(++phoneCounter).padStart(5, "0")}`;
let fees = [];

function newFlow(fault) {
  const k = flowCounter++;
  // Every citizen but the demo one, then again with another fee: one bill per citizen and fee.
  const citizen = CITIZENS[1 + (k % (CITIZENS.length - 1))];
  const fee = fees[Math.floor(k / (CITIZENS.length - 1)) % fees.length];
  return {
    k,
    fault: fault.name,
    citizen,
    fee,
    billPhone: newPhone(),
    feedbackPhone: newPhone(),
    subject: `Fault ${fault.name} flow ${k}`,
    nextAddress() {
      const n = ++addressCounter;
      return `127.1.${Math.floor(n / 200)}.${(n % 200) + 20}`;
    },
    codesAsked: 0,
    refusals: [],
    unfinished: [],
    falseStates: [],
    seen: [],
    payments: [],
  };
}

/** One flow under the fault: the citizen (signed in before it began) asks, sends and applies; a second sign-in meanwhile. */
async function runFlow(flow, fault, deadline) {
  const signIn = steps.signIn(flow, deadline);
  await steps.askBill(flow, deadline);
  await steps.sendFeedback(flow, deadline);
  await steps.apply(flow, deadline);
  await Promise.all([
    signIn,
    flow.bill ? billFollowUp(flow, deadline) : undefined,
    flow.feedback ? steps.answerFeedback(flow, deadline) : undefined,
    flow.application ? steps.moveApplication(flow, deadline, fault.institutionFault) : undefined,
  ]);
}

async function billFollowUp(flow, deadline) {
  const [row] = await retryQuery("select bill_id from bills where id = $1", [flow.bill.id], deadline);
  if (!row) {
    flow.unfinished.push("payment (the bill is not in the database)");
    return;
  }
  flow.bill.billId = row.bill_id;
  await steps.pay(flow, deadline, row.bill_id);
}

/** A query, tried again while the database is away (restarting): its rows, or [] at the deadline. */
async function retryQuery(text, params, deadline = Date.now() + 60_000) {
  for (;;) {
    try {
      return (await cluster.query(text, params)).rows;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(1000);
    }
  }
}

// ----- settling and counting ----------------------------------------------------------------------

/** What is still on its way: jobs not done, callbacks and updates the sandbox has not delivered. */
async function inFlight() {
  const jobs = await retryQuery(
    "select name, state, count(*)::int as n from pgboss.job where state in ('created', 'retry', 'active') and name = any($1) group by 1, 2",
    [DELIVERY_QUEUES],
  );
  const gepg = (await steps.json("/gepg/bills.json")).body?.deliveries ?? [];
  const emrejesho = (await steps.json("/emrejesho.json")).body?.submissions ?? [];
  const institutions = (await steps.json("/institutions.json")).body?.applications ?? [];
  const waiting = (state) => state === "pending" || state === "held";
  const sandbox = [
    ...gepg.filter((d) => waiting(d.state)).map((d) => `GePG ${d.kind}`),
    ...emrejesho.flatMap((s) => s.updates.filter((u) => waiting(u.delivery.state)).map((u) => `e-Mrejesho ${u.status}`)),
    ...institutions.flatMap((a) => a.updates.filter((u) => waiting(u.delivery.state)).map((u) => `institution ${u.status}`)),
  ];
  return [...jobs.map((j) => `${j.n} ${j.name} ${j.state}`), ...sandbox];
}

const PATTERNS = {
  code: () => /sign-in code is \d{6}/,
  billIssued: (cn) => new RegExp(`Control number ${cn} `),
  receipt: (receipt) => new RegExp(`Receipt ${receipt}\\.`),
  feedbackReceived: (ref) => new RegExp(`Tracking reference ${ref}\\.`),
  feedbackAnswered: (ref) => new RegExp(`has answered your feedback ${ref}\\.`),
  applicationSubmitted: (ref) => new RegExp(`Application ${ref} for .* received\\.`),
  received: (ref) => new RegExp(`has received your application ${ref} `),
  in_review: (ref) => new RegExp(`application ${ref} for .* is being reviewed`),
  approved: (ref) => new RegExp(`application ${ref} for .* was approved`),
};

function emptyCounts() {
  const one = () => ({ attempted: 0, delivered: 0, lost: 0, twice: 0, resent: 0, problems: [] });
  return { bills: one(), payments: one(), feedback: one(), applications: one(), sms: one() };
}

/** What a page of the citizen's shows at `selector` (a data-testid). */
async function shownOn(visitor, url, testId) {
  const page = await visitor.get(url).catch(() => null);
  if (!page || page.status !== 200) return null;
  return textOf(new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</`).exec(page.text)?.[1] ?? "");
}

/** Whether one of the citizen's pages (the first that answers 200 with it) shows `text`. */
async function showsText(visitor, urls, text) {
  for (const url of urls) {
    const page = await visitor.get(url).catch(() => null);
    if (page?.status === 200 && textOf(page.text).includes(text)) return true;
  }
  return false;
}

/** The counts of one fault's flows, once settled: the portal's database against the sandbox's records. */
async function count(flows, since, fault) {
  const counts = emptyCounts();
  const q = (text, params) => retryQuery(text, params);
  const gepg = (await steps.json("/gepg/bills.json")).body;
  const emrejesho = (await steps.json("/emrejesho.json")).body.submissions;
  const institutions = (await steps.json("/institutions.json")).body.applications;
  const inbox = (await steps.inbox()).filter((m) => Date.parse(m.received) >= since);
  const tapped = deliveries(cluster.tap.records.filter((r) => r.at >= since));
  // SMS that mGov took while their worker was killed before it heard back (the tap held the answer).
  const heldSms = cluster.tap.records
    .filter((r) => fault.killsWorkers && r.at >= since && r.held && r.status === 200 && r.path.endsWith("/quick_sms"))
    .map((r) => JSON.parse(new URLSearchParams(r.body.toString("utf8")).get("data") ?? "{}"));

  const sms = counts.sms;
  /** `expected` messages to `to` matching `pattern`: delivered, lost and twice from the phone inbox. */
  const expectSms = (to, pattern, expected, what) => {
    const found = inbox.filter((m) => m.recipient === to && pattern.test(m.message)).length;
    sms.attempted += expected;
    sms.delivered += Math.min(found, expected);
    if (found < expected) {
      sms.lost += expected - found;
      sms.problems.push(`${what}: ${found} of ${expected} arrived`);
    }
    if (found > expected) {
      // A copy mGov took from a worker killed before it heard back is sent again by the next try:
      // mGov's API carries no reference by which it could know the repeat. Counted apart, as
      // "resent"; any other extra copy is sent twice.
      const killed = heldSms.filter((m) => m.recipients === to && pattern.test(m.message)).length;
      const resent = Math.min(found - expected, killed);
      sms.resent += resent;
      sms.twice += found - expected - resent;
      sms.problems.push(
        `${what}: ${found} arrived, ${expected} sent${resent ? ` (${resent} sent again after its worker was killed once mGov had it)` : ""}`,
      );
    }
  };

  for (const flow of flows) {
    const who = `flow ${flow.k}`;
    expectSms(flow.citizen.phone, PATTERNS.code(), flow.codesAsked, `${who} sign-in codes`);

    // Bills: GePG has it once, and the portal has GePG's control number (and shows it).
    if (flow.bill) {
      const b = counts.bills;
      b.attempted++;
      const [bill] = await q("select * from bills where id = $1", [flow.bill.id]);
      const group = bill && gepg.bills.find((g) => g.bills.some((x) => x.BillId === bill.bill_id));
      const siblings = bill
        ? await q(
            "select count(*)::int as n from bills where citizen_id = $1 and service_id = $2 and fee_position = $3 and created_at >= $4",
            [bill.citizen_id, bill.service_id, bill.fee_position, new Date(since)],
          )
        : [{ n: 0 }];
      const accepted = bill ? (tapped.bills.get(bill.bill_id)?.accepted ?? 0) : 0;
      if (siblings[0].n > 1 || accepted > 1) {
        b.twice++;
        b.problems.push(`${who}: ${siblings[0].n} bills for one request, submitted ${accepted} times`);
      }
      const shown = bill?.control_number
        ? await showsText(flow.visitor, [`/en/payments/${bill.id}`, `/en/payments/${bill.id}/receipt`], bill.control_number)
        : null;
      if (!bill) b.problems.push(`${who}: acknowledged bill not in the database`);
      else if (!group) b.problems.push(`${who}: GePG never received ${bill.bill_id} (${bill.state}, ${bill.last_error ?? "no error"})`);
      else if (bill.control_number !== group.CustCntrNum)
        b.problems.push(`${who}: the portal has control number ${bill.control_number ?? "none"}, GePG gave ${group.CustCntrNum}`);
      else if (!shown) b.problems.push(`${who}: neither the bill's page nor its receipt shows the control number`);
      if (bill && group && bill.control_number === group.CustCntrNum && shown) b.delivered++;
      else b.lost++;
      // The control number's SMS goes when GePG's billSubRes brings it (issued_at); a payment that came
      // first (out of order) has the number on its receipt's SMS instead.
      if (bill?.issued_at && bill.payer_phone)
        expectSms(flow.billPhone, PATTERNS.billIssued(bill.control_number), 1, `${who} control number`);

      // Payments: each paid at GePG is recorded once against its bill, which says paid.
      const recorded = bill ? await q("select trx_id, receipt_number from payments where bill_id = $1", [bill.id]) : [];
      const p = counts.payments;
      for (const payment of flow.payments) {
        p.attempted++;
        const mine = recorded.filter((r) => r.trx_id === payment.trxId);
        const [unmatched] = await q("select mismatches from unmatched_payments where trx_id = $1", [payment.trxId]);
        const state = bill ? await shownOn(flow.visitor, `/en/payments/${bill.id}`, "bill-state") : null;
        if (mine.length === 1 && state === "Paid") p.delivered++;
        else {
          p.lost++;
          p.problems.push(
            `${who}: payment ${payment.trxId} ${mine.length ? `recorded, page says "${state}"` : unmatched ? `kept as unmatched (${unmatched.mismatches})` : "never recorded"}`,
          );
        }
      }
      if (recorded.length > flow.payments.length) {
        p.twice += recorded.length - flow.payments.length;
        p.problems.push(`${who}: ${recorded.length} payments recorded for ${flow.payments.length} made`);
      }
      for (const r of recorded) expectSms(flow.billPhone, PATTERNS.receipt(r.receipt_number), 1, `${who} receipt`);
    }

    // Feedback: e-Mrejesho has it, the portal has e-Mrejesho's acknowledgement and answer.
    if (flow.feedback) {
      const f = counts.feedback;
      f.attempted++;
      const rows = await q("select reference, status, reply_text, sender_phone from feedback where subject = $1", [flow.subject]);
      const row = rows.find((r) => r.reference === flow.feedback.reference);
      const there = emrejesho.filter((s) => s.subject === flow.subject);
      if (rows.length > 1 || there.length > 1) {
        f.twice++;
        f.problems.push(`${who}: ${rows.length} in the portal, ${there.length} at e-Mrejesho for one submission`);
      }
      // Pushed again (a worker that never heard back): e-Mrejesho knows the reference and keeps one.
      const pushed = tapped.feedback.get(flow.feedback.reference)?.accepted ?? 0;
      if (pushed > 1) {
        f.resent += pushed - 1;
        f.problems.push(`${who}: note: pushed ${pushed} times, e-Mrejesho kept one (by its PortalReference)`);
      }
      const wanted = flow.feedback.reply ? "answered" : "acknowledged";
      const page = await flow.visitor.get(`/en/feedback/status?reference=${flow.feedback.reference}`).catch(() => null);
      const pageText = page?.status === 200 ? textOf(page.text) : "";
      const pageOk = flow.feedback.reply ? pageText.includes(flow.feedback.reply) : pageText.includes("Received by the institution");
      if (row && there.length === 1 && row.status === wanted && (!flow.feedback.reply || row.reply_text === flow.feedback.reply) && pageOk)
        f.delivered++;
      else {
        f.lost++;
        f.problems.push(
          `${who}: ${row ? `portal says ${row.status}` : "not in the portal"}, e-Mrejesho ${there.length ? `has it (${there[0].status})` : "never got it"}, wanted ${wanted}${pageOk ? "" : "; the status page does not show it"}`,
        );
      }
      if (row?.sender_phone) expectSms(flow.feedbackPhone, PATTERNS.feedbackReceived(row.reference), 1, `${who} feedback reference`);
      if (row?.reply_text && row.sender_phone)
        expectSms(flow.feedbackPhone, PATTERNS.feedbackAnswered(row.reference), 1, `${who} feedback answer`);
    }

    // Applications: the institution has it, and the portal applied each of its updates once.
    if (flow.application) {
      const a = counts.applications;
      a.attempted++;
      const { reference } = flow.application;
      const [app] = await q("select id, status, citizen_id from applications where reference = $1", [reference]);
      const there = institutions.filter((x) => x.portalReference === reference);
      const others = app
        ? await q("select count(*)::int as n from applications where citizen_id = $1 and status <> 'draft' and created_at >= $2", [
            app.citizen_id,
            new Date(since),
          ])
        : [{ n: 0 }];
      const events = app
        ? await q("select update_id, status, moved from application_events where application_id = $1 and kind = 'update'", [app.id])
        : [];
      const sent = [...new Set((flow.application.updates ?? []).map((u) => u.updateId))];
      const missing = sent.filter((id) => !events.some((e) => e.update_id === id));
      const pushed = tapped.applications.get(reference)?.accepted ?? 0;
      if (pushed > 1) {
        a.resent += pushed - 1;
        a.problems.push(`${who}: note: pushed ${pushed} times, the institution kept one (by its PortalReference)`);
      }
      if (others[0].n > 1) {
        a.twice++;
        a.problems.push(`${who}: ${others[0].n} applications sent for one`);
      }
      const last =
        (flow.application.updates ?? [])
          .filter((u) => !u.fault)
          .at(-1)
          ?.status?.toLowerCase() ?? "sent";
      const status = await shownOn(flow.visitor, `/en/applications/${app?.id}`, "application-status");
      const label = {
        sent: "Sent to the institution",
        received: "Received by the institution",
        in_review: "Being reviewed by the institution",
        approved: "Approved",
      }[last];
      if (app && there.length === 1 && missing.length === 0 && app.status === last && status === label) a.delivered++;
      else {
        a.lost++;
        a.problems.push(
          `${who}: ${app ? `portal says ${app.status}` : "not in the portal"}, institution ${there.length ? "has it" : "never got it"}, ${missing.length} of ${sent.length} updates not applied, wanted ${last}, the page shows "${status}"`,
        );
      }
      if (app) {
        expectSms(flow.citizen.phone, PATTERNS.applicationSubmitted(reference), 1, `${who} application reference`);
        for (const event of events.filter((e) => e.moved && PATTERNS[e.status]))
          expectSms(flow.citizen.phone, PATTERNS[event.status](reference), 1, `${who} application ${event.status}`);
      }
    }
  }
  return counts;
}

// ----- one fault ----------------------------------------------------------------------------------

async function runFault(fault) {
  const result = { name: fault.name, system: fault.system, what: fault.what, notes: [], flows: [], ok: true };
  say(`=== ${fault.name}: ${fault.what}`);
  const since = Date.now() - 1000;
  const flows = Array.from({ length: FLOWS }, () => newFlow(fault));
  // Signed in before the fault: what they do next meets it.
  await Promise.all(
    flows.map(async (flow) => {
      flow.visitor = await steps.signIn(flow, Date.now() + 90_000);
    }),
  );
  const ready = flows.filter((flow) => flow.visitor);
  if (ready.length < flows.length) {
    result.notes.push(`${flows.length - ready.length} citizens could not sign in before the fault`);
    result.ok = false;
  }

  // A killed worker's jobs wait out their expiry (up to 5 minutes, lib/jobs/queue.ts) before they are tried again.
  const settleMs = fault.name === "worker-killed" ? Math.max(SETTLE_MS, 420_000) : SETTLE_MS;
  const faultStart = Date.now();
  const deadline = faultStart + WINDOW_MS + settleMs;
  let running = [];
  try {
    await fault.start?.();
    running = ready.map((flow) => runFlow(flow, fault, deadline));
    await fault.event?.(result);
    const left = WINDOW_MS - (Date.now() - faultStart);
    if (left > 0) await sleep(left);
  } finally {
    // Whatever happened, the next fault starts from a sandbox and a tap that are themselves again.
    await fault.stop?.();
    cluster.tap.release();
  }
  const cleared = Date.now();
  say(`${fault.name}: cleared after ${((cleared - faultStart) / 1000).toFixed(1)} s; settling`);

  // Settled: every flow done, nothing on its way in the queue or the sandbox.
  const settleBy = cleared + settleMs;
  await Promise.race([Promise.all(running), sleep(Math.max(0, settleBy - Date.now()))]);
  let still = [];
  for (;;) {
    still = await inFlight().catch((error) => [`(could not ask: ${error.message})`]);
    if (still.length === 0 || Date.now() > settleBy) break;
    await sleep(1000);
  }
  result.settledAfterSeconds = Math.round((Date.now() - cleared) / 1000);
  if (still.length) {
    result.notes.push(`not settled within the deadline: ${still.join(", ")}`);
    result.ok = false;
  }
  const dead = await retryQuery(
    "select name, count(*)::int as n from pgboss.job where name like '%-dead' and created_on >= $1 group by 1",
    [new Date(since)],
  );
  for (const d of dead) result.notes.push(`${d.n} job(s) gave up into ${d.name}`);
  if (dead.length) result.ok = false;

  result.counts = await count(ready, since, fault);
  for (const flow of flows) {
    result.flows.push({
      flow: flow.k,
      refusals: flow.refusals,
      unfinished: flow.unfinished,
      falseStates: flow.falseStates,
      seen: flow.seen,
    });
    if (flow.unfinished.length || flow.falseStates.length) result.ok = false;
  }
  for (const kind of Object.values(result.counts)) if (kind.lost || kind.twice) result.ok = false;
  if (cluster.unexpectedExits.length) {
    result.notes.push(`processes died by themselves: ${cluster.unexpectedExits.map((e) => e.name).join(", ")}`);
    cluster.unexpectedExits.length = 0;
    result.ok = false;
  }
  result.seconds = Math.round((Date.now() - faultStart) / 1000);
  const line = Object.entries(result.counts)
    .map(
      ([kind, c]) =>
        `${kind} ${c.delivered}/${c.attempted}${c.lost ? ` lost ${c.lost}` : ""}${c.twice ? ` twice ${c.twice}` : ""}${c.resent ? ` resent ${c.resent}` : ""}`,
    )
    .join(", ");
  say(`${fault.name}: ${result.ok ? "ok" : "FAILED"} in ${result.seconds} s (settled ${result.settledAfterSeconds} s after): ${line}`);
  for (const note of result.notes) say(`  note: ${note}`);
  const told = [...new Set(flows.flatMap((f) => f.refusals.map((r) => r.replace(/\s+/g, " ").slice(0, 120))))];
  if (told.length)
    say(`  while it lasted, citizens met: ${told.slice(0, 4).join(" | ")}${told.length > 4 ? ` (and ${told.length - 4} more)` : ""}`);
  for (const [kind, c] of Object.entries(result.counts)) for (const p of c.problems) say(`  ${kind}: ${p}`);
  for (const f of result.flows) for (const u of [...f.unfinished, ...f.falseStates]) say(`  flow ${f.flow}: ${u}`);
  return result;
}

// ----- the report ---------------------------------------------------------------------------------

const KINDS = ["bills", "payments", "feedback", "applications", "sms"];

function table(results) {
  const rows = [["fault", "kind", "attempted", "delivered", "lost", "twice", "resent"]];
  for (const r of results)
    for (const kind of KINDS) {
      const c = r.counts[kind];
      rows.push([r.name, kind, c.attempted, c.delivered, c.lost, c.twice, c.resent].map(String));
    }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ")).join("\n");
}

const xml = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function junit(results, seconds) {
  const failures = results.filter((r) => !r.ok).length;
  const cases = results.map((r) => {
    const body = r.ok
      ? ""
      : `<failure message="${xml(`${r.name}: lost, doubled or unfinished`)}">${xml(
          [
            ...r.notes,
            ...KINDS.flatMap((k) => r.counts?.[k]?.problems ?? []),
            ...r.flows.flatMap((f) => [...f.unfinished, ...f.falseStates]),
          ].join("\n"),
        )}</failure>`;
    return `    <testcase classname="faults" name="${xml(`${r.name}: ${r.what}`)}" time="${r.seconds ?? 0}">${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="faults" tests="${results.length}" failures="${failures}" time="${seconds}">\n${cases.join("\n")}\n  </testsuite>\n</testsuites>\n`;
}

// ----- main ---------------------------------------------------------------------------------------

let stopping = false;
async function stopEverything() {
  if (stopping) return;
  stopping = true;
  await stopAllClusters().catch(() => {});
  await privatePostgres?.stop().catch(() => {});
}
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => stopEverything().finally(() => process.exit(130)));

const results = [];
let exitCode = 1;
try {
  const noPrivate = whyNoPrivatePostgres();
  if (!noPrivate) privatePostgres = await startPrivatePostgres({ port: await freePort(), log: say });
  else say(`no PostgreSQL server of our own (${noPrivate}): the shared one is used, and the restart is skipped`);
  const wanted = process.env.FAULTS_ONLY?.split(",").map((n) => n.trim()) ?? (SMALL ? SMALL_SET : FAULTS.map((f) => f.name));
  const unknown = wanted.filter((name) => !FAULTS.some((f) => f.name === name));
  if (unknown.length) throw new Error(`unknown faults: ${unknown.join(", ")} (known: ${FAULTS.map((f) => f.name).join(", ")})`);
  const chosen = FAULTS.filter((f) => wanted.includes(f.name)).filter((f) => {
    if (f.needsPrivatePostgres && !privatePostgres) {
      say(`${f.name}: skipped, no PostgreSQL server of our own to restart`);
      return false;
    }
    return true;
  });

  cluster = await startCluster({
    ...(privatePostgres ? { postgresUrl: privatePostgres.url } : {}),
    log: say,
    keepLogs: process.env.FAULTS_KEEP_LOGS === "1",
  });
  say(`up: balancer ${cluster.url}, sandbox ${cluster.sandboxUrl}, build ${cluster.distDir}`);
  steps = createFlowSteps({ cluster, say });

  // The payable fees, as a signed-in citizen's service pages offer them.
  const reader = newFlow({ name: "setup" });
  reader.visitor = await steps.signIn(reader, Date.now() + 120_000);
  if (!reader.visitor) throw new Error(`the demo citizen could not sign in: ${reader.refusals.join("; ")}`);
  for (const slug of FEE_SERVICES) {
    const page = await reader.visitor.page(`/en/services/${slug}`);
    for (const [, position] of page.text.matchAll(/name="fee" value="(\d+)"/g)) fees.push({ slug, position });
  }
  if (fees.length === 0) throw new Error("no fee is billed through the portal");
  say(`${fees.length} payable fees; ${chosen.length} faults, ${FLOWS} flow(s) each, ${WINDOW_MS / 1000} s each`);

  for (const fault of chosen) results.push(await runFault(fault));
  exitCode = results.every((r) => r.ok) ? 0 : 1;
} catch (error) {
  console.error(`faults: ${error.stack ?? error.message}`);
  results.push({ name: "setup", system: "-", what: "the cluster and its flows", notes: [error.message], flows: [], ok: false });
} finally {
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`\n${table(results.filter((r) => r.counts))}\n`);
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  console.log(`${results.length} faults in ${seconds} s: ${failed.length ? `FAILED ${failed.join(", ")}` : "nothing lost, nothing twice"}`);
  const reports = path.join(root, "test-results");
  fs.mkdirSync(reports, { recursive: true });
  fs.writeFileSync(
    path.join(reports, "faults.json"),
    `${JSON.stringify(
      {
        ok: exitCode === 0,
        small: SMALL,
        seconds,
        settings: { flows: FLOWS, windowSeconds: WINDOW_MS / 1000, settleSeconds: SETTLE_MS / 1000, slowSeconds: SLOW_MS / 1000 },
        faults: results.map(({ flows, ...r }) => ({
          ...r,
          counts: r.counts
            ? Object.fromEntries(
                Object.entries(r.counts).map(([kind, { attempted, delivered, lost, twice, resent, problems }]) => [
                  kind,
                  { attempted, delivered, lost, twice, resent, problems },
                ]),
              )
            : undefined,
          flows,
        })),
      },
      null,
      2,
    )}\n`,
  );
  if (junitFile) fs.writeFileSync(junitFile, junit(results, seconds));
  await stopEverything();
  process.exit(exitCode);
}
