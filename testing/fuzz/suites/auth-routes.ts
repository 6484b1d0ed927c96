import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, it, vi } from "vitest";
import type { TestDatabase } from "@/testing/database";
import type { FuzzContext } from "../context";
import { fuzz, fuzzTimeout, hostileText, loggedErrors, mostly, shown, writeWatch } from "../harness";
import { ROUTES } from "../targets";

/*
 * next-auth's routes, the citizens' (/api/auth) and the staff's (/api/staff-auth), with the
 * portal's real configuration (issue 21, "Hostile input"): any action in the path, hostile
 * callback addresses, cookies and bodies, and single-use proofs that were never made, with and
 * without a right CSRF token. Properties: never a throw or a 500, never an error logged by the
 * portal, never a redirect to another site, never a session cookie for a proof nobody made, and
 * nothing written.
 */

const ORIGIN = "http://portal.test";
/** A header's value from any text: what a client can put in one. */
const headerSafe = (text: string) => new URLSearchParams({ v: text }).toString().slice(2, 402);

type Handler = (request: NextRequest) => Promise<Response>;
type Case = {
  method: "GET" | "POST";
  action: string;
  search: string;
  cookie: string;
  withCsrf: boolean;
  body: string;
  type: string;
};

export function authRoutes(context: FuzzContext): void {
  const { engine } = context;
  let database: TestDatabase;
  beforeAll(async () => {
    database = context.database();
    // next-auth logs every refusal with its stack to the console (its own logger, not the portal's): kept out of the output.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  const instances = {
    "app/api/auth/[...nextauth]/route.ts": { base: "/api/auth", provider: "nin-proof", session: "authjs.session-token" },
    "app/api/staff-auth/[...nextauth]/route.ts": {
      base: "/api/staff-auth",
      provider: "staff-proof",
      session: "dirisha-staff.session-token",
    },
  };

  it.each(Object.keys(ROUTES.routes).filter((file) => file.includes("nextauth")))(
    "%s",
    async (file) => {
      const instance = instances[file as keyof typeof instances];
      const handlers = (await import(/* @vite-ignore */ `@/${file.replace(/\.ts$/, "")}`)) as { GET: Handler; POST: Handler };
      // A right CSRF token and its cookie, as a browser holds them, for the cases that send them.
      const csrfResponse = await handlers.GET(new NextRequest(`${ORIGIN}${instance.base}/csrf`));
      const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
      const csrfCookie = (csrfResponse.headers.getSetCookie()[0] ?? "").split(";")[0]!;

      const cases: fc.Arbitrary<Case> = fc.record({
        method: fc.constantFrom("GET", "POST"),
        action: mostly(
          "session",
          "csrf",
          "providers",
          "signin",
          "signout",
          `callback/${instance.provider}`,
          `signin/${instance.provider}`,
          "error",
          "callback/other",
          "verify-request",
          "webauthn-options/x",
          "../../x",
        ).map((action) =>
          action
            .split("/")
            .map((part) => encodeURIComponent(new URLSearchParams({ p: part }).get("p")!))
            .join("/"),
        ),
        search: fc
          .record({
            callbackUrl: fc.option(
              mostly("/sw/account", "//evil.example", "https://evil.example/", "javascript:alert(1)", "/\\evil.example"),
            ),
            error: fc.option(hostileText),
          })
          .map((q) => new URLSearchParams(Object.entries(q).filter(([, v]) => v !== null) as [string, string][]).toString()),
        cookie: fc.oneof(
          fc.constant(""),
          fc.constantFrom(
            `${instance.session}=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z`,
            `${instance.session}=${"A".repeat(5000)}`,
            "authjs.callback-url=https%3A%2F%2Fevil.example",
          ),
          hostileText.map((t) => `${instance.session}=${headerSafe(t)}`),
        ),
        withCsrf: fc.boolean(),
        body: fc
          .record({
            proof: fc.option(mostly("p".repeat(43), "")),
            callbackUrl: fc.option(mostly("/sw/account", "https://evil.example/", "//evil.example")),
            redirect: fc.option(mostly("false", "true")),
            json: fc.option(mostly("true")),
          })
          .map((fields) => new URLSearchParams(Object.entries(fields).filter(([, v]) => v !== null) as [string, string][]).toString()),
        type: fc.constantFrom("application/x-www-form-urlencoded", "application/json", "text/plain", ""),
      });

      const writes = await writeWatch(database.db);
      const errors = loggedErrors();
      try {
        await fuzz(`GET, POST ${file} (${engine})`, cases, async (c) => {
          errors.lines.length = 0;
          const url = `${ORIGIN}${instance.base}/${c.action}${c.search ? `?${c.search}` : ""}`;
          const cookies = [c.cookie, c.withCsrf ? csrfCookie : ""].filter(Boolean).join("; ");
          const headers: Record<string, string> = {
            ...(cookies ? { cookie: cookies } : {}),
            ...(c.type ? { "content-type": c.type } : {}),
          };
          const body = c.method === "POST" ? `${c.body}${c.withCsrf ? `&csrfToken=${encodeURIComponent(csrfToken)}` : ""}` : undefined;
          let response: Response;
          try {
            response = await handlers[c.method](new NextRequest(url, { method: c.method, headers, body }));
          } catch (error) {
            throw new Error(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : shown(error)}`, { cause: error });
          }
          if (response.status >= 500) throw new Error(`status ${response.status}: ${shown(await response.text())}`);
          // Rule: wherever next-auth sends the browser, it is this portal (a callbackUrl elsewhere is ignored).
          const location = response.headers.get("location");
          if (location && new URL(location, ORIGIN).origin !== ORIGIN) throw new Error(`redirected to ${shown(location)}`);
          const body_ = await response.text();
          if (/^\{/.test(body_)) {
            const answer = JSON.parse(body_) as { url?: unknown };
            if (typeof answer.url === "string" && new URL(answer.url, ORIGIN).origin !== ORIGIN)
              throw new Error(`sent on to ${shown(answer.url)}`);
          }
          // Rule: no proof was ever made here, so no session is ever started.
          const session = response.headers
            .getSetCookie()
            .find((cookie) => cookie.startsWith(`${instance.session}=`) && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie));
          if (session) throw new Error(`a session cookie for ${shown(c)}`);
          const changed = await writes.changed();
          if (changed.length) throw new Error(`wrote to ${changed.join(", ")}`);
          if (errors.lines.length) throw new Error(`logged errors: ${errors.lines.map(shown).join(" | ")}`);
          return String(response.status);
        });
      } finally {
        errors.stop();
      }
    },
    fuzzTimeout(),
  );
}
