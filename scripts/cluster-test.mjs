#!/usr/bin/env node
// `npm run test:cluster`: the portal as several instances (issue 20). Two portals and two job
// workers on one PostgreSQL database, behind a round-robin load balancer without sticky sessions
// (scripts/cluster.mjs), the sandbox playing NIDA, GePG, mGov, e-Mrejesho and the aggregator.
// Through the balancer, requests alternating between the instances, it checks that:
// - a citizen signed in on one instance is signed in on both, and signed out on both;
// - five wrong sign-in codes, spread over both instances, pause the NIN on both;
// - a USSD session walked step by step across both instances completes, a step the network sends
//   twice at once (one copy to each instance) submits its feedback once, and a dropped call
//   resumes on the other instance;
// - a publication in the editorial area reaches both instances' pages within ten seconds;
// - GePG's callbacks and mGov's forwarded SMS, each arriving twice at once (one copy per
//   instance), are applied and answered once;
// - under load, with one portal killed (SIGKILL) and started again, every request the portal
//   acknowledged (a feedback reference, a bill) is in the database and was handed over exactly
//   once (e-Mrejesho, GePG, the SMS), however the two workers shared the jobs;
// - with one portal stopped (SIGTERM) under load, the request it was reading finishes, nobody
//   gets an error, and its readiness says 503 while it stops;
// - after a quiet spell, an instance's first visitor already sees a publication made meanwhile;
// - the same fee asked for several times at once, on both instances, makes one bill;
// - the first administrator's one-time link survives an instance starting with keys of its own;
// - an instance that loses its database says 503 on readiness and is ready again by itself;
// - nothing at all was handed over twice, no job gave up, no instance died unasked.
//
// A separate run, not part of the Playwright end-to-end tests: those share one portal and one
// sandbox on fixed ports, and this needs instances of its own to kill, and a PostgreSQL server.
// Runs on a production build (DIRISHA_DIST_DIR, else .next-test, else .next; it never builds) and
// makes and drops a database of its own on CLUSTER_POSTGRES_URL's server (else TEST_DATABASE_URL's,
// else postgres://postgres@127.0.0.1:5432/postgres). Scale: CLUSTER_SCALE (default 1; 3 or 10 for
// a heavier run), CLUSTER_CONCURRENCY (default 6). CLUSTER_KEEP_LOGS=1 keeps the instances' logs.
import { ensureNode } from "./lib.mjs";

await ensureNode();

const { default: assert } = await import("node:assert/strict");
const { spawn } = await import("node:child_process");
const { randomUUID } = await import("node:crypto");
const { default: fs } = await import("node:fs");
const { default: net } = await import("node:net");
const { default: os } = await import("node:os");
const { default: path } = await import("node:path");
const { after, before, describe, test } = await import("node:test");
const { CITIZENS } = await import("../sandbox/citizens.mjs");
const { root, startCluster, stopAllClusters } = await import("./cluster.mjs");
const { deliveries } = await import("./lib/tap.mjs");
const { Visitor, request, textOf } = await import("./lib/web-client.mjs");

