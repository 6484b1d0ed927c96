#!/usr/bin/env node
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "./config.mjs";
import { page } from "./html.mjs";
import { createMgov } from "./mgov.mjs";

const MAX_BODY = 1024 * 1024;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error("Body too large"), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res, status, body, type = "application/json; charset=utf-8") {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(text);
}

export function createSandbox(options = config) {
  const mgov = createMgov(options.mgov);
  const started = new Date().toISOString();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    try {
      if (req.method === "GET" && url.pathname === "/health") {
        return send(res, 200, { status: "ok", started, systems: ["mgov-sms"] });
      }
      if (req.method === "GET" && url.pathname === "/") {
        return send(
          res,
          200,
          page(
            "Dirisha sandbox",
            `<ul><li><a href="/mgov/inbox">Phone inbox</a>: SMS received by the mGov gateway</li>` +
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
      return send(res, 404, { error: "Not found" });
    } catch (error) {
      return send(res, error.status ?? 500, { error: error.status ? error.message : "Sandbox error" });
    }
  });
  return server;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const server = createSandbox();
  server.listen(config.port, config.host, () => {
    const { port } = server.address();
    console.log(`Dirisha sandbox listening on http://${config.host}:${port} (phone inbox: /mgov/inbox)`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
