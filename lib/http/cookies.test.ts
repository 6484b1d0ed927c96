import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";

/*
 * Every cookie the portal sets is HttpOnly, SameSite=Lax and, where the portal is served over
 * https, Secure (issue 21). The end-to-end tests run over plain HTTP (e2e/shell/cookies.spec.ts
 * reads every Set-Cookie there); here the portal is configured as production serves it, over
 * https, and the cookies are read as the proxy and next-auth write them.
 */

const PORTAL = "https://dirisha.go.tz";

/** A Set-Cookie line's attributes, by lowercase name ("httponly": "", "samesite": "lax"). */
function attributes(line: string): Record<string, string> {
  return Object.fromEntries(
    line
      .split(";")
      .slice(1)
      .map((part) => {
        const [name, ...value] = part.trim().split("=");
        return [name!.toLowerCase(), value.join("=").toLowerCase()];
      }),
  );
}

function expectGuarded(line: string, secure: boolean) {
  const of = attributes(line);
  expect(of, line).toHaveProperty("httponly");
  expect(["lax", "strict"], line).toContain(of.samesite);
  if (secure) expect(of, line).toHaveProperty("secure");
  else expect(of, line).not.toHaveProperty("secure");
}

describe("the portal's cookies over https", () => {
  beforeAll(() => {
    // Before anything reads the configuration (lib/env.ts keeps it once read).
    vi.stubEnv("PORTAL_URL", PORTAL);
    vi.stubEnv("AUTH_SECRET", "a-session-secret-for-this-test-only-0123456789");
  });

  it("sets its own with HttpOnly, SameSite=Lax and Secure, and removes them with the same attributes", async () => {
    const { cookieOptions, removedCookie, secureCookies } = await import("./cookies");
    expect(cookieOptions(900)).toEqual({ httpOnly: true, sameSite: "lax", secure: true, path: "/", maxAge: 900 });
    expect(cookieOptions()).toEqual({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
    expect(removedCookie()).toEqual({ httpOnly: true, sameSite: "lax", secure: true, path: "/", maxAge: 0 });
    // A trial machine over plain HTTP: a Secure cookie would never come back.
    expect(secureCookies("http://127.0.0.1:3000")).toBe(false);
  });

  it("sets the language cookie in the proxy with them", async () => {
    const { proxy } = await import("@/proxy");
    const response = await proxy(new NextRequest(`${PORTAL}/sw`));
    const lines = response.headers.getSetCookie();
    expect(lines.some((line) => line.startsWith("dirisha_lang=sw"))).toBe(true);
    for (const line of lines) expectGuarded(line, true);
  });

  it("configures next-auth's cookies, citizens' and staff's, the same way: sessions, CSRF and callback address", async () => {
    const { citizenAuthConfig } = await import("@/lib/identity/auth-config");
    const { staffAuthConfig } = await import("@/lib/staff/auth-config");
    const citizens = citizenAuthConfig();
    const staff = staffAuthConfig();
    expect(citizens.useSecureCookies).toBe(true);
    expect(staff.useSecureCookies).toBe(true);
    expect(staff.cookies?.sessionToken).toEqual({
      name: "__Secure-dirisha-staff.session-token",
      options: { httpOnly: true, sameSite: "lax", secure: true, path: "/" },
    });
    // As next-auth's core writes them for each instance (next-auth adds its default base path).
    const { Auth } = await import("@auth/core");
    for (const config of [{ ...citizens, basePath: citizens.basePath ?? "/api/auth" }, staff]) {
      const csrf = await Auth(new Request(`${PORTAL}${config.basePath}/csrf`), config);
      const lines = csrf.headers.getSetCookie();
      expect(
        lines.some((line) => line.startsWith("__Host-authjs.csrf-token=")),
        config.basePath,
      ).toBe(true);
      for (const line of lines) expectGuarded(line, true);
      const signIn = await Auth(
        new Request(`${PORTAL}${config.basePath}/signin?callbackUrl=${encodeURIComponent(`${PORTAL}/sw`)}`),
        config,
      );
      const callback = signIn.headers.getSetCookie();
      expect(
        callback.some((line) => line.startsWith("__Secure-authjs.callback-url=")),
        config.basePath,
      ).toBe(true);
      for (const line of callback) expectGuarded(line, true);
    }
  });
});

/** The portal's own source files (tests aside) under these folders. */
function sources(...roots: string[]): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.(ts|tsx|mjs)$/.test(entry.name)) found.push(full);
    }
  };
  for (const root of roots) {
    const full = path.resolve(root);
    if (fs.statSync(full).isDirectory()) walk(full);
    else found.push(full);
  }
  return found;
}

describe("every place that sets a cookie", () => {
  it("sets it with cookieOptions() or removes it with removedCookie(), never with options of its own", () => {
    const calls: string[] = [];
    for (const file of sources("app", "lib", "components", "proxy.ts", "server.mjs")) {
      const text = fs.readFileSync(file, "utf8");
      const relative = path.relative(process.cwd(), file);
      // A cookie deleted by name alone loses its attributes (Set-Cookie: name=; Path=/).
      for (const match of text.matchAll(/cookies(\(\)\))?\.delete\(/g)) calls.push(`${relative}: ${match[0]} (use removedCookie())`);
      for (const match of text.matchAll(/cookies(\(\)\))?\.set\(/g)) {
        const call = text.slice(match.index, match.index + 400);
        const end = call.indexOf(");");
        const args = end < 0 ? call : call.slice(0, end);
        if (!/cookieOptions\(|removedCookie\(/.test(args)) calls.push(`${relative}: ${args.replace(/\s+/g, " ")}`);
      }
      // Nor is a cookie written as a header by hand.
      for (const match of text.matchAll(/(setHeader|headers\.(set|append))\(\s*["']set-cookie["']/gi))
        calls.push(`${relative}: ${match[0]}`);
    }
    expect(calls).toEqual([]);
  });
});