const SCALE = Math.max(1, Number(process.env.CLUSTER_SCALE ?? 1));
const CONCURRENCY = Math.max(1, Number(process.env.CLUSTER_CONCURRENCY ?? 6));
const USSD_AUTH = `Basic ${Buffer.from("aggregator:sandbox-ussd-secret").toString("base64")}`;
const started = Date.now();
const say = (line) => console.log(`[cluster ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Interrupted (Ctrl-C, a CI time limit): the instances stop and the database goes all the same.
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => stopAllClusters().finally(() => process.exit(130)));

/** @type {Awaited<ReturnType<typeof startCluster>>} */
let cluster;
/** Folders a test made beside the cluster's, removed with it. */
const leftovers = [];
/** Every acknowledgement the portals gave under load: feedback references and bills. */
const acknowledged = { feedback: new Set(), bills: new Set() };

before(
  async () => {
    cluster = await startCluster({ log: say, keepLogs: process.env.CLUSTER_KEEP_LOGS === "1" });
    say(`up: balancer ${cluster.url}, ${cluster.portals.map((p) => `${p.name} ${p.url}`).join(", ")}, build ${cluster.distDir}`);
  },
  { timeout: 180_000 },
);

after(async () => {
  if (!cluster) return;
  say(`balancer: ${JSON.stringify(cluster.balancer.stats())}`);
  await cluster.stop();
  for (const dir of leftovers) fs.rmSync(dir, { recursive: true, force: true });
  say("stopped, database dropped");
});

// ----- helpers ---------------------------------------------------------------------------------

/** The sandbox's phone inbox, newest first. */
async function inbox() {
  return (await (await fetch(`${cluster.sandboxUrl}/mgov/inbox.json`)).json()).messages;
}

/** A new sign-in code sent to this phone after message `afterId`, waiting for the worker to send it. */
async function codeFor(phone, afterId) {
  for (let i = 0; i < 80; i++) {
    const found = (await inbox()).find((m) => m.recipient === phone && m.id > afterId && /sign-in code/.test(m.message));
    if (found) return /(\d{6})/.exec(found.message)[1];
    await sleep(250);
  }
  throw new Error(`no sign-in code reached ${phone}`);
}

/** Through the balancer: the NIN, then "send me a code"; resolves with the code page and the code sent. */
async function startSignIn(visitor, citizen) {
  const form = await visitor.page("/en/sign-in");
  assert.equal(form.status, 200);
  const nin = await visitor.submit(form, { field: "nin", values: { nin: citizen.nin } });
  assert.equal(nin.status, 303, `the NIN step answered ${nin.status}`);
  assert.match(nin.location, /\/en\/sign-in\/verify/);
  const verify = await visitor.page(nin.location);
  const afterId = (await inbox())[0]?.id ?? 0;
  const send = await visitor.submit(verify, { button: "Send me a code by SMS" });
  assert.equal(send.status, 303);
  assert.match(send.location, /\/en\/sign-in\/code/);
  return { page: await visitor.page(send.location), code: await codeFor(citizen.phone, afterId) };
}

async function signIn(visitor, citizen) {
  const { page, code } = await startSignIn(visitor, citizen);
  const done = await visitor.submit(page, { field: "code", values: { code } });
  assert.equal(done.status, 303, `the code step answered ${done.status}`);
  assert.match(done.location, /\/en\/account$/);
}

/** Whether `visitor` is signed in as `citizen`, asking the page at `base` (the balancer or one instance). */
async function signedInAt(visitor, citizen, base) {
  const page = await visitor.get("/en/account", { base });
  return {
    backend: page.backend ?? base,
    signedIn: page.status === 200 && textOf(page.text).includes(`Welcome, ${citizen.firstName}`),
    page,
  };
}

/** One USSD step as the aggregator sends it. */
async function ussd(sessionId, phoneNumber, answers, base = cluster.url) {
  const answer = await request(`${base}/api/ussd`, {
    method: "POST",
    headers: { authorization: USSD_AUTH, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ sessionId, serviceCode: "*152*00#", phoneNumber, text: answers.join("*") }).toString(),
  });
  return { ...answer, screen: answer.text };
}

/** A USSD feedback, step by step, to RITA: the answers after the first dial. */
const ussdFeedback = (message) => ["7", "5", "1", "RITA", "1", message, "1"];
const REFERENCE = /MRJ-[A-Z2-9]{4}-[A-Z2-9]{4}/;

/** Runs `tasks` (functions) with at most `concurrency` at once; `onDone(count)` after each. */
async function pool(tasks, concurrency, onDone = () => {}) {
  const results = new Array(tasks.length);
  let next = 0;
  let done = 0;
  async function lane() {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]().catch((error) => ({ ok: false, failure: `threw: ${error.message}` }));
      onDone(++done);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, lane));
  return results;
}

/** A request that may fail to connect: the answer, or { status: 0, error } (a refused or cut connection). */
async function attempt(run) {
  try {
    return await run();
  } catch (error) {
    return { status: 0, error: error.code ?? error.message };
  }
}

let phoneCounter = 0;
/** A phone number of its own for each caller: the per-phone limits are for people, not this load. */
const newPhone = () => `2557105${String(++phoneCounter).padStart(5, "0")}`;
let addressCounter = 0;
/** A loopback address of its own per web visitor, so that the per-address limits see many visitors (127.0.0.0/8 is all loopback). */
const newAddress = () => {
  const n = ++addressCounter;
  return `127.0.${10 + Math.floor(n / 200)}.${(n % 200) + 20}`;
};

/**
 * The kinds of work under load. Each resolves with { kind, ok, reference? or bill?, failure? }: ok
 * when every answer was a success, with what the portal acknowledged (a feedback's reference, a
 * bill's id). A failure is a refused or cut connection, a 5xx, or an unexpected answer.
 */
const work = {
  /** A USSD feedback, every step through the balancer (so across both instances). */
  ussdFeedback: (n) => async () => {
    const sessionId = randomUUID();
    const phone = newPhone();
    const answers = [];
    const all = ussdFeedback(`Cluster load ${n}: the office kept me waiting for three hours.`);
    for (let step = 0; step <= all.length; step++) {
      if (step > 0) answers.push(all[step - 1]);
      const answer = await attempt(() => ussd(sessionId, phone, answers));
      if (answer.status !== 200) return { kind: "ussd", ok: false, failure: `step ${step}: ${answer.status || answer.error}` };
      const last = step === all.length;
      if (!answer.screen.startsWith(last ? "END " : "CON "))
        return { kind: "ussd", ok: false, failure: `step ${step}: ${answer.screen.slice(0, 60)}` };
      if (last) {
        const reference = REFERENCE.exec(answer.screen)?.[0];
        return reference
          ? { kind: "ussd", ok: true, reference, phone }
          : { kind: "ussd", ok: false, failure: `no reference: ${answer.screen}` };
      }
    }
    throw new Error("unreachable");
  },
  /** The feedback form, from an address and a phone of its own. */
  webFeedback: (n) => async () => {
    const visitor = new Visitor(cluster.url, { localAddress: newAddress() });
    const phone = newPhone();
    const form = await attempt(() => visitor.page("/en/feedback"));
    if (form.status !== 200) return { kind: "web", ok: false, failure: `form: ${form.status || form.error}` };
    const sent = await attempt(() =>
      visitor.submit(form, {
        field: "subject",
        values: {
          kind: "complaint",
          institution: "RITA",
          subject: `Cluster load ${n}`,
          message: `Cluster load ${n}: the certificate took six weeks instead of two.`,
          phone: `0${phone.slice(3)}`,
        },
      }),
    );
    if (sent.status !== 303) return { kind: "web", ok: false, failure: `send: ${sent.status || sent.error}` };
    const reference = REFERENCE.exec(sent.location ?? "")?.[0];
    return reference ? { kind: "web", ok: true, reference, phone } : { kind: "web", ok: false, failure: `redirected to ${sent.location}` };
  },
  /** "Get a control number" for one fee, as a signed-in citizen, on a service page read before. */
  bill: (visitor, page, fee) => async () => {
    const sent = await attempt(() => visitor.submit(page, { field: "fee", values: { fee } }));
    if (sent.status !== 303) return { kind: "bill", ok: false, failure: `${sent.status || sent.error}` };
    const bill = /\/en\/payments\/([0-9a-f-]{36})/.exec(sent.location ?? "")?.[1];
    return bill ? { kind: "bill", ok: true, bill } : { kind: "bill", ok: false, failure: `redirected to ${sent.location}` };
  },
  /** An anonymous visitor reading a public page. */
  view: (path) => async () => {
    const page = await attempt(() => request(new URL(path, cluster.url), { headers: { accept: "text/html", "accept-language": "en" } }));
    return page.status === 200 ? { kind: "view", ok: true } : { kind: "view", ok: false, failure: `${path}: ${page.status || page.error}` };
  },
};

const PAGES = ["/en", "/sw", "/en/services", "/en/search?q=passport", "/en/institutions", "/en/services/necta-replacement-certificate"];

/** Interleaves lists (one of each in turn), so that every kind of work runs throughout. */
function interleave(...lists) {
  const mixed = [];
  for (let i = 0; i < Math.max(...lists.map((l) => l.length)); i++) for (const list of lists) if (i < list.length) mixed.push(list[i]);
  return mixed;
}

/** The payable fees of a service page, read by a signed-in visitor: the page (for its forms) and each fee's value. */
async function feesOn(visitor, slug) {
  const page = await visitor.page(`/en/services/${slug}`);
  assert.equal(page.status, 200);
  const fees = [...page.text.matchAll(/name="fee" value="(\d+)"/g)].map((m) => m[1]);
  return fees.map((fee) => ({ page, fee }));
}

function summarise(results) {
  const by = {};
  for (const r of results) {
    by[r.kind] ??= { ok: 0, failed: 0 };
    by[r.kind][r.ok ? "ok" : "failed"]++;
  }
  return Object.entries(by)
    .map(([kind, { ok, failed }]) => `${kind} ${ok} ok${failed ? `/${failed} failed` : ""}`)
    .join(", ");
}

function keep(results) {
  for (const r of results) {
    if (r.ok && r.reference) acknowledged.feedback.add(r.reference);
    if (r.ok && r.bill) acknowledged.bills.add(r.bill);
  }
}

/**
 * Waits until every acknowledged feedback and bill is in the database, handed over and answered
 * (e-Mrejesho's acknowledgement and GePG's control number came back through the balancer), then
 * checks that each was delivered exactly once, its SMS too.
 */
async function checkDelivered(references, billIds) {
  let state;
  for (let i = 0; i < 120; i++) {
    const feedback = (await cluster.query("select reference, status from feedback where reference = any($1)", [[...references]])).rows;
    const bills = (await cluster.query("select id, bill_id, state from bills where id = any($1)", [[...billIds]])).rows;
    state = { feedback, bills };
    const settled =
      feedback.length === references.size &&
      feedback.every((f) => f.status === "acknowledged") &&
      bills.length === billIds.size &&
      bills.every((b) => b.state === "issued");
    if (settled) break;
    await sleep(500);
  }
  const missing = [...references].filter((ref) => !state.feedback.some((f) => f.reference === ref));
  assert.deepEqual(missing, [], "acknowledged feedback missing from the database");
  assert.deepEqual(
    [...billIds].filter((id) => !state.bills.some((b) => b.id === id)),
    [],
    "acknowledged bills missing from the database",
  );
  const unanswered = state.feedback.filter((f) => f.status !== "acknowledged");
  assert.deepEqual(unanswered, [], "feedback not handed over and acknowledged by e-Mrejesho");
  assert.deepEqual(
    state.bills.filter((b) => b.state !== "issued"),
    [],
    "bills without their control number",
  );
  // The SMS are sent by the same workers a moment after; give them that moment.
  let delivered;
  for (let i = 0; i < 40; i++) {
    delivered = deliveries(cluster.tap.records);
    const smsFor = (ref) => [...delivered.sms].filter(([key]) => key.includes(ref)).reduce((sum, [, e]) => sum + e.accepted, 0);
    if ([...references].every((ref) => smsFor(ref) >= 1)) break;
    await sleep(250);
  }
  const wrong = [];
  for (const ref of references) {
    const pushed = delivered.feedback.get(ref)?.accepted ?? 0;
    const texted = [...delivered.sms].filter(([key]) => key.includes(ref)).reduce((sum, [, e]) => sum + e.accepted, 0);
    if (pushed !== 1) wrong.push(`${ref} pushed to e-Mrejesho ${pushed} times`);
    if (texted !== 1) wrong.push(`${ref} confirmed by SMS ${texted} times`);
  }
  for (const bill of state.bills) {
    const submitted = delivered.bills.get(bill.bill_id)?.accepted ?? 0;
    if (submitted !== 1) wrong.push(`bill ${bill.bill_id} submitted to GePG ${submitted} times`);
  }
  assert.deepEqual(wrong, [], "hand-offs not delivered exactly once");
}

/** Reads HTTP/1.1 answers from a raw socket until `count` are complete: [{ status, headers, body }]. */
function readAnswers(socket, count) {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const answers = [];
    const timer = setTimeout(() => reject(new Error(`only ${answers.length} of ${count} answers within 30 s`)), 30_000);
    const parse = () => {
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString("latin1").split("\r\n");
        const status = Number(head[0].split(" ")[1]);
        const headers = Object.fromEntries(
          head.slice(1).map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
        );
        let rest = buffer.subarray(end + 4);
        let body;
        if (headers["content-length"] !== undefined) {
          const length = Number(headers["content-length"]);
          if (rest.length < length) return;
          body = rest.subarray(0, length);
          rest = rest.subarray(length);
        } else if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
          const parts = [];
          let at = 0;
          for (;;) {
            const lineEnd = rest.indexOf("\r\n", at);
            if (lineEnd < 0) return;
            const size = parseInt(rest.subarray(at, lineEnd).toString("latin1"), 16);
            if (rest.length < lineEnd + 2 + size + 2) return;
            parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
            if (size === 0) break;
          }
          body = Buffer.concat(parts);
          rest = rest.subarray(at);
        } else body = Buffer.alloc(0);
        answers.push({ status, headers, body: body.toString("utf8") });
        buffer = rest;
        if (answers.length === count) {
          clearTimeout(timer);
          resolve(answers);
          return;
        }
      }
    };
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      parse();
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`connection closed after ${answers.length} of ${count} answers`)));
  });
}

/** Runs the editorial publication (scripts/lib/cluster-publish.ts) on the cluster's database. */
function publish(slug, summaryEn, summarySw) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "scripts/lib/cluster-publish.ts", slug, summaryEn, summarySw],
      { cwd: root, env: { ...cluster.env(), LOG_LEVEL: "error" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1))) : reject(new Error(`publish failed (${code}): ${err}`)),
    );
  });
}

/** Whether each instance (asked directly, as an anonymous visitor) shows `text` on the page. */
async function showsOnEach(pathname, text) {
  return Promise.all(
    cluster.portals.map(async (portal) => {
      const page = await request(`${portal.url}${pathname}`, { headers: { accept: "text/html", "accept-language": "en" } });
      return page.status === 200 && page.text.includes(text);
    }),
  );
}

// ----- the tests -------------------------------------------------------------------------------

describe("one portal across instances", () => {
  const citizen = CITIZENS[20];
  const visitor = () => new Visitor(cluster.url);

  test("a citizen signed in through one instance is signed in on both, and signed out on both", async () => {
    const v = visitor();
    await signIn(v, citizen);
    const seen = new Set();
    for (let i = 0; i < 4; i++) {
      const at = await signedInAt(v, citizen, cluster.url);
      assert.ok(at.signedIn, `signed out on ${at.backend} (status ${at.page.status})`);
      seen.add(at.backend);
    }
    assert.deepEqual([...seen].sort(), ["portal-1", "portal-2"], "the balancer alternates: both instances were asked");
    for (const portal of cluster.portals) {
      const at = await signedInAt(v, citizen, portal.url);
      assert.ok(at.signedIn, `not signed in when ${portal.name} is asked directly`);
    }
    // Signing out (on whichever instance) ends the session on both, a copied cookie included.
    const copied = new Map(v.cookies.jar);
    const account = await v.page("/en/account");
    const out = await v.submit(account, { button: "Sign out" });
    assert.equal(out.status, 303);
    for (const portal of cluster.portals) {
      const stranger = new Visitor(portal.url);
      stranger.cookies.jar = new Map(copied);
      const page = await stranger.get("/en/account");
      assert.ok(
        page.status >= 300 && page.status < 400 && /sign-in/.test(page.location ?? ""),
        `${portal.name} still opens the account after sign-out (${page.status})`,
      );
    }
  });

  test("five wrong codes, alternating between the instances, pause the NIN on both", async () => {
    const other = CITIZENS[21];
    const v = visitor();
    const { page, code } = await startSignIn(v, other);
    const wrong = code === "111111" ? "222222" : "111111";
    // Posted back to back: the round-robin sends them to the instances in turn.
    const backends = [];
    let last;
    for (let i = 1; i <= 5; i++) {
      last = await v.submit(page, { field: "code", values: { code: wrong } });
      backends.push(last.backend);
      assert.equal(last.status, 303, `wrong code ${i} answered ${last.status}`);
      if (i < 5) assert.match(last.location, /\/en\/sign-in\/code\?.*problem=wrongCode/, `wrong code ${i}`);
    }
    say(`wrong codes answered by ${backends.join(", ")}`);
    assert.ok(backends.includes("portal-1") && backends.includes("portal-2"), "both instances counted wrong codes");
    assert.match(last.location, /\/en\/sign-in\?.*problem=locked/, "the fifth wrong code pauses the NIN");
    // The right code no longer opens it.
    const right = await v.submit(page, { field: "code", values: { code } });
    assert.ok(!/\/en\/account/.test(right.location ?? ""), "the right code signed in a paused NIN");
    // Starting again is refused by both instances (the forms read first, then posted back to back).
    const visitors = [new Visitor(cluster.url), new Visitor(cluster.url)];
    const forms = [];
    for (const again of visitors) forms.push(await again.page("/en/sign-in"));
    const refusedBy = [];
    for (const [i, again] of visitors.entries()) {
      const refused = await again.submit(forms[i], { field: "nin", values: { nin: other.nin } });
      assert.equal(refused.status, 200, `${refused.backend}: starting again was not refused`);
      assert.match(textOf(refused.text), /Signing in with this NIN is paused until/, `${refused.backend} does not know of the pause`);
      refusedBy.push(refused.backend);
    }
    assert.deepEqual(refusedBy.sort(), ["portal-1", "portal-2"]);
  });

  test("a USSD session walked across both instances completes; a step sent twice at once submits once; a dropped call resumes on the other", async () => {
    const sessionId = randomUUID();
    const phone = newPhone();
    const message = "Walked across two instances: the queue at RITA Ilala was long.";
    const answers = [];
    const backends = [];
    let screen;
    for (const next of [undefined, ...ussdFeedback(message)]) {
      if (next !== undefined) answers.push(next);
      const step = await ussd(sessionId, phone, answers);
      assert.equal(step.status, 200);
      backends.push(step.backend);
      screen = step.screen;
    }
    say(`USSD steps answered by ${backends.join(", ")}`);
    assert.ok(backends.filter((b) => b === "portal-1").length >= 2 && backends.filter((b) => b === "portal-2").length >= 2);
    assert.match(screen, /^END Thank you\. Your feedback was received and goes to RITA\. Reference: MRJ-/);
    const reference = REFERENCE.exec(screen)[0];
    const [row] = (await cluster.query("select message, sender_phone from feedback where reference = $1", [reference])).rows;
    assert.equal(row?.message, message);

    // The aggregator sends the confirming step twice at once (a retry): one to each instance.
    const twice = randomUUID();
    const again = newPhone();
    const text = "Sent twice at once by the network, to be kept once.";
    const steps = ussdFeedback(text);
    for (let i = 0; i < steps.length; i++) await ussd(twice, again, i === 0 ? [] : steps.slice(0, i));
    const both = await Promise.all(cluster.portals.map((portal) => ussd(twice, again, steps, portal.url)));
    const screens = both.map((b) => b.screen);
    assert.equal(screens.filter((s) => REFERENCE.test(s)).length, 1, `expected one reference: ${JSON.stringify(screens)}`);
    const rows = (await cluster.query("select reference from feedback where message = $1", [text])).rows;
    assert.equal(rows.length, 1, "the repeated step made two feedbacks");

    // A call dropped on one instance resumes at its last menu when the phone dials again on the other.
    const dropped = newPhone();
    const first = randomUUID();
    await ussd(first, dropped, [], cluster.portals[0].url);
    await ussd(first, dropped, ["7"], cluster.portals[0].url);
    const asked = await ussd(first, dropped, ["7", "1"], cluster.portals[0].url);
    assert.match(asked.screen, /^CON Type the name of the service you need/);
    const resumed = await ussd(randomUUID(), dropped, [], cluster.portals[1].url);
    assert.equal(resumed.screen, asked.screen, "the other instance did not resume the dropped call");
    await checkDelivered(new Set([reference, rows[0].reference]), new Set());
  });

  test("a publication reaches both instances' pages within ten seconds", async () => {
    const slug = "e-passport-application";
    const marker = `Cluster publication ${randomUUID().slice(0, 8)}`;
    // Both instances have the page (and any cache of it) before the publication.
    assert.deepEqual(await showsOnEach(`/en/services/${slug}`, "Immigration"), [true, true]);
    const published = await publish(slug, `${marker}: apply online, then give your biometrics.`, `${marker}: omba mtandaoni.`);
    const since = Date.now();
    const seenAfter = cluster.portals.map(() => null);
    while (Date.now() - since < 10_000 && seenAfter.some((s) => s === null)) {
      const shown = await showsOnEach(`/en/services/${slug}`, marker);
      shown.forEach((yes, i) => (seenAfter[i] ??= yes ? Date.now() - since : null));
      await sleep(250);
    }
    say(
      `catalogue version ${published.version}: new text on ${seenAfter.map((ms, i) => `${cluster.portals[i].name} after ${ms} ms`).join(", ")}`,
    );
    assert.ok(
      seenAfter.every((ms) => ms !== null),
      "an instance still shows the old text ten seconds after the publication",
    );
    const api = await Promise.all(cluster.portals.map((p) => request(`${p.url}/api/v1/services/${published.serviceId}`)));
    for (const answer of api) assert.ok(answer.text.includes(marker), "the open data still shows the old text");
  });

  test("after a quiet spell, the first visitor of each instance already sees a publication made during it", async () => {
    const slug = "replacing-a-lost-stolen-or-damaged-passport";
    const marker = `Quiet publication ${randomUUID().slice(0, 8)}`;
    assert.deepEqual(await showsOnEach(`/en/services/${slug}`, "police"), [true, true]);
    await publish(slug, `${marker}: report it to the police first.`, `${marker}: ripoti polisi kwanza.`);
    await sleep(7_000);
    assert.deepEqual(
      await showsOnEach(`/en/services/${slug}`, marker),
      [true, true],
      "the first page after the quiet spell is the old one",
    );
  });

  test("asking for the same fee's control number several times at once (on both instances) makes one bill", async () => {
    const citizen22 = CITIZENS[22];
    const v = visitor();
    await signIn(v, citizen22);
    // Two fees, each asked for four times at once (a double click, a retry, two tabs).
    const made = [];
    for (const { page, fee } of (await feesOn(v, "necta-replacement-certificate")).slice(0, 2)) {
      const answers = await Promise.all([0, 1, 2, 3].map(() => v.submit(page, { field: "fee", values: { fee } })));
      const bills = new Set(answers.map((a) => /payments\/([0-9a-f-]{36})/.exec(a.location ?? "")?.[1]));
      say(`fee ${fee} asked for four times at once (${answers.map((a) => a.backend).join(", ")}): ${bills.size} bill(s)`);
      made.push(bills.size);
    }
    assert.deepEqual(made, [1, 1], "more than one bill for one fee");
  });

  test("GePG's callbacks sent twice at once (one copy to each instance) are applied once, with one SMS each", async () => {
    const v = visitor();
    await signIn(v, CITIZENS[24]);
    const phone = newPhone();
    const gepg = (mode) =>
      fetch(`${cluster.sandboxUrl}/gepg/_control`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mode }),
      });
    await gepg("duplicate-callback");
    try {
      const [{ page, fee }] = await feesOn(v, "taxi-and-ride-hailing-licence-latra");
      const asked = await v.submit(page, { field: "fee", values: { fee, phone: `0${phone.slice(3)}` } });
      const id = /\/en\/payments\/([0-9a-f-]{36})/.exec(asked.location ?? "")?.[1];
      assert.ok(id, `no bill: ${asked.status} ${asked.location}`);
      let bill;
      for (let i = 0; i < 60 && bill?.state !== "issued"; i++, await sleep(250))
        [bill] = (await cluster.query("select * from bills where id = $1", [id])).rows;
      assert.equal(bill?.state, "issued", "no control number");
      const paid = await fetch(`${cluster.sandboxUrl}/gepg/pay.json`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ controlNumber: bill.control_number, channel: "mpesa" }),
      });
      assert.equal(paid.status, 200, await paid.clone().text());
      for (let i = 0; i < 60 && bill.state !== "paid"; i++, await sleep(250))
        [bill] = (await cluster.query("select * from bills where id = $1", [id])).rows;
      assert.equal(bill.state, "paid");
      await sleep(2_000); // both copies of each callback, and the SMS after them
      const recorded = (await cluster.query("select receipt_number from payments where bill_id = $1", [id])).rows;
      assert.equal(recorded.length, 1, "the payment was recorded twice");
      const texts = [...deliveries(cluster.tap.records).sms]
        .filter(([key]) => key.startsWith(phone))
        .map(([key, e]) => `${e.accepted}× ${key.split("\u0000")[1]}`);
      say(`bill paid with every callback twice: ${texts.join(" | ")}`);
      assert.equal(texts.length, 2, "expected two SMS: the control number, then the receipt");
      assert.ok(
        texts.every((t) => t.startsWith("1× ")),
        "an SMS was sent twice",
      );
      const callbacks = (await (await fetch(`${cluster.sandboxUrl}/gepg/bills.json`)).json()).deliveries ?? [];
      say(`GePG callback copies: ${callbacks.length}`);
    } finally {
      await gepg("normal");
    }
  });

  test("an SMS that mGov forwards twice at once (one copy to each instance) is answered once", async () => {
    const phone = newPhone();
    const messageId = randomUUID();
    // Straight to each instance, so that each has one copy whatever else the balancer is sending.
    const forward = (base) =>
      request(`${base}/api/sms/inbound`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from("mgov:sandbox-sms-inbound-secret").toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ from: phone, to: "15200", text: "SERVICE passport", messageId }).toString(),
      });
    const answers = await Promise.all(cluster.portals.map((portal) => forward(portal.url)));
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200],
    );
    await sleep(2_500);
    const texts = [...deliveries(cluster.tap.records).sms].filter(([key]) => key.startsWith(phone));
    assert.equal(texts.length, 1, "not one answer");
    assert.equal(texts[0][1].accepted, 1, "the answer was sent twice");
  });

  test(
    "under load, a portal killed (SIGKILL) and started again loses nothing it acknowledged, and nothing is handed over twice",
    { timeout: 240_000 },
    async () => {
      const payer = new Visitor(cluster.url);
      await signIn(payer, CITIZENS[23]);
      const fees = [
        ...(await feesOn(payer, "necta-private-candidate-registration")),
        ...(await feesOn(payer, "replacing-a-lost-or-damaged-national-id")),
      ].slice(0, Math.min(8, 4 * SCALE));
      const n = 10 * SCALE;
      const tasks = interleave(
        Array.from({ length: n }, (_, i) => work.ussdFeedback(`kill-${i}`)),
        Array.from({ length: n }, (_, i) => work.webFeedback(`kill-${i}`)),
        fees.map(({ page, fee }) => work.bill(payer, page, fee)),
        Array.from({ length: 2 * n }, (_, i) => work.view(PAGES[i % PAGES.length])),
      );
      let killed;
      let restarted;
      const results = await pool(tasks, CONCURRENCY, (done) => {
        if (!killed && done >= Math.floor(tasks.length * 0.3)) {
          killed = cluster.stopPortal(0, "SIGKILL").then(() => {
            say(`portal-1 killed (SIGKILL) after ${done} of ${tasks.length} tasks; starting it again`);
            restarted = cluster.startPortal(0);
            return restarted;
          });
        }
      });
      await killed;
      await restarted;
      say(`under load with a kill: ${summarise(results)}`);
      const failures = results.filter((r) => !r.ok);
      if (failures.length)
        say(`not acknowledged (a request in flight on the killed instance): ${failures.map((f) => `${f.kind} ${f.failure}`).join("; ")}`);
      // Pages are read again elsewhere by the balancer: a reader never sees the kill.
      assert.deepEqual(
        failures.filter((f) => f.kind === "view"),
        [],
        "a page view failed",
      );
      // Only requests in flight on the killed instance may go unacknowledged; at most the concurrency.
      assert.ok(failures.length <= CONCURRENCY, `${failures.length} requests failed, more than were in flight`);
      keep(results);
      const references = new Set(results.filter((r) => r.ok && r.reference).map((r) => r.reference));
      const billIds = new Set(results.filter((r) => r.ok && r.bill).map((r) => r.bill));
      assert.ok(references.size >= n, "too few feedbacks acknowledged to say anything");
      await checkDelivered(references, billIds);
    },
  );

  test(
    "under load, a portal stopped (SIGTERM) finishes what it accepted, says 503 while stopping, and nobody sees an error",
    { timeout: 240_000 },
    async () => {
      const portal = cluster.portals[1];
      const n = 8 * SCALE;
      const tasks = interleave(
        Array.from({ length: n }, (_, i) => work.ussdFeedback(`term-${i}`)),
        Array.from({ length: n }, (_, i) => work.webFeedback(`term-${i}`)),
        Array.from({ length: 2 * n }, (_, i) => work.view(PAGES[i % PAGES.length])),
      );
      // A request in flight when the signal comes, on a connection of its own to the instance:
      // half its body sent before the signal, the rest after, then a readiness check behind it.
      const socket = net.connect(portal.port, "127.0.0.1");
      await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
      const answersPromise = readAnswers(socket, 2);
      answersPromise.catch(() => {});
      const body = Buffer.from(
        new URLSearchParams({ sessionId: randomUUID(), serviceCode: "*152*00#", phoneNumber: newPhone(), text: "" }).toString(),
      );
      socket.write(
        `POST /api/ussd HTTP/1.1\r\nHost: ${new URL(cluster.url).host}\r\nAuthorization: ${USSD_AUTH}\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      socket.write(body.subarray(0, 10));
      let stopping;
      let exited;
      const results = await pool(tasks, CONCURRENCY, (done) => {
        if (!stopping && done >= Math.floor(tasks.length * 0.3)) {
          stopping = (async () => {
            const signalled = Date.now();
            exited = cluster.signalPortal(1, "SIGTERM");
            say(`portal-2 asked to stop (SIGTERM) after ${done} of ${tasks.length} tasks`);
            await sleep(300);
            socket.write(body.subarray(10));
            socket.write(`GET /api/health/ready HTTP/1.1\r\nHost: ${new URL(cluster.url).host}\r\n\r\n`);
            const answers = await answersPromise;
            socket.destroy();
            const exit = await exited;
            say(
              `portal-2 stopped ${exit.signal ?? `with code ${exit.code}`} ${Date.now() - signalled} ms after the signal; starting it again`,
            );
            await cluster.startPortal(1);
            return { answers, exit };
          })();
        }
      });
      const { answers, exit } = await stopping;
      say(
        `while stopping: ${summarise(results)}; in-flight request ${answers[0].status} "${answers[0].body.slice(0, 30)}…", readiness ${answers[1].status} ${answers[1].body}`,
      );
      assert.equal(answers[0].status, 200, "the request in flight when the signal came did not finish");
      assert.match(answers[0].body, /^CON /);
      assert.equal(answers[1].status, 503, "readiness did not say 503 while stopping");
      assert.equal(JSON.parse(answers[1].body).status, "stopping");
      assert.deepEqual(exit, { code: 0, signal: null }, "the instance did not stop cleanly");
      const failures = results.filter((r) => !r.ok);
      assert.deepEqual(
        failures.map((f) => `${f.kind} ${f.failure}`),
        [],
        "requests failed while an instance stopped gracefully",
      );
      keep(results);
      await checkDelivered(new Set(results.filter((r) => r.reference).map((r) => r.reference)), new Set());
    },
  );

  test("the first administrator's one-time link stays good when an instance with a keys folder of its own (another machine) starts", async () => {
    const file = path.join(cluster.keysDir, "first-admin-invitation.txt");
    const link = /(http\S+)/.exec(fs.readFileSync(file, "utf8"))[1];
    const works = async () => {
      const v = new Visitor(cluster.url);
      const opened = await v.get(link);
      const page = await v.get(opened.location);
      // The form to choose a password, not "this link no longer works".
      return page.status === 200 && page.text.includes('type="password"');
    };
    assert.ok(await works(), "the link did not work to begin with");
    // The second instance starts again as if on another machine: the same keys, in a folder of its own.
    const own = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-cluster-other-keys-"));
    leftovers.push(own);
    for (const name of fs.readdirSync(cluster.keysDir))
      if (name.endsWith(".pem")) fs.copyFileSync(path.join(cluster.keysDir, name), path.join(own, name));
    await cluster.stopPortal(1, "SIGTERM");
    await cluster.startPortal(1, { env: { KEYS_DIR: own } });
    assert.ok(await works(), "the link in the first instance's keys folder no longer works");
  });

  test("an instance that loses its database says 503 on readiness, stays alive, and is ready again by itself when the database returns", async () => {
    const { default: pg } = await import("pg");
    const server = new URL(cluster.databaseUrl);
    server.pathname = "/postgres";
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    const name = cluster.databaseName;
    const readiness = () =>
      Promise.all(
        cluster.portals.map((p) =>
          request(`${p.url}/api/health/ready`, { timeoutMs: 10_000 }).then(
            (a) => a.status,
            () => 0,
          ),
        ),
      );
    const until = async (wanted, ms) => {
      const since = Date.now();
      let seen = await readiness();
      while (!seen.every((status) => status === wanted) && Date.now() - since < ms) {
        await sleep(250);
        seen = await readiness();
      }
      return { seen, after: Date.now() - since };
    };
    try {
      // The database gone as far as the portals can tell: every connection cut, none let back in.
      await admin.query(`alter database "${name}" allow_connections false`);
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);
      const lost = await until(503, 15_000);
      say(`database cut off: readiness ${lost.seen.join(", ")} after ${lost.after} ms`);
      assert.deepEqual(lost.seen, [503, 503], "readiness did not say 503 without the database");
      const live = await Promise.all(cluster.portals.map((p) => request(`${p.url}/api/health/live`)));
      assert.deepEqual(
        live.map((a) => a.status),
        [200, 200],
        "an instance without its database is not alive",
      );
    } finally {
      await admin.query(`alter database "${name}" allow_connections true`);
      await admin.end();
    }
    const back = await until(200, 30_000);
    say(`database back: readiness ${back.seen.join(", ")} after ${back.after} ms`);
    assert.deepEqual(back.seen, [200, 200], "an instance did not recover by itself");
    const page = await request(`${cluster.url}/sw/search?q=pasipoti`);
    assert.equal(page.status, 200);
  });

  test("nothing was handed over twice, no job gave up, no instance died unasked", async () => {
    const delivered = deliveries(cluster.tap.records);
    const twice = [];
    for (const [kind, map] of Object.entries(delivered)) {
      for (const [key, { accepted }] of map) if (accepted > 1) twice.push(`${kind} ${key.replace("\u0000", ": ")} ×${accepted}`);
    }
    assert.deepEqual(twice, [], "delivered more than once");
    const dead = (await cluster.query("select name, count(*)::int as n from pgboss.job where name like '%-dead' group by name")).rows;
    assert.deepEqual(dead, [], "jobs in a dead-letter queue");
    assert.deepEqual(cluster.unexpectedExits, [], "an instance stopped by itself");
    say(
      `handed over: ${delivered.feedback.size} feedbacks, ${delivered.bills.size} bills, ${delivered.sms.size} SMS; acknowledged under load: ${acknowledged.feedback.size} feedbacks, ${acknowledged.bills.size} bills`,
    );
  });
});
