import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT, ACTION_BODY_LIMIT_BYTES, createActionGuard, isActionPost, sameOrigin } from "./action-guard.mjs";
import { applySecurityHeaders } from "./security-headers.mjs";

const words = Object.fromEntries(
  ["sw", "en"].map((lang) => [lang, JSON.parse(fs.readFileSync(path.resolve("locales", lang, "common.json"), "utf8")).actionRefused]),
);

const LIMIT = 1000;

/**
 * A server as server.mjs runs it, with the guard before a stand-in for Next.js that reads the
 * whole body and says how many bytes it got.
 */
function startServer() {
  const guard = createActionGuard({ words, limitBytes: LIMIT });
  const server = http.createServer((req, res) => {
    applySecurityHeaders(req, res, { https: false });
    const next = () => {
      let received = 0;
      req.on("data", (chunk) => (received += chunk.length));
      req.on("end", () => res.writeHead(200, { "Content-Type": "text/plain" }).end(`next got ${received}`));
    };
    if (!isActionPost(req)) return next();
    guard.check(req, res).then((goesOn) => (goesOn ? next() : undefined));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** One request, its body given whole (with Content-Length) or in chunks (without). */
function send(server, { path: target = "/sw/feedback", headers = {}, body = "", chunks }) {
  const { port } = server.address();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: target,
        headers: {
          "content-type": "multipart/form-data; boundary=x",
          ...(chunks ? { "transfer-encoding": "chunked" } : { "content-length": Buffer.byteLength(body) }),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    if (chunks) for (const chunk of chunks) req.write(chunk);
    else req.write(body);
    req.end();
  });
}

describe("the Server Action guard", () => {
  let server;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("takes for an action what Next.js does: a POST to a page with Next-Action or a multipart form", () => {
    const req = (method, url, headers = {}) => ({ method, url, headers });
    expect(isActionPost(req("POST", "/sw/feedback", { "content-type": "multipart/form-data; boundary=a" }))).toBe(true);
    expect(isActionPost(req("POST", "/en/staff", { "next-action": "abc", "content-type": "text/plain" }))).toBe(true);
    expect(isActionPost(req("GET", "/sw/feedback", { "next-action": "abc" }))).toBe(false);
    expect(isActionPost(req("POST", "/sw/feedback", { "content-type": "application/x-www-form-urlencoded" }))).toBe(false);
    // Route handlers read their own bodies (GePG's callbacks have their own limit).
    expect(isActionPost(req("POST", "/api/gepg/payment", { "content-type": "multipart/form-data; boundary=a" }))).toBe(false);
    expect(isActionPost(req("POST", "/api/staff-auth/callback/staff-proof", { "next-action": "x" }))).toBe(false);
  });

  it("decides the origin as Next.js does: none, or the host the request was sent to", () => {
    const req = (headers) => ({ headers: { host: "portal.go.tz", ...headers } });
    expect(sameOrigin(req({}))).toBe(true);
    expect(sameOrigin(req({ origin: "https://portal.go.tz" }))).toBe(true);
    expect(sameOrigin(req({ origin: "https://evil.example" }))).toBe(false);
    expect(sameOrigin(req({ origin: "null" }))).toBe(false);
    expect(sameOrigin(req({ origin: "not a url" }))).toBe(false);
    expect(sameOrigin(req({ origin: "https://portal.go.tz:8443" }))).toBe(false);
    // Behind the load balancer, the host the visitor used.
    expect(sameOrigin(req({ origin: "https://dirisha.go.tz", "x-forwarded-host": "dirisha.go.tz, internal" }))).toBe(true);
    expect(sameOrigin(req({ origin: "https://portal.go.tz", "x-forwarded-host": "dirisha.go.tz" }))).toBe(false);
    expect(sameOrigin({ headers: { origin: "https://portal.go.tz" } })).toBe(false);
  });

  it("uses Next's own limit, 16 MB as its bytes package reads it", () => {
    expect(ACTION_BODY_LIMIT).toBe("16mb");
    expect(ACTION_BODY_LIMIT_BYTES).toBe(16_777_216);
  });

  it("lets an action within the limit, from the portal's own page, through with its whole body", async () => {
    const { port } = server.address();
    const answer = await send(server, { body: "a".repeat(LIMIT), headers: { origin: `http://127.0.0.1:${port}` } });
    expect(answer).toMatchObject({ status: 200, text: `next got ${LIMIT}` });
  });

  it("answers 413 for a body declared over the limit, with a page in the address's language and the security headers", async () => {
    const answer = await send(server, { path: "/en/feedback", body: "a".repeat(LIMIT + 1) });
    expect(answer.status).toBe(413);
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.text).toContain('<html lang="en">');
    expect(answer.text).toContain(words.en.tooLarge.title);
    expect(answer.text).toContain('<a href="/en/feedback">');
    expect(answer.text).not.toContain("{{megabytes}}");
    // Swahili from a Swahili address.
    const sw = await send(server, { path: "/sw/applications/x/p1", body: "a".repeat(LIMIT + 1) });
    expect(sw.status).toBe(413);
    expect(sw.text).toContain('<html lang="sw">');
    expect(sw.text).toContain(words.sw.tooLarge.title);
  });

  it("counts a body sent in chunks as it arrives: 413 past the limit, and Next gets all of it within", async () => {
    const over = await send(server, { chunks: ["a".repeat(600), "b".repeat(600)] });
    expect(over.status).toBe(413);
    expect(over.text).toContain(words.sw.tooLarge.title);
    const within = await send(server, { chunks: ["a".repeat(500), "b".repeat(500)] });
    expect(within).toMatchObject({ status: 200, text: `next got ${LIMIT}` });
  });

  it("answers 403 for an action posted from another site: a page for a form, a line of text for the framework's call", async () => {
    const form = await send(server, { path: "/en/sign-in", body: "x", headers: { origin: "https://evil.example" } });
    expect(form.status).toBe(403);
    expect(form.text).toContain(words.en.crossOrigin.title);
    expect(form.headers["x-frame-options"]).toBe("DENY");
    const call = await send(server, {
      path: "/sw/staff",
      body: "[]",
      headers: { origin: "null", "next-action": "0123abcd", "content-type": "text/plain;charset=UTF-8" },
    });
    expect(call.status).toBe(403);
    expect(call.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(call.text).toContain(words.sw.crossOrigin.title);
  });

  it("never echoes an address it did not make: a strange path links home", async () => {
    const answer = await send(server, { path: '/en/"><script>x</script>', body: "x", headers: { origin: "https://evil.example" } });
    expect(answer.status).toBe(403);
    expect(answer.text).not.toContain("<script>");
    expect(answer.text).toContain('<a href="/en">');
  });
});
