import { expect, test } from "../fixtures";

/*
 * Every response carries the security headers (lib/http/security-headers.mjs, set by server.mjs
 * before anything else answers): pages, a page sent from the cache, the data saver, a 404, the
 * open data, a callback's refusal. Citizens' pages admit no inline script at all; the staff area's
 * framework scripts run under a nonce made for each response. The trial here is plain HTTP: HSTS
 * and upgrade-insecure-requests, which come with HTTPS, are tested in lib/http/security-headers.test.mjs.
 */

const fixed = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

test("every kind of response carries the security headers, and citizens' pages admit no inline script", async ({ request }) => {
  // (Until an instance has loaded the catalogue, nothing is kept.)
  await request.get("/sw/search?q=headers+warm");
  const answers = {
    page: await request.get("/sw/search?q=headers+test"),
    cached: await request.get("/sw/search?q=headers+test"),
    dataSaver: await request.get("/en/search?q=passport", { headers: { "Save-Data": "on" } }),
    missing: await request.get("/sw/services/hakuna-huduma-hii"),
    openData: await request.get("/api/v1/categories"),
    callback: await request.post("/api/ussd", { data: "sessionId=x" }),
    health: await request.get("/api/health/ready"),
  };
  expect(answers.cached.headers()["x-dirisha-cache"]).toBe("hit");
  expect(answers.missing.status()).toBe(404);
  expect(answers.callback.status()).toBe(401);
  for (const [kind, answer] of Object.entries(answers)) {
    const headers = answer.headers();
    for (const [name, value] of Object.entries(fixed)) expect(headers[name], `${kind}: ${name}`).toBe(value);
    expect(headers["permissions-policy"], kind).toContain("camera=()");
    const policy = headers["content-security-policy"] ?? "";
    expect(policy, kind).toContain("frame-ancestors 'none'");
    expect(policy, kind).toContain("object-src 'none'");
    expect(policy, kind).not.toContain("unsafe-inline' 'unsafe-eval");
    expect(/script-src ([^;]*)/.exec(policy)?.[1], kind).toBe("'self'");
    expect(headers["strict-transport-security"], `${kind}: no HSTS over plain HTTP`).toBeUndefined();
  }
  // What the policy allows is all a citizens' page has: no inline script but structured data.
  const html = await answers.page.text();
  for (const script of html.match(/<script\b[^>]*>/g) ?? []) expect(script).toMatch(/\bsrc="\/enhance\/|type="application\/ld\+json"/);
});

test("a staff page's framework scripts run under a nonce of its own response, and a nonce sent by the client is not believed", async ({
  page,
  request,
}) => {
  const nonces = [];
  for (let i = 0; i < 2; i++) {
    const answer = await request.get("/en/staff/sign-in", { headers: { "Content-Security-Policy": "script-src 'nonce-chosen-by-me'" } });
    const policy = answer.headers()["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    expect(nonce).not.toBe("chosen-by-me");
    const html = await answer.text();
    expect(html).not.toContain("chosen-by-me");
    // Every script of the page carries it.
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
  // And the page works in a browser under it (the fixture fails the test on anything refused).
  await page.goto("/en/staff/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
});
