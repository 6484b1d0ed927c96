// Server Action posts that Next.js would refuse, refused first by server.mjs with a clear answer
// (issue 21): a body over the actions' size limit gets 413, an action posted from another site
// gets 403, each with a short page in the language of the address (/sw or /en), or plain text
// for the framework's own calls (the Next-Action header), instead of Next's bare 500. Whatever
// Next.js would accept goes on to it untouched: the limit and the origin rule are Next's own.
// Plain JavaScript: server.mjs imports it outside Next.js, and next.config.ts takes the limit from here.
import { Readable } from "node:stream";

/**
 * The most a Server Action's body may hold (next.config.ts serverActions.bodySizeLimit). A
 * feedback attachment may be 2 MB and an application's document 5 MB; a larger photo must still
 * reach the action, which answers beside the field and keeps what was typed.
 */
export const ACTION_BODY_LIMIT = "16mb";
// As Next.js reads "16mb" (the `bytes` package: 1 MB = 1024 × 1024 bytes).
export const ACTION_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Whether Next.js would take this request for a Server Action: a POST to a page (not a route
 * under /api/ or the framework's files) carrying the Next-Action header (the framework's own
 * call) or a multipart form (a form sent without JavaScript).
 */
export function isActionPost(req) {
  if (req.method !== "POST") return false;
  if (/^\/(api|_next)(\/|$)/.test(String(req.url ?? "/").split("?")[0])) return false;
  return req.headers["next-action"] !== undefined || String(req.headers["content-type"] ?? "").startsWith("multipart/form-data");
}

/**
 * Whether the action comes from the portal's own pages, as Next.js decides it: without an
 * Origin header (not a browser's cross-site form, which always sends one) it does; with one, its
 * host must be the host the request was sent to (X-Forwarded-Host's first value, else Host).
 */
export function sameOrigin(req) {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let originHost;
  if (origin === "null") originHost = "null";
  else {
    try {
      originHost = new URL(String(origin)).host;
    } catch {
      return false;
    }
  }
  const forwarded = req.headers["x-forwarded-host"];
  const forwardedHost = Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(",")[0]?.trim();
  const host = forwardedHost || req.headers.host;
  return Boolean(host) && originHost === host;
}

/** The body's declared length, or null when it is sent in chunks (no Content-Length). */
function declaredLength(req) {
  const value = req.headers["content-length"];
  if (value === undefined) return null;
  const length = Number(value);
  return Number.isFinite(length) ? length : null;
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The refusal's words, per language: `tooLarge` and `crossOrigin`, each with a title and a text
 * ({{megabytes}} is the limit), and `back`, the link to the page the form was on.
 */
export function refusalBody({ req, words, kind, limitBytes }) {
  const path = String(req.url ?? "/").split("?")[0];
  const lang = /^\/en(\/|$)/.test(path) ? "en" : "sw";
  const said = words[lang];
  const title = said[kind].title;
  const text = said[kind].text.replace("{{megabytes}}", String(Math.floor(limitBytes / (1024 * 1024))));
  // The framework's own call reads no page: a line of text.
  if (req.headers["next-action"] !== undefined) return { type: "text/plain; charset=utf-8", body: `${title}. ${text}\n` };
  // Back to the form's page (a GET of the address the form was posted to), when it is one of the portal's pages.
  const back = /^\/(sw|en)(\/[A-Za-z0-9\-._~%/]*)?$/.test(path) ? path : `/${lang}`;
  const body = [
    "<!doctype html>",
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)} | Dirisha</title>`,
    "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#0b0c0c}a{color:#1d4ed8}</style>",
    `</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`,
    `<p><a href="${escapeHtml(back)}">${escapeHtml(said.back)}</a></p></main></body></html>`,
  ].join("");
  return { type: "text/html; charset=utf-8", body };
}

/**
 * Waits for the rest of a body that will not be used, discarding it, so that a browser still
 * sending it reads the answer rather than a reset connection; past `capBytes` it stops waiting
 * (the connection is then closed under the sender).
 */
function discardBody(req, alreadyRead, capBytes) {
  return new Promise((resolve) => {
    if (req.readableEnded || req.destroyed) return resolve();
    let read = alreadyRead;
    const done = () => {
      req.off("data", count);
      resolve();
    };
    const count = (chunk) => {
      read += chunk.length;
      if (read > capBytes) done();
    };
    req.on("data", count);
    req.once("end", done);
    req.once("error", done);
    req.once("close", done);
    req.resume();
  });
}

/**
 * Gives the request a body read already, as Next.js itself does after its proxy has read one
 * (next/dist/server/body-streams.js, replaceRequestBody): a fresh stream's state and methods.
 */
function replaceBody(req, bytes) {
  const body = new Readable({ read() {} });
  body.push(bytes);
  body.push(null);
  for (const key in body) {
    const value = body[key];
    req[key] = typeof value === "function" ? value.bind(req) : value;
  }
}

/** Reads a body sent in chunks, up to `limitBytes`: the bytes, or null when there were more. */
function readUpTo(req, limitBytes) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let read = 0;
    const onData = (chunk) => {
      read += chunk.length;
      if (read > limitBytes) {
        cleanup();
        chunks.length = 0;
        resolve({ bytes: null, read });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ bytes: Buffer.concat(chunks), read });
    };
    const onError = (error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * The guard: `check(req, res)` resolves true when the request goes on to Next.js, false when it
 * was answered here. `words` as refusalBody takes them; `limitBytes` the actions' limit;
 * `discardBytes` how much of a refused body is read (and thrown away) before the answer.
 */
export function createActionGuard({ words, limitBytes = ACTION_BODY_LIMIT_BYTES, discardBytes = 4 * limitBytes }) {
  const refuse = async (req, res, status, kind, read = 0) => {
    // A body declared larger than what is worth waiting for is not waited for.
    if ((declaredLength(req) ?? 0) <= discardBytes) await discardBody(req, read, discardBytes);
    if (res.headersSent || res.destroyed) return false;
    const { type, body } = refusalBody({ req, words, kind, limitBytes });
    res.writeHead(status, {
      "Content-Type": type,
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-store",
      // What is left of a refused body is not read as the connection's next request.
      Connection: "close",
    });
    res.end(body);
    return false;
  };
  return {
    async check(req, res) {
      if (!isActionPost(req)) return true;
      if (!sameOrigin(req)) return refuse(req, res, 403, "crossOrigin");
      const length = declaredLength(req);
      if (length !== null) return length > limitBytes ? refuse(req, res, 413, "tooLarge") : true;
      // Sent in chunks: counted as it arrives, and handed on whole when it stays within the limit.
      const { bytes, read } = await readUpTo(req, limitBytes);
      if (bytes === null) return refuse(req, res, 413, "tooLarge", read);
      replaceBody(req, bytes);
      return true;
    },
  };
}
