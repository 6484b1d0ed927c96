import { desc, eq } from "drizzle-orm";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { beforeAll, expect, it } from "vitest";
import { applicationDocuments, formVersions } from "@/db/schema";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/security/permissions";
import type { TestDatabase } from "@/testing/database";
import type { FuzzContext } from "../context";
import { request } from "../requests";
import { fuzz, fuzzTimeout, hostileText, loggedErrors, mostly, shown, writeWatch } from "../harness";
import { ROUTES } from "../targets";
import { everyQuestion, nidaRecord, type World } from "../world";

/*
 * The routes that answer GET (issue 21, "Hostile input"): open data, health, metrics, the
 * enhancement scripts, citizens' documents and data, staff exports and the invitation link,
 * fuzzed with hostile path segments, query parameters and headers, as a citizen, another
 * citizen, staff and nobody. Properties: never a throw or a 500, never an error logged, nothing
 * written (a GET changes nothing), JSON where JSON is promised, a redirect only to the portal, a
 * file sent as an attachment that is not sniffed, the invitation's cookie only for a token of
 * its shape. The next-auth routes: auth-routes.ts.
 */

/** A path segment as Next hands it to a route: decoded, so never half a surrogate pair. */
const segment = (...plausible: string[]) => mostly(...plausible).map((text) => new URLSearchParams({ s: text }).get("s")!);
/** Query parameters: each named one plausible or hostile, or missing, and stray ones. */
const query = (names: Record<string, string[]>) =>
  fc
    .tuple(
      fc.record(Object.fromEntries(Object.entries(names).map(([name, values]) => [name, fc.option(mostly(...values), { freq: 4 })]))),
      fc.array(fc.tuple(fc.constantFrom("__proto__", "constructor", "page", "q", "x"), hostileText), { maxLength: 2 }),
    )
    .map(([values, stray]) => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(values)) if (value !== null) params.append(name, value);
      for (const [name, value] of stray) params.append(name, value);
      return params.toString();
    });

type RouteCase = { path: Record<string, string>; search: string; actor: Actor; headers: Record<string, string> };
type Target = {
  cases: fc.Arbitrary<RouteCase>;
  call: (url: string, c: RouteCase) => Promise<Response>;
  url: (c: RouteCase) => string;
  check: (response: Response, body: string, c: RouteCase) => void;
};

