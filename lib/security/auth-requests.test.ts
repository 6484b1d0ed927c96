import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { withoutBadCallbackUrl } from "./auth-requests";

/*
 * Issue 21: next-auth answered 500 to a callbackUrl it could not read (?callbackUrl=javascript:…,
 * a NUL, or the same in its cookie), so anyone could make the sign-in routes fail.
 */

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-auth-requests-"));
process.env.KEYS_DIR = keys;
afterAll(() => fs.rmSync(keys, { recursive: true, force: true }));

describe("a callbackUrl next-auth cannot read", () => {
  it("is dropped from the query and the cookie; a readable one, and everything else, is kept", () => {
    const request = new NextRequest("http://portal.test/api/auth/session?callbackUrl=javascript%3Aalert(1)&x=1", {
      headers: { cookie: "authjs.callback-url=%00; authjs.csrf-token=abc%7Cdef" },
    });
    const cleaned = withoutBadCallbackUrl(request);
    expect(cleaned.nextUrl.searchParams.has("callbackUrl")).toBe(false);
    expect(cleaned.nextUrl.searchParams.get("x")).toBe("1");
    expect(cleaned.cookies.get("authjs.callback-url")).toBeUndefined();
    expect(cleaned.cookies.get("authjs.csrf-token")?.value).toBe("abc|def");
    for (const fine of ["/sw/account", "https://portal.test/en", "http://elsewhere.example/"]) {
      const kept = new NextRequest(`http://portal.test/api/auth/signin?callbackUrl=${encodeURIComponent(fine)}`);
      expect(withoutBadCallbackUrl(kept)).toBe(kept);
    }
  });

  it("no longer makes next-auth's routes answer 500, for citizens or staff", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const citizens = await import("@/app/api/auth/[...nextauth]/route");
    const staff = await import("@/app/api/staff-auth/[...nextauth]/route");
    for (const [route, base] of [
      [citizens, "/api/auth"],
      [staff, "/api/staff-auth"],
    ] as const) {
      for (const bad of ["javascript%3Aalert(1)", "%00%2Fsw", "%5Cevil"]) {
        const response = await route.GET(new NextRequest(`http://portal.test${base}/session?callbackUrl=${bad}`));
        expect(response.status, `${base} ?callbackUrl=${bad}`).toBe(200);
      }
      const cookie = await route.GET(
        new NextRequest(`http://portal.test${base}/providers`, { headers: { cookie: "authjs.callback-url=javascript:x" } }),
      );
      expect(cookie.status).toBe(200);
    }
    vi.restoreAllMocks();
  });
});
