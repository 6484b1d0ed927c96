import { describe, expect, it } from "vitest";
import { applySecurityHeaders, contentSecurityPolicy } from "./security-headers.mjs";

function exchange(url, requestHeaders = {}) {
  const headers = new Map();
  const req = { url, headers: { ...requestHeaders } };
  const res = { setHeader: (name, value) => headers.set(name.toLowerCase(), value) };
  return { req, res, headers };
}

describe("security headers", () => {
  it("over HTTPS adds HSTS and upgrade-insecure-requests; over plain HTTP neither", () => {
    const secure = exchange("/sw");
    applySecurityHeaders(secure.req, secure.res, { https: true });
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(secure.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    const plain = exchange("/sw");
    applySecurityHeaders(plain.req, plain.res, { https: false });
    expect(plain.headers.has("strict-transport-security")).toBe(false);
    expect(plain.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
  });

  it("gives citizens' pages one fixed policy without inline scripts, and a staff page a fresh nonce that Next.js reads from the request", () => {
    const citizen = exchange("/sw/services?x=1", { "content-security-policy": "script-src 'nonce-mine'" });
    applySecurityHeaders(citizen.req, citizen.res, { https: false });
    expect(citizen.headers.get("content-security-policy")).toBe(contentSecurityPolicy({ https: false }));
    expect(citizen.req.headers["content-security-policy"]).toBeUndefined();

    const staff = [0, 1].map(() => {
      const one = exchange("/en/staff/listings", { "content-security-policy": "script-src 'nonce-mine'" });
      applySecurityHeaders(one.req, one.res, { https: false });
      expect(one.req.headers["content-security-policy"]).toBe(one.headers.get("content-security-policy"));
      return /'nonce-([^']+)'/.exec(one.headers.get("content-security-policy"))[1];
    });
    expect(staff[0]).not.toBe("mine");
    expect(staff[0]).not.toBe(staff[1]);
    expect(staff[0]).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });

  it("never admits inline script or eval, and keeps the page out of frames", () => {
    for (const nonce of [undefined, "abc"]) {
      const policy = contentSecurityPolicy({ nonce, https: true });
      const scripts = /script-src ([^;]*)/.exec(policy)[1];
      expect(scripts).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("base-uri 'none'");
    }
  });
});