const json = (body: string) => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new Error(`not JSON: ${shown(body)}`);
  }
};
/** A header's value from any text: what a client can put in one (percent-escaped, at most 200 characters). */
const headerSafe = (text: string) => new URLSearchParams({ v: text }).toString().slice(2, 202);
/** A redirect to a page of the portal (at its configured address, or the address it was asked at). */
const onPortal = (location: string | null) => {
  const url = new URL(location ?? "", env().PORTAL_URL);
  const origins = [new URL(env().PORTAL_URL).origin, "http://portal.test"];
  if (!origins.includes(url.origin) || !/^\/(sw|en)\//.test(url.pathname)) throw new Error(`redirected off the portal: ${shown(location)}`);
};
const expectStatus = (response: Response, ...allowed: number[]) => {
  if (!allowed.includes(response.status)) throw new Error(`status ${response.status}`);
};
const attachment = (response: Response) => {
  const disposition = response.headers.get("content-disposition") ?? "";
  if (!disposition.startsWith("attachment;") || /[\r\n]/.test(disposition)) throw new Error(`not an attachment: ${shown(disposition)}`);
};

export function getRoutes(context: FuzzContext): void {
  const { engine } = context;
  let database: TestDatabase;
  let world: World;
  let targets: Record<string, Target>;

  beforeAll(async () => {
    database = context.database();
    world = context.world();
    const { owner, other, staff } = world;
    // A document of the owner's, and the published form's version, for the downloads to find.
    const { savePage, startApplication } = await import("@/lib/applications/applications");
    const { databaseStore } = await import("@/lib/applications/documents");
    // A draft of its own: the actions fuzzed before may have sent the world's, or withdrawn its form (published again here).
    const start = () =>
      startApplication(database.db, {
        citizenId: owner.citizenId,
        service: { id: world.services.birth, institutionId: world.institutions.rita },
        record: nidaRecord,
        locale: "sw",
      });
    let draft = await start();
    if (!draft.ok && draft.problem === "noForm") {
      const [last] = await database.db
        .select({ number: formVersions.number })
        .from(formVersions)
        .where(eq(formVersions.serviceId, world.services.birth))
        .orderBy(desc(formVersions.number))
        .limit(1);
      await database.db.insert(formVersions).values({
        serviceId: world.services.birth,
        institutionId: world.institutions.rita,
        number: (last?.number ?? 0) + 1,
        state: "published",
        definition: everyQuestion,
      });
      draft = await start();
    }
    if (!draft.ok) throw new Error(`no draft: ${draft.problem}`);
    const saved = await savePage(database.db, databaseStore, {
      citizenId: owner.citizenId,
      id: draft.id,
      pageId: "contact",
      fields: { text: () => "", all: () => [] },
      files: async (name) =>
        name === "q_notice" ? { name: 'taarifa "ya" kuzaliwa\r\n.pdf', bytes: Buffer.from("%PDF-1.7\n%fuzz\n") } : null,
    });
    if (!saved.ok) throw new Error(`no document: ${saved.problem}`);
    const [document] = await database.db.select({ id: applicationDocuments.id }).from(applicationDocuments);
    const [form] = await database.db
      .select({ id: formVersions.id })
      .from(formVersions)
      .where(eq(formVersions.serviceId, world.services.birth));
    const actors = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom<Actor>(owner, staff.admin) },
      { weight: 1, arbitrary: fc.constantFrom<Actor>(other, { kind: "anonymous" }, staff.ritaEditor, staff.brelaEditor) },
    );
    const headers = fc.record({
      "x-dirisha-client-address": fc.constantFrom("127.0.0.1", "198.51.100.9", "::1", "not an address"),
      authorization: fc.oneof(
        fc.constant(""),
        fc.constant("Bearer x"),
        hostileText.map((t) => `Bearer ${headerSafe(t)}`),
      ),
      "if-none-match": fc.oneof(fc.constant(""), fc.constant('"abc", W/"def"'), hostileText.map(headerSafe)),
    });
    const cases = (path: Record<string, fc.Arbitrary<string>>, search: Record<string, string[]> = {}) =>
      fc.record({ path: fc.record(path), search: query(search), actor: actors, headers });
    const locale = segment("sw", "en");
    const plain = (module: string) => async (url: string, c: RouteCase) => {
      const { GET } = (await import(/* @vite-ignore */ module)) as {
        GET: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
      };
      return GET(new NextRequest(url, { headers: c.headers }), { params: Promise.resolve(c.path) });
    };
    const openData = (
      check: Target["check"] = (response, body) => {
        expectStatus(response, 200, 304, 400, 404);
        if (response.status !== 304) json(body);
      },
    ) => check;
    const under = (path: string) => (c: RouteCase) =>
      `http://portal.test${path.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(c.path[name] ?? ""))}?${c.search}`;

    targets = {
      "app/[locale]/(account)/applications/[id]/documents/[documentId]/route.ts": {
        cases: cases({
          locale,
          id: segment(draft.id, ...world.drafts),
          documentId: segment(document!.id, "00000000-0000-4000-8000-000000000000", "-".repeat(36)),
        }),
        url: under("/[locale]/applications/[id]/documents/[documentId]"),
        call: plain("@/app/[locale]/(account)/applications/[id]/documents/[documentId]/route"),
        check(response) {
          expectStatus(response, 200, 404);
          if (response.status === 200) attachment(response);
        },
      },
      "app/[locale]/(account)/account/data/download/route.ts": {
        cases: cases({ locale }),
        url: under("/[locale]/account/data/download"),
        call: plain("@/app/[locale]/(account)/account/data/download/route"),
        check(response, body) {
          expectStatus(response, 200, 303);
          if (response.status === 303) onPortal(response.headers.get("location"));
          else {
            attachment(response);
            json(body);
          }
        },
      },
      "app/[locale]/(editor)/staff/export/route.ts": {
        cases: cases({ locale }, { institution: ["rita", "brela", "nida"], format: ["csv", "json"] }),
        url: under("/[locale]/staff/export"),
        call: plain("@/app/[locale]/(editor)/staff/export/route"),
        check(response, body) {
          expectStatus(response, 200, 303, 404);
          if (response.status === 303) onPortal(response.headers.get("location"));
          if (response.status === 200) {
            attachment(response);
            if (response.headers.get("content-type")?.startsWith("application/json")) json(body);
          }
        },
      },
      "app/[locale]/(editor)/staff/invitation/[token]/route.ts": {
        cases: cases({ locale, token: segment("A".repeat(43), "abc_DEF-0123456789abcdefghijklmnopqrstuvwxy") }),
        url: under("/[locale]/staff/invitation/[token]"),
        call: plain("@/app/[locale]/(editor)/staff/invitation/[token]/route"),
        check(response, _body, c) {
          expectStatus(response, 303);
          onPortal(response.headers.get("location"));
          // Rule: only a token of the link's shape goes into the cookie; anything else is dropped.
          const cookie = response.headers.get("set-cookie");
          if (Boolean(cookie) !== /^[A-Za-z0-9_-]{43}$/.test(c.path.token!))
            throw new Error(`cookie ${shown(cookie)} for token ${shown(c.path.token)}`);
        },
      },
      "app/[locale]/(editor)/staff/listings/[serviceId]/form/export/route.ts": {
        cases: cases(
          { locale, serviceId: segment(world.services.birth, world.services.death) },
          { version: [form!.id, "00000000-0000-4000-8000-000000000000", "-".repeat(36)] },
        ),
        url: under("/[locale]/staff/listings/[serviceId]/form/export"),
        call: plain("@/app/[locale]/(editor)/staff/listings/[serviceId]/form/export/route"),
        check(response, body) {
          expectStatus(response, 200, 303, 404);
          if (response.status === 303) onPortal(response.headers.get("location"));
          if (response.status === 200) json(body);
        },
      },
      "app/api/health/live/route.ts": {
        cases: cases({}),
        url: under("/api/health/live"),
        call: plain("@/app/api/health/live/route"),
        check: (response, body) => (expectStatus(response, 200), json(body)),
      },
      "app/api/health/ready/route.ts": {
        cases: cases({}),
        url: under("/api/health/ready"),
        call: plain("@/app/api/health/ready/route"),
        check: (response, body) => (expectStatus(response, 200), json(body)),
      },
      "app/api/health/route.ts": {
        cases: cases({}),
        url: under("/api/health"),
        call: plain("@/app/api/health/route"),
        check: (response, body) => (expectStatus(response, 200), json(body)),
      },
      "app/api/metrics/route.ts": {
        cases: cases({}),
        url: under("/api/metrics"),
        call: plain("@/app/api/metrics/route"),
        check(response, _body, c) {
          expectStatus(response, 200, 403);
          // Rule: operators only: an allowed address (127.0.0.1 and ::1 by default) or the token, which is not set here.
          const allowed = ["127.0.0.1", "::1"].includes(c.headers["x-dirisha-client-address"]!);
          if ((response.status === 200) !== allowed) throw new Error(`${response.status} for ${shown(c.headers)}`);
        },
      },
      "app/api/v1/categories/route.ts": {
        cases: cases({}, { page: ["1", "2", "0", "-1", "1e9"], per_page: ["10", "200", "201"] }),
        url: under("/api/v1/categories"),
        call: plain("@/app/api/v1/categories/route"),
        check: openData(),
      },
      "app/api/v1/cpsv-ap/route.ts": {
        cases: cases({}),
        url: under("/api/v1/cpsv-ap"),
        call: plain("@/app/api/v1/cpsv-ap/route"),
        check: openData(),
      },
      "app/api/v1/institutions/route.ts": {
        cases: cases({}, { page: ["1", "3"], per_page: ["1", "50"] }),
        url: under("/api/v1/institutions"),
        call: plain("@/app/api/v1/institutions/route"),
        check: openData(),
      },
      "app/api/v1/life-events/route.ts": {
        cases: cases({}, { page: ["1"], per_page: ["5"] }),
        url: under("/api/v1/life-events"),
        call: plain("@/app/api/v1/life-events/route"),
        check: openData(),
      },
      "app/api/v1/services/[id]/route.ts": {
        cases: cases({ id: segment(world.services.birth, "birth-registration", "usajili-wa-kizazi", "nope") }),
        url: under("/api/v1/services/[id]"),
        call: plain("@/app/api/v1/services/[id]/route"),
        check: openData(),
      },
      "app/api/v1/services/route.ts": {
        cases: cases(
          {},
          {
            q: ["cheti", "birth", "x".repeat(201)],
            institution: ["rita"],
            category: ["identity"],
            life_event: ["birth-of-a-child"],
            page: ["1"],
            per_page: ["20"],
          },
        ),
        url: under("/api/v1/services"),
        call: plain("@/app/api/v1/services/route"),
        check: openData(),
      },
      "app/api/v1/suggest/route.ts": {
        cases: cases({}, { q: ["che", "bi", "c"], lang: ["sw", "en", "fr"] }),
        url: under("/api/v1/suggest"),
        call: plain("@/app/api/v1/suggest/route"),
        check(response, body) {
          expectStatus(response, 200);
          const { suggestions } = json(body) as { suggestions: unknown };
          if (!Array.isArray(suggestions) || suggestions.length > 6 || suggestions.some((s) => typeof s !== "string"))
            throw new Error(`suggestions ${shown(suggestions)}`);
        },
      },
      "app/enhance/[file]/route.ts": {
        cases: cases({ file: segment("suggest.js", "suggest.0.js", "../../package.json", "suggest.%2e%2e.js") }),
        url: under("/enhance/[file]"),
        call: plain("@/app/enhance/[file]/route"),
        check(response) {
          expectStatus(response, 200, 404);
          if (response.status === 200 && response.headers.get("x-content-type-options") !== "nosniff")
            throw new Error("a script without nosniff");
        },
      },
    };
  });

  it.each(Object.keys(ROUTES.routes).filter((file) => !file.includes("nextauth")))(
    "GET %s",
    async (file) => {
      const target = targets[file];
      expect(target, `a fuzz target for ${file}`).toBeDefined();
      const writes = await writeWatch(database.db);
      const errors = loggedErrors();
      try {
        await fuzz(`GET ${file} (${engine})`, target!.cases, async (c) => {
          errors.lines.length = 0;
          request.actor = c.actor;
          let response: Response;
          try {
            response = await target!.call(target!.url(c), c);
          } catch (error) {
            // Next's notFound() is its 404 (a language that is not one of the portal's, from a route's localeFrom).
            const digest = (error as { digest?: unknown }).digest;
            if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return "404 (notFound)";
            throw new Error(
              `threw ${typeof digest === "string" ? digest : error instanceof Error ? `${error.name}: ${error.message}` : shown(error)}`,
              { cause: error },
            );
          }
          const body = await response.text();
          target!.check(response, body, c);
          const changed = await writes.changed();
          if (changed.length) throw new Error(`a GET wrote to ${changed.join(", ")}`);
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
