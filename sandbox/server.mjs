#!/usr/bin/env node
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "./config.mjs";
import { createGovesb } from "./govesb.mjs";
import { page } from "./html.mjs";
import { createKeyStore, loadOrCreateBusKeys } from "./keys.mjs";
import { createMgov } from "./mgov.mjs";
import { createNida } from "./nida.mjs";

const MAX_BODY = 1024 * 1024;

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
    req.on("end", () =>
      tooLarge ? reject(Object.assign(new Error("Body too large"), { status: 413 })) : resolve(Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}

function send(res, status, body, type = "application/json; charset=utf-8") {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(text);
}

/**
 * options: { mgov, govesb, nida, keysDir, keys }, each defaulting to config.mjs. `keys` (tests)
 * gives keys directly: { busPrivateKey, busPublicKey, portalPublicKey } as KeyObjects or PEM.
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
  const govesb = createGovesb({ ...govesbOptions, keyStore, nida });
  const started = new Date().toISOString();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    try {
      if (req.method === "GET" && url.pathname === "/health") {
        return send(res, 200, { status: "ok", started, systems: ["mgov-sms", "govesb", "nida"] });
      }
      if (req.method === "GET" && url.pathname === "/") {
        return send(
          res,
          200,
          page(
            "Dirisha sandbox",
            `<ul><li><a href="/mgov/inbox">Phone inbox</a>: SMS received by the mGov gateway</li>` +
              `<li><a href="/nida">NIDA citizens</a>: the fictional citizens NIDA knows behind GovESB, with their NINs, phones and answers</li>` +
              `<li><a href="/govesb/_control">GovESB mode</a>: normal, down, bad-signature or slow (POST to change)</li>` +
              `<li><a href="/health">Health</a></li></ul>`,
          ),
          "text/html; charset=utf-8",
        );
      }
      if (req.method === "POST" && url.pathname === "/mgov/quick_sms") {
        const form = new URLSearchParams((await readBody(req)).toString("utf8"));
        const result = mgov.quickSms(req.headers, form);
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
      if (req.method === "GET" && url.pathname === "/govesb/_control") {
        return send(res, 200, { mode: govesb.mode() });
      }
      if (req.method === "POST" && url.pathname === "/govesb/_control") {
        let request;
        try {
          request = JSON.parse((await readBody(req, govesbOptions.maxBody)).toString("utf8"));
        } catch (error) {
          if (error.status) throw error;
          return send(res, 400, { error: 'Body must be JSON: {"mode":"normal"|"down"|"bad-signature"|"slow"}' });
        }
        const result = govesb.setMode(request?.mode);
        return send(res, result.status, result.body);
      }
      if (req.method === "GET" && url.pathname === "/nida") {
        return send(res, 200, nida.citizensHtml(), "text/html; charset=utf-8");
      }
      return send(res, 404, { error: "Not found" });
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      return send(res, error.status ?? 500, { error: error.status ? error.message : "Sandbox error" });
    }
  });
  return server;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // The bus's keys are made at start, so that the portal finds the bus's public key at once.
  const keys = loadOrCreateBusKeys(config.keysDir, config.govesb.curve);
  const server = createSandbox();
  server.listen(config.port, config.host, () => {
    const { port } = server.address();
    console.log(`Dirisha sandbox listening on http://${config.host}:${port} (phone inbox: /mgov/inbox, NIDA citizens: /nida)`);
    console.log(`GovESB keys in ${config.keysDir} (bus key pair ${keys.created ? "created" : "loaded"}, curve ${config.govesb.curve})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
