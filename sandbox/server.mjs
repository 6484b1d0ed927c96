#!/usr/bin/env node
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "./config.mjs";
import { contentDisposition, createEmrejesho } from "./emrejesho.mjs";
import { createGepg, loadOrCreateGepgKeys, MODES as GEPG_MODES } from "./gepg.mjs";
import { createGovesb, MODES as GOVESB_MODES } from "./govesb.mjs";
import { escapeHtml, page } from "./html.mjs";
import { createInstitutions } from "./institutions.mjs";
import { createKeyStore, loadOrCreateBusKeys } from "./keys.mjs";
import { createMgov, MODES as MGOV_MODES } from "./mgov.mjs";
import { createNida, MODES as NIDA_MODES } from "./nida.mjs";
import { createSmsInbound } from "./smsinbound.mjs";
import { createUssd } from "./ussd.mjs";

const MAX_BODY = 1024 * 1024;
// The tester forms (USSD phone, SMS) post a few short fields.
const SMALL_BODY = 64 * 1024;

/**
 * The request body, up to `limit` bytes. A larger body is read to its end and thrown away, then
 * refused with 413 (so that the client, still sending, gets the answer rather than a reset);
 * past 16 times the limit the connection is cut.
 */
function readBody(req, limit = MAX_BODY) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    const chunks = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (size > limit * 16) {
        reject(Object.assign(new Error("Body too large"), { status: 413 }));
        req.destroy();
      }
    });
    req.on("end", () => (tooLarge ? reject(Object.assign(new Error("Body too large"), { status: 413 })) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

function send(res, status, body, type = "application/json; charset=utf-8") {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(text);
}

function redirect(res, location) {
  res.writeHead(303, { Location: location, "Cache-Control": "no-store" });
  res.end();
}

/** A module's `{ status, type, body, location? }` answer (GePG's, the USSD phone's, the SMS page's). */
function answer(res, result) {
  if (res.destroyed) return;
  res.writeHead(result.status, {
    "Content-Type": result.type,
    "Cache-Control": "no-store",
    ...(result.location && { Location: result.location }),
  });
  res.end(result.body);
}

/** Whether a request's body is JSON (scripts), rather than a form (the tester pages). */
function isJson(req) {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(req.headers["content-type"] ?? "");
}

/** A JSON object body; null when it is not one. */
async function readJson(req, limit) {
  try {
    const value = JSON.parse((await readBody(req, limit)).toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch (error) {
    if (error.status) throw error;
    return null;
  }
}

/**
 * options: { mgov, govesb, nida, emrejesho, applications, gepg, ussd, smsInbound, keysDir, keys }, each defaulting to
 * config.mjs. `keys` (tests) gives keys directly: { busPrivateKey, busPublicKey, portalPublicKey } as KeyObjects or PEM.
 * Closing the server stops e-Mrejesho's and the institutions' pending deliveries.
 */
export function createSandbox(options = config) {
  const mgov = createMgov({ ...config.mgov, ...options.mgov });
  const govesbOptions = { ...config.govesb, ...options.govesb };
  const nida = createNida({ ...config.nida, ...options.nida });
  const keyStore = createKeyStore({
    dir: options.keysDir ?? config.keysDir,
    curve: govesbOptions.curve,
    keys: options.keys,
  });
  // e-Mrejesho's updates are bus messages, signed by the bus (govesb is made just below).
  const emrejesho = createEmrejesho({
    ...config.emrejesho,
    ...options.emrejesho,
    signedMessage: (data) => govesb.signedMessage(data),
    portalPublicKey: () => keyStore.portalPublicKey(),
    busMode: () => govesb.mode(),
  });
  // The institutions' applications systems: the bus forwards pushes to them signed with its key,
  // which they verify with its public key; their status updates are bus messages too.
  const institutions = createInstitutions({
    ...config.applications,
    ...options.applications,
    signedMessage: (data) => govesb.signedMessage(data),
    busPublicKey: () => keyStore.bus().publicKey,
    portalPublicKey: () => keyStore.portalPublicKey(),
    busMode: () => govesb.mode(),
  });
  const govesb = createGovesb({ ...govesbOptions, keyStore, nida, emrejesho, institutions });
  const gepgOptions = { ...config.gepg, ...options.gepg };
  const gepg = createGepg({ ...gepgOptions, keysDir: options.keysDir ?? config.keysDir });
  const ussd = createUssd({ ...config.ussd, ...options.ussd });
  const smsInbound = createSmsInbound({ ...config.smsInbound, ...options.smsInbound });
  const started = new Date().toISOString();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    try {
      if (req.method === "GET" && url.pathname === "/health") {
        return send(res, 200, { status: "ok", started, systems: ["mgov-sms", "govesb", "nida", "emrejesho", "institutions"] });
      }
      if (req.method === "GET" && url.pathname === "/") {
        return send(
          res,
          200,
          page(
            "Dirisha sandbox",
            `<ul><li><a href="/mgov/inbox">Phone inbox</a>: SMS received by the mGov gateway</li>` +
              `<li><a href="/nida">NIDA citizens</a>: the fictional citizens NIDA knows behind GovESB, with their NINs, phones and answers</li>` +
              `<li><a href="/emrejesho">e-Mrejesho</a>: feedback received through GovESB; answer or close it as the institution</li>` +
              `<li><a href="/institutions">Institutions</a> (<a href="/institutions?lang=en">English</a>, <a href="/institutions">Kiswahili</a>): online applications received through GovESB by RITA, BRELA, TPF, NIDA, TRA and HESLB; send their statuses to the portal</li>` +
              `<li>Test modes (GET says, POST <code>{"mode":"…"}</code> changes; <code>"slowMs"</code> with <code>"slow"</code>): ` +
              [
                ["govesb", "GovESB", GOVESB_MODES],
                ["nida", "NIDA", NIDA_MODES],
                ["mgov", "mGov", MGOV_MODES],
                ["gepg", "GePG", GEPG_MODES],
              ]
                .map(([path, name, modes]) => `<a href="/${path}/_control">${name}</a> (${modes.join(", ")})`)
                .join(", ") +
              `; see the README</li>` +
              `<li><a href="/gepg">GePG</a>: bills and their control numbers; pay one from a mobile network or bank</li>` +
              `<li><a href="/ussd">USSD phone</a>: a feature phone dialling the portal's ${escapeHtml(config.ussd.serviceCode)} through a simulated aggregator</li>` +
              `<li><a href="/sms">SMS to the portal</a>: send an SMS to the short code as mGov forwards it; replies arrive in the phone inbox</li>` +
              `<li><a href="/health">Health</a></li></ul>`,
          ),
          "text/html; charset=utf-8",
        );
      }
      if (req.method === "POST" && url.pathname === "/mgov/quick_sms") {
        const form = new URLSearchParams((await readBody(req)).toString("utf8"));
        const result = await mgov.quickSms(req.headers, form);
        if (res.destroyed) return;
        return send(res, result.status, result.body, result.type);
      }
      // The test switches of mGov, NIDA and GovESB: GET says the mode, POST {"mode","slowMs"?} sets it.
      const control = { "/mgov/_control": mgov.control, "/nida/_control": nida.control }[url.pathname];
      if (control && req.method === "GET") return send(res, 200, control.state());
      if (control && req.method === "POST") {
        const request = await readJson(req, SMALL_BODY);
        const result = request ? control.set(request) : { status: 400, body: { error: 'Body must be JSON: {"mode":"…"}' } };
        return send(res, result.status, result.body);
      }
      if (req.method === "GET" && url.pathname === "/mgov/inbox") {
        return send(res, 200, mgov.inboxHtml(), "text/html; charset=utf-8");
      }
      if (req.method === "GET" && url.pathname === "/mgov/inbox.json") {
        return send(res, 200, { messages: mgov.inbox() });
      }
      if (req.method === "DELETE" && url.pathname === "/mgov/inbox") {
        mgov.clear();
        return send(res, 200, { cleared: true });
      }
      if (req.method === "POST" && url.pathname === "/govesb/gw/govesb-uaa/oauth/token") {
        const form = new URLSearchParams((await readBody(req, govesbOptions.maxBody)).toString("utf8"));
        const result = govesb.token(req.headers, form);
        return send(res, result.status, result.body);
      }
      if (req.method === "POST" && url.pathname === "/govesb/engine/esb/nida-request") {
        const body = await readBody(req, govesbOptions.maxBody);
        const result = await govesb.nidaRequest(req.headers, body);
        if (res.destroyed) return;
        return send(res, result.status, result.body);
      }
      if (req.method === "POST" && url.pathname === "/govesb/engine/esb/push-request") {
        // Pushes to an applications system carry documents: up to applicationPushMaxBody, the
        // others up to pushMaxBody (checked on the body's push code, before anything else).
        const body = await readBody(req, Math.max(govesbOptions.pushMaxBody, govesbOptions.applicationPushMaxBody));
        if (!govesb.pushBodyAllowed(body)) return send(res, 413, { error: "Body too large" });
        const result = await govesb.pushRequest(req.headers, body);
        if (res.destroyed) return;
        return send(res, result.status, result.body);
      }
      if (req.method === "GET" && url.pathname === "/govesb/_control") {
        return send(res, 200, govesb.state());
      }
      if (req.method === "POST" && url.pathname === "/govesb/_control") {
        let request;
        try {
          request = JSON.parse((await readBody(req, govesbOptions.maxBody)).toString("utf8"));
        } catch (error) {
          if (error.status) throw error;
          return send(res, 400, { error: 'Body must be JSON: {"mode":"normal"|"down"|"bad-signature"|"slow"|…}' });
        }
        const result = govesb.setMode(request);
        return send(res, result.status, result.body);
      }
      if (req.method === "GET" && url.pathname === "/nida") {
        return send(res, 200, nida.citizensHtml(), "text/html; charset=utf-8");
      }
      if (req.method === "GET" && url.pathname === "/emrejesho") {
        return send(res, 200, emrejesho.pageHtml(), "text/html; charset=utf-8");
      }
      if (req.method === "GET" && url.pathname === "/emrejesho.json") {
        return send(res, 200, { submissions: emrejesho.list() });
      }
      if (req.method === "GET" && url.pathname.startsWith("/emrejesho/attachment/")) {
        let reference;
        try {
          reference = decodeURIComponent(url.pathname.slice("/emrejesho/attachment/".length));
        } catch {
          return send(res, 404, { error: "Not found" });
        }
        const file = emrejesho.attachment(reference);
        if (!file) return send(res, 404, { error: "No such attachment" });
        res.writeHead(200, {
          "Content-Type": file.mimeType,
          "Content-Length": file.bytes.length,
          "Content-Disposition": contentDisposition(file.fileName),
          "X-Content-Type-Options": "nosniff",
          "Cache-Control": "no-store",
        });
        return res.end(file.bytes);
      }
      if (req.method === "POST" && (url.pathname === "/emrejesho/answer" || url.pathname === "/emrejesho/close")) {
        const form = new URLSearchParams((await readBody(req)).toString("utf8"));
        const fields = { portalReference: form.get("portalReference"), reply: form.get("reply"), by: form.get("by") };
        const result = url.pathname.endsWith("/answer") ? emrejesho.answer(fields) : emrejesho.close(fields);
        if (result.status === 200) return redirect(res, "/emrejesho");
        return send(
          res,
          result.status,
          page("e-Mrejesho", `<p>${escapeHtml(result.message)}</p><p><a href="/emrejesho">Back to e-Mrejesho</a></p>`),
          "text/html; charset=utf-8",
        );
      }
      if (req.method === "POST" && (url.pathname === "/emrejesho/answer.json" || url.pathname === "/emrejesho/close.json")) {
        const request = await readJson(req);
        if (!request) return send(res, 400, { error: 'Body must be JSON: {"portalReference":"…","reply":"…","by":"…"}' });
        const result = url.pathname === "/emrejesho/answer.json" ? emrejesho.answer(request) : emrejesho.close(request);
        if (result.status !== 200) return send(res, result.status, { error: result.message });
        return send(res, 200, { submission: emrejesho.submissionJson(result.record), update: emrejesho.updateJson(result.update) });
      }
      if (req.method === "GET" && url.pathname === "/institutions") {
        const html = institutions.pageHtml({ lang: url.searchParams.get("lang"), institution: url.searchParams.get("institution") });
        return send(res, 200, html, "text/html; charset=utf-8");
      }
      if (req.method === "GET" && url.pathname === "/institutions.json") {
        return send(res, 200, { applications: institutions.list(url.searchParams.get("institution") || null) });
      }
      if (req.method === "GET" && url.pathname.startsWith("/institutions/document/")) {
        let id;
        try {
          id = decodeURIComponent(url.pathname.slice("/institutions/document/".length));
        } catch {
          return send(res, 404, { error: "Not found" });
        }
        const file = institutions.documentFile(id);
        if (!file) return send(res, 404, { error: "No such document" });
        res.writeHead(200, {
          "Content-Type": file.mimeType,
          "Content-Length": file.bytes.length,
          "Content-Disposition": contentDisposition(file.fileName),
          "X-Content-Type-Options": "nosniff",
          "Cache-Control": "no-store",
        });
        return res.end(file.bytes);
      }
      if (req.method === "POST" && url.pathname === "/institutions/update") {
        if (isJson(req)) {
          const request = await readJson(req, SMALL_BODY);
          if (!request) {
            return send(res, 400, {
              error:
                'Body must be JSON: {"reference":"APP-…","status":"IN_REVIEW","note":…} or {"reference":"APP-…","fault":"repeat-last"|"older"}',
            });
          }
          const fields = Object.fromEntries(
            ["reference", "status", "note", "question", "reasons", "place", "from", "until", "fault"].map((k) => [
              k,
              typeof request[k] === "string" ? request[k] : undefined,
            ]),
          );
          const result = institutions.sendUpdate(fields);
          if (result.status !== 200) return send(res, result.status, { error: result.message.en });
          return send(res, 200, { status: result.update.status, updateId: result.update.updateId });
        }
        const form = new URLSearchParams((await readBody(req, SMALL_BODY)).toString("utf8"));
        const fields = Object.fromEntries(
          ["reference", "status", "note", "question", "reasons", "place", "from", "until", "fault"].map((k) => [
            k,
            form.get(k) ?? undefined,
          ]),
        );
        const result = institutions.sendUpdate(fields);
        const back = { lang: form.get("lang"), filter: form.get("filter"), reference: fields.reference };
        if (result.status === 200) return redirect(res, institutions.backPath(back.lang, back.filter, result.record.portalReference));
        return send(res, result.status, institutions.errorHtml(result, back), "text/html; charset=utf-8");
      }
      if (url.pathname === "/gepg" || url.pathname.startsWith("/gepg/")) {
        const result = await gepg.handle(req.method, url.pathname, req.headers, () => readBody(req, gepgOptions.maxBody));
        if (res.destroyed) return;
        res.writeHead(result.status, {
          "Content-Type": result.type,
          "Cache-Control": "no-store",
          ...(result.location && { Location: result.location }),
        });
        return res.end(result.body);
      }
      if (url.pathname === "/ussd" || url.pathname.startsWith("/ussd/")) {
        const result = await ussd.handle(req.method, url.pathname, url.searchParams, () => readBody(req, SMALL_BODY));
        return answer(res, result);
      }
      if (url.pathname === "/sms" || url.pathname === "/sms.json" || url.pathname.startsWith("/sms/")) {
        const result = await smsInbound.handle(req.method, url.pathname, () => readBody(req, SMALL_BODY));
        return answer(res, result);
      }
      return send(res, 404, { error: "Not found" });
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      return send(res, error.status ?? 500, { error: error.status ? error.message : "Sandbox error" });
    }
  });
  server.on("close", () => {
    emrejesho.stop();
    institutions.stop();
    gepg.stop();
    ussd.stop();
    smsInbound.stop();
  });
  return server;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // The bus's and GePG's keys are made at start, so that the portal finds their public keys at once.
  const keys = loadOrCreateBusKeys(config.keysDir, config.govesb.curve);
  const gepgKeys = loadOrCreateGepgKeys(config.keysDir);
  const server = createSandbox();
  server.listen(config.port, config.host, () => {
    const { port } = server.address();
    console.log(
      `Dirisha sandbox listening on http://${config.host}:${port} (phone inbox: /mgov/inbox, NIDA citizens: /nida, e-Mrejesho: /emrejesho, institutions' applications: /institutions, USSD phone: /ussd, SMS to the portal: /sms)`,
    );
    console.log(`GovESB keys in ${config.keysDir} (bus key pair ${keys.created ? "created" : "loaded"}, curve ${config.govesb.curve})`);
    console.log(
      `Institutions' applications systems at /institutions (push codes ${config.applications.pushCodePrefix}<SLUG> for ${config.applications.institutions.join(", ")}; ` +
        `status updates to ${config.applications.portalUrl}${config.applications.autoReceive ? "; auto mode: RECEIVED at once" : ""})`,
    );
    console.log(
      `GePG at /gepg (RSA key pair ${gepgKeys.created ? "created" : "loaded"} in ${config.keysDir}; callbacks to ${config.gepg.controlNumberUrl} and beside it)`,
    );
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
