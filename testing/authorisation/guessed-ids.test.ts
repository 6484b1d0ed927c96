import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applications } from "@/db/schema";
import { testEngines, type TestDatabase } from "@/testing/database";
import { answerOf, freshAddress, masked, request, type Role } from "./harness";
import type { World } from "./world";

/*
 * Issue 21: a guessed id of someone else's record is answered exactly as an unknown one is: the
 * same status and the same page, word for word but for the id itself. For each kind: bills and
 * receipts (their pages, through the proxy, and the SMS's short link), applications (their pages,
 * the check page and a question page through the proxy, the short link, a document's download),
 * and feedback, whose reference is the key to its status: it shows nothing of the sender, and
 * once a caller has used up the look-ups an hour allows (web, its "received" page, or USSD), a
 * real reference is answered as an unknown one. The actions on records by id (renew, cancel,
 * save, submit, reply) are in the matrix (actions.test.ts, "notFound").
 */

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-guessed-ids-"));
process.env.KEYS_DIR = keys;

let database: TestDatabase;
vi.mock("@/db", async (original) => ({
  ...(await original<typeof import("@/db")>()),
  getDb: async () => database.db,
  databaseHandle: async () => database,
}));
vi.mock("next/headers", async () => {
  const { cookieJar, requestHeaders } = await import("./harness");
  return { cookies: async () => cookieJar, headers: async () => requestHeaders() };
});
vi.mock("@/lib/identity/auth", async () => (await import("./sessions")).citizenAuth);
vi.mock("@/lib/staff/auth", async () => (await import("./sessions")).staffAuth);

afterAll(() => {
  fs.rmSync(keys, { recursive: true, force: true });
});

let w: World;
const PORTAL = "http://localhost:3000";

/** The session cookie next-auth sets for a signed-in citizen, as the proxy reads it. */
async function sessionCookie(citizenId: string): Promise<string> {
  const { encode } = await import("next-auth/jwt");
  const { authSecret } = await import("@/lib/keys");
  const { sessionCookieName } = await import("@/lib/identity/session-refresh");
  const name = sessionCookieName(false);
  return `${name}=${await encode({ token: { sub: citizenId, sid: randomUUID() }, secret: authSecret(), salt: name, maxAge: 1800 })}`;
}

/** What the proxy answers for an address: go on to the page, or the 404 page instead (and its address). */
async function proxied(pathname: string, cookie: string | null) {
  const { proxy } = await import("@/proxy");
  const response = await proxy(new NextRequest(`${PORTAL}${pathname}`, { headers: cookie ? { cookie, "accept-language": "sw" } : {} }));
  return {
    status: response.status,
    next: response.headers.get("x-middleware-next"),
    rewrite: response.headers.get("x-middleware-rewrite"),
    location: response.headers.get("location"),
  };
}

/** A page (a server component) as the browser gets it: its redirect, or its HTML. */
async function page(render: () => Promise<ReactElement>) {
  const answer = await answerOf(render);
  return "redirect" in answer ? answer : { html: renderToStaticMarkup(answer.value as ReactElement) };
}

const as = async (role: Role) => {
  request.cookies = new Map();
  request.address = freshAddress();
  await w.signInAs(role);
};

describe.each(testEngines())("guessed ids answered as unknown ones, on $name", ({ open }) => {
  let owner: string;
  let stranger: string;

  beforeAll(async () => {
    database = await open();
    const { jobQueue } = await import("@/lib/jobs/queue");
    const boss = await jobQueue(database);
    const { makeWorld } = await import("./world");
    w = await makeWorld(database, boss, 2);
    const { caller } = await import("./sessions");
    caller.current = { citizenActor: w.citizenActor, citizenSession: () => w.session.citizen, staffMember: w.staffMember };
    owner = await sessionCookie(w.people.owner.id);
    stranger = await sessionCookie(w.people.otherCitizen.id);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  /** Theirs and an unknown one's answers, the same but for the id; and the owner's, not the same. */
  async function alike<T>(answerFor: (id: string) => Promise<T>, theirs: string, unknown: string, owners?: () => Promise<T>) {
    const [their, guessed] = [await answerFor(theirs), await answerFor(unknown)];
    expect(masked(their, [theirs])).toBe(masked(guessed, [unknown]));
    if (owners) expect(masked(await owners(), [theirs])).not.toBe(masked(guessed, [unknown]));
    return their;
  }

  it("bills and receipts: another citizen's pages are the unknown bill's 404, before the page renders", async () => {
    const bill = await w.bill(w.people.owner.id, w.serviceId("birth-registration"), "issued");
    const unknown = randomUUID();
    for (const suffix of ["", "/receipt"]) {
      const their = await alike(
        (id) => proxied(`/sw/payments/${id}${suffix}`, stranger),
        bill.id,
        unknown,
        () => proxied(`/sw/payments/${bill.id}${suffix}`, owner),
      );
      expect(their.rewrite).toBe(`${PORTAL}/sw/_missing/payments/${bill.id}${suffix}`);
      // Not signed in: the page asks to sign in, for theirs as for any.
      await alike((id) => proxied(`/en/payments/${id}${suffix}`, null), bill.id, unknown);
    }
  });

  it("bills: the SMS's short link leads a stranger where an unknown BillId leads, naming nothing of the owner's", async () => {
    const bill = await w.bill(w.people.owner.id, w.serviceId("birth-registration"), "issued");
    const { default: BillShortLink } = await import("@/app/[locale]/b/[reference]/page");
    const follow = (reference: string) => answerOf(() => BillShortLink({ params: Promise.resolve({ locale: "sw", reference }) }));
    await as("otherCitizen");
    expect(await alike(follow, bill.billId, "DRS999999999999")).toEqual({ redirect: "/sw/account#payments" });
    await as("owner");
    expect(await follow(bill.billId)).toEqual({ redirect: `/sw/payments/${bill.id}` });
  });

  it("applications: another citizen's application, its check page and its question pages are the unknown one's 404", async () => {
    const id = await w.application("all");
    const unknown = randomUUID();
    for (const suffix of ["", "/check", "/child", "/end"]) {
      const their = await alike(
        (candidate) => proxied(`/sw/applications/${candidate}${suffix}`, stranger),
        id,
        unknown,
        () => proxied(`/sw/applications/${id}${suffix}`, owner),
      );
      expect(their.rewrite).toBe(`${PORTAL}/sw/_missing/applications/${id}${suffix}`);
    }
  });

  it("applications: the short link and a document's download answer a stranger as an unknown reference and document", async () => {
    const { applicationId, documentId } = await w.documentOfOwner();
    const reference = "APP-7K2Q-X9PL";
    await database.db.update(applications).set({ status: "submitted", reference }).where(eq(applications.id, applicationId));
    const { default: ApplicationShortLink } = await import("@/app/[locale]/a/[reference]/page");
    const follow = (candidate: string) =>
      answerOf(() => ApplicationShortLink({ params: Promise.resolve({ locale: "sw", reference: candidate }) }));
    await as("otherCitizen");
    expect(await alike(follow, reference, "APP-AAAA-BBBB")).toEqual({ redirect: "/sw/applications" });
    const { GET } = await import("@/app/[locale]/(account)/applications/[id]/documents/[documentId]/route");
    const download = async (candidate: string) => {
      const response = await GET(new Request(`${PORTAL}/sw/applications/${applicationId}/documents/${candidate}`), {
        params: Promise.resolve({ locale: "sw", documentId: candidate }),
      });
      return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
    };
    expect((await alike(download, documentId, randomUUID())).status).toBe(404);
    await as("owner");
    expect(await follow(reference)).toEqual({ redirect: `/sw/applications/${applicationId}` });
    expect((await download(documentId)).status).toBe(200);
  });

  it("feedback: its status page shows the same to its sender, another citizen and anyone, and nothing of the sender", async () => {
    const reference = await w.feedbackSent();
    const { default: FeedbackStatusPage } = await import("@/app/[locale]/(public)/feedback/status/page");
    const status = () =>
      page(() => FeedbackStatusPage({ params: Promise.resolve({ locale: "sw" }), searchParams: Promise.resolve({ reference }) }));
    const seen = new Set<string>();
    for (const role of ["owner", "otherCitizen", "anonymous", "admin"] as const) {
      await as(role);
      seen.add(JSON.stringify(await status()));
    }
    expect(seen.size).toBe(1);
    const [html] = [...seen];
    expect(html).toContain(reference);
    for (const personal of ["Rehema", "255700009901", "Nimesubiri"]) expect(html).not.toContain(personal);
  });

  it("feedback: once the look-ups an hour allows are used up, a real reference is answered as an unknown one, on the web and by USSD", async () => {
    const reference = await w.feedbackSent();
    const unknown = "MRJ-ZZZZ-9999";
    const { FEEDBACK_LOOKUPS } = await import("@/lib/feedback/reference");
    const { takeRateLimit } = await import("@/lib/security/rate-limit");
    const { default: FeedbackStatusPage } = await import("@/app/[locale]/(public)/feedback/status/page");
    const { default: FeedbackReceivedPage } = await import("@/app/[locale]/(public)/feedback/received/page");
    const status = (candidate: string) =>
      page(() =>
        FeedbackStatusPage({ params: Promise.resolve({ locale: "sw" }), searchParams: Promise.resolve({ reference: candidate }) }),
      );
    const received = (candidate: string) =>
      page(() =>
        FeedbackReceivedPage({ params: Promise.resolve({ locale: "sw" }), searchParams: Promise.resolve({ reference: candidate }) }),
      );
    await as("anonymous");
    // Within the limit the reference is the key: the real one is found, the unknown one is not.
    expect(masked(await status(reference), [reference])).not.toBe(masked(await status(unknown), [unknown]));
    expect(masked(await received(reference), [reference])).not.toBe(masked(await received(unknown), [unknown]));
    for (let i = 0; i < FEEDBACK_LOOKUPS.limit; i += 1) await takeRateLimit(database.db, FEEDBACK_LOOKUPS, request.address);
    await alike(status, reference, unknown);
    await alike(received, reference, unknown);
    expect(await received(reference)).toEqual({ redirect: `/sw/feedback/status?reference=${reference}` });

    // The same reference by USSD, from a phone that has used up its look-ups.
    const { answerUssd } = await import("@/lib/ussd/sessions");
    const { currentCatalogue } = await import("@/lib/catalogue/current");
    const phoneNumber = "255700001234";
    const ussd = async (candidate: string) =>
      (await answerUssd(database.db, await currentCatalogue(), { sessionId: randomUUID(), phoneNumber, text: `6*${candidate}` })).screen;
    expect(await ussd(reference)).toContain(reference);
    for (let i = 0; i < FEEDBACK_LOOKUPS.limit; i += 1) await takeRateLimit(database.db, FEEDBACK_LOOKUPS, phoneNumber);
    await alike(ussd, reference, unknown);
  });

  it("feedback: the SMS's short link goes to the status page without looking the reference up", async () => {
    const reference = await w.feedbackSent();
    const { default: FeedbackShortLink } = await import("@/app/[locale]/f/[reference]/page");
    const follow = (candidate: string) =>
      answerOf(() => FeedbackShortLink({ params: Promise.resolve({ locale: "sw", reference: candidate }) }));
    expect(await alike(follow, reference, "MRJ-ZZZZ-9999")).toEqual({ redirect: `/sw/feedback/status?reference=${reference}` });
  });
});
