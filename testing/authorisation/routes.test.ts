import { generateKeyPairSync, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testEngines, type TestDatabase } from "@/testing/database";
import {
  cells,
  differences,
  fingerprint,
  freshAddress,
  HTTP_METHODS,
  masked,
  request,
  ROLES,
  ROOT,
  routeFiles,
  type Cells,
  type Expected,
  type Role,
} from "./harness";
import type { World } from "./world";

/*
 * Issue 21, the authorisation matrix of the route handlers: every exported method of every
 * route.ts under app/ has a row, checked against the files found at run time. Routes a browser
 * session opens (a citizen's document, the staff's exports, an invitation link) are called as
 * each of the seven callers on a real database; callbacks from GePG, GovESB, the USSD aggregator
 * and mGov, and Prometheus's scrape, are restricted by who calls (a signature, a secret, an
 * address), so their rows are by caller, and a browser's session changes nothing for them;
 * public routes say why they are public and must answer every caller alike.
 */

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-authorisation-routes-"));
process.env.KEYS_DIR = keys;
// GePG and the bus, as far as the portal knows them: their public keys in KEYS_DIR.
const gepg = generateKeyPairSync("rsa", { modulusLength: 2048 });
fs.writeFileSync(path.join(keys, "gepg-public.pem"), gepg.publicKey.export({ type: "spki", format: "pem" }));
const bus = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
fs.writeFileSync(path.join(keys, "govesb-bus-public.pem"), bus.publicKey.export({ type: "spki", format: "pem" }));
const stranger = { rsa: generateKeyPairSync("rsa", { modulusLength: 2048 }), ec: generateKeyPairSync("ec", { namedCurve: "secp256k1" }) };
// The callers the portal is configured to take: each system from its own address, with its secret.
const AGGREGATOR = "192.0.2.50";
const MGOV = "192.0.2.51";
const PROMETHEUS = "192.0.2.60";
Object.assign(process.env, {
  USSD_SECRET: "ussd-secret-of-the-matrix-0001",
  USSD_ALLOWED_ADDRESSES: AGGREGATOR,
  SMS_INBOUND_SECRET: "mgov-secret-of-the-matrix-0001",
  SMS_INBOUND_ALLOWED_ADDRESSES: MGOV,
  METRICS_TOKEN: "prometheus-token-of-the-matrix-000000001",
  METRICS_ALLOWED_ADDRESSES: PROMETHEUS,
});

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

const PORTAL = "http://localhost:3000";
type Call = { path: string; params?: Record<string, string>; method?: string; body?: string; headers?: Record<string, string> };
type Prepared = Call & { target?: string; unknown?: string; data?: Record<string, string> };
type Received = { response: Response; body: string };

/** A route called by a browser session: one answer per role. */
type RolesRow = {
  kind: "roles";
  cells: Cells;
  prepare: (cell: { role: Role; expected: Expected }) => Promise<Prepared>;
  done: (received: Received, prepared: Prepared) => Promise<void> | void;
};
/** A route only a system (or an operator) calls, told apart by a signature, a secret or an address. */
type CallersRow = {
  kind: "callers";
  callers: Record<
    string,
    {
      expected: "allowed" | "refused";
      status: number;
      prepare: () => Promise<Prepared>;
      done?: (received: Received, prepared: Prepared) => Promise<void> | void;
    }
  >;
};
/**
 * A route open to everyone, and why: called as each role, it must answer all alike and write
 * nothing; or, for next-auth's own handlers (which do not load outside Next), its file must be
 * nothing but them, so that any code of ours added there needs a row of its own.
 */
type PublicRow = { kind: "public"; reason: string; call: Call } | { kind: "public"; reason: string; source: RegExp };
type Row = RolesRow | CallersRow | PublicRow;

let w: World;
let boss: PgBoss;

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
const form = (values: Record<string, string>) => new URLSearchParams(values).toString();
const xml = { "content-type": "application/xml" };
const json = { "content-type": "application/json" };

let sequence = 0;
const next = () => String((sequence += 1)).padStart(6, "0");

/** A GePG message as GePG sends it: the content and its signature, by GePG's key or another. */
async function gepgMessage(content: string, key: "gepg" | "stranger") {
  const { sealGepgMessage } = await import("@/lib/integrations/gepg/signature");
  return sealGepgMessage(content, key === "gepg" ? gepg.privateKey : stranger.rsa.privateKey);
}
const paymentRecord = (billId: string, number: string, trxId: string) =>
  `<PmtTrxDtl><SpCode>SP99001</SpCode><BillId>${billId}</BillId><BillCtrNum>${number}</BillCtrNum><PspCode>PSP101</PspCode><PspName>M-Pesa (Vodacom)</PspName><TrxId>${trxId}</TrxId><PayRefId>PR${trxId}</PayRefId><BillAmt>8000.00</BillAmt><PaidAmt>8000.00</PaidAmt><BillPayOpt>3</BillPayOpt><Ccy>TZS</Ccy><CollAccNum>9900000000101</CollAccNum><TrxDtTm>2026-11-25T10:15:00</TrxDtTm><UsdPayChnl>MOBILE</UsdPayChnl><TrdPtyTrxId>QK71XY${trxId.slice(-4)}</TrdPtyTrxId><QtRefId></QtRefId><PyrCellNum>255700000001</PyrCellNum><PyrEmail></PyrEmail><PyrName>Rehema Mushi</PyrName><Rsv1></Rsv1><Rsv2></Rsv2><Rsv3></Rsv3></PmtTrxDtl>`;

/** The three GePG callbacks, each by GePG (applied) and by anyone else (refused with 7303, nothing kept). */
function gepgRow(make: (signer: "gepg" | "stranger") => Promise<Prepared>, done: (prepared: Prepared) => Promise<void>): CallersRow {
  return {
    kind: "callers",
    callers: {
      "GePG, signed with its key": {
        expected: "allowed",
        status: 200,
        prepare: () => make("gepg"),
        done: async ({ body }, prepared) => {
          expect(body).toContain("<AckStsCode>7101</AckStsCode>");
          await done(prepared);
        },
      },
      "anyone else, signed with another key": {
        expected: "refused",
        status: 200,
        prepare: () => make("stranger"),
        done: ({ body }) => expect(body).toContain("<AckStsCode>7303</AckStsCode>"),
      },
    },
  };
}

/** A GovESB push, by the bus (applied) or signed by anyone else (401, nothing kept). */
async function busPush(path: string, data: unknown, signer: "bus" | "stranger"): Promise<Prepared> {
  const { sealEnvelope } = await import("@/lib/integrations/govesb/envelope");
  return { path, method: "POST", headers: json, body: sealEnvelope(data, signer === "bus" ? bus.privateKey : stranger.ec.privateKey) };
}
function busRow(make: (signer: "bus" | "stranger") => Promise<Prepared>, done: (prepared: Prepared) => Promise<void>): CallersRow {
  return {
    kind: "callers",
    callers: {
      "the bus, signed with its key": {
        expected: "allowed",
        status: 200,
        prepare: () => make("bus"),
        done: (_received, prepared) => done(prepared),
      },
      "anyone else, signed with another key": { expected: "refused", status: 401, prepare: () => make("stranger") },
    },
  };
}

/** The aggregator's and mGov's calls: their secret, from their address; else 401 or 403 before the body is read. */
function systemRow(
  path: string,
  user: string,
  secret: string,
  address: string,
  body: () => Record<string, string>,
  done: (received: Received) => Promise<void> | void,
): CallersRow {
  const call = (authorization: string, from: string) => async (): Promise<Prepared> => ({
    path,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization, "x-dirisha-client-address": from },
    body: form(body()),
  });
  return {
    kind: "callers",
    callers: {
      "the system, with its secret, from its address": {
        expected: "allowed",
        status: 200,
        prepare: call(basic(user, secret), address),
        done,
      },
      "its secret from another address": { expected: "refused", status: 403, prepare: call(basic(user, secret), "203.0.113.9") },
      "its address without the secret": { expected: "refused", status: 401, prepare: call(basic(user, "not-the-secret-at-all"), address) },
    },
  };
}

/** A route file that is next-auth's handlers and nothing else. */
const NEXT_AUTH = (name: string, from: string) =>
  new RegExp(`^import \\{ ${name} \\} from "${from}";\\s*export const \\{ GET, POST \\} = ${name};\\s*$`);

const MY_DATA = "app/[locale]/(account)/account/data/download/route.ts";
const DOCUMENT = "app/[locale]/(account)/applications/[id]/documents/[documentId]/route.ts";
const EXPORT = "app/[locale]/(editor)/staff/export/route.ts";
const INVITATION = "app/[locale]/(editor)/staff/invitation/[token]/route.ts";
const FORM_EXPORT = "app/[locale]/(editor)/staff/listings/[serviceId]/form/export/route.ts";

const A: Expected = "allowed";
const S: Expected = "signIn";
const N: Expected = "notFound";

const table: Record<string, Row> = {
  // What a browser session opens.
  [`${DOCUMENT}#GET`]: {
    // A staff member is nobody on the citizens' side; anyone but the owner gets the unknown id's 404.
    kind: "roles",
    cells: cells(N, A, N, N, N, N, N),
    prepare: async () => {
      const { applicationId, documentId } = await w.once("document", () => w.documentOfOwner());
      return {
        path: `/sw/applications/${applicationId}/documents/${documentId}`,
        params: { locale: "sw", id: applicationId, documentId },
        target: documentId,
      };
    },
    done: ({ response, body }) => {
      expect([response.status, response.headers.get("content-type"), body]).toEqual([200, "application/pdf", w.pdf.toString("latin1")]);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="tangazo\.pdf"/);
    },
  },
  [`${MY_DATA}#GET`]: {
    // Each citizen downloads what is held about them, and nothing of anyone else's.
    kind: "roles",
    cells: cells(S, A, A, S, S, S, S),
    prepare: async () => ({ path: "/sw/account/data/download", params: { locale: "sw" } }),
    done: ({ response, body }) => {
      expect([response.status, response.headers.get("content-type")]).toEqual([200, "application/json; charset=utf-8"]);
      const [mine, theirs] = request.role === "owner" ? ["Rehema", "Neema"] : ["Neema", "Rehema"];
      expect(body).toContain(mine);
      expect(body).not.toContain(theirs);
    },
  },
  [`${EXPORT}#GET`]: {
    // Which institutions exist is public: another institution's staff get the 404 of an unknown one.
    kind: "roles",
    cells: cells(S, S, S, N, A, A, A),
    prepare: async () => ({
      path: "/sw/staff/export?institution=rita&format=json",
      params: { locale: "sw" },
      target: "rita",
      unknown: "no-such-institution",
    }),
    done: ({ response, body }) => {
      expect(response.status).toBe(200);
      expect((JSON.parse(body) as { slug: { en: string } }[]).map((listing) => listing.slug.en)).toContain("death-registration");
    },
  },
  [`${INVITATION}#GET`]: {
    // The link is the permission: whoever holds it is sent on to set up the account, the token in a cookie.
    kind: "roles",
    cells: cells(A, A, A, A, A, A, A),
    prepare: async () => {
      const token = await w.invitation();
      return { path: `/sw/staff/invitation/${token}`, params: { locale: "sw", token }, data: { token } };
    },
    done: ({ response }, { data }) => {
      expect([response.status, response.headers.get("location")]).toEqual([303, `${PORTAL}/sw/staff/invitation`]);
      expect(response.headers.get("set-cookie")).toContain(`dirisha_staff_invitation=${data!.token}`);
    },
  },
  [`${FORM_EXPORT}#GET`]: {
    kind: "roles",
    cells: cells(S, S, S, N, A, A, A),
    prepare: async () => {
      const { service, versionId } = await w.formDraft(false);
      return {
        path: `/sw/staff/listings/${service}/form/export?version=${versionId}`,
        params: { locale: "sw", serviceId: service },
        target: versionId,
      };
    },
    done: ({ response, body }) => {
      expect(response.status).toBe(200);
      expect((JSON.parse(body) as { form: unknown }).form).toMatchObject({
        intro: { sw: "Fomu ya majaribio." },
        pages: [{ id: "child" }, { id: "end" }],
      });
    },
  },

  // Operators and other systems.
  "app/api/metrics/route.ts#GET": {
    kind: "callers",
    callers: {
      "Prometheus with the token": {
        expected: "allowed",
        status: 200,
        prepare: async () => ({
          path: "/api/metrics",
          headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}`, "x-dirisha-client-address": "203.0.113.9" },
        }),
        done: ({ body }) => expect(body).toMatch(/^# (HELP|TYPE) /m),
      },
      "Prometheus from its address": {
        expected: "allowed",
        status: 200,
        prepare: async () => ({ path: "/api/metrics", headers: { "x-dirisha-client-address": PROMETHEUS } }),
      },
      "anyone else": {
        expected: "refused",
        status: 403,
        prepare: async () => ({ path: "/api/metrics", headers: { "x-dirisha-client-address": "203.0.113.9" } }),
      },
      "a wrong token": {
        expected: "refused",
        status: 403,
        prepare: async () => ({
          path: "/api/metrics",
          headers: { authorization: "Bearer not-the-token", "x-dirisha-client-address": "203.0.113.9" },
        }),
      },
    },
  },
  "app/api/gepg/control-number/route.ts#POST": gepgRow(
    async (signer) => {
      const bill = await w.bill(w.people.owner.id, w.serviceId("birth-registration"), "submitted");
      const number = `99300${next()}0`;
      const content = `<billSubRes><BillHdr><ResId>${randomUUID()}</ResId><ReqId>${randomUUID()}</ReqId><GrpBillId>${bill.billId}</GrpBillId><CustCntrNum>${number}</CustCntrNum><ResSts>GS</ResSts><ResStsCode>7101</ResStsCode><ResStsDesc>Success</ResStsDesc></BillHdr><BillDtls><BillDtl><BillId>${bill.billId}</BillId><BillCntrNum>${number}</BillCntrNum><BillStsCode>7101</BillStsCode><BillStsDesc>Success</BillStsDesc></BillDtl></BillDtls></billSubRes>`;
      return {
        path: "/api/gepg/control-number",
        method: "POST",
        headers: xml,
        body: await gepgMessage(content, signer),
        data: { bill: bill.id, number },
      };
    },
    async ({ data }) => expect(await w.stateOf.bill(data!.bill!)).toMatchObject({ state: "issued", controlNumber: data!.number }),
  ),
  "app/api/gepg/payment/route.ts#POST": gepgRow(
    async (signer) => {
      const bill = await w.bill(w.people.owner.id, w.serviceId("birth-registration"), "issued");
      const trxId = `TRX${next()}`;
      const content = `<pmtSpNtfReq><PmtHdr><ReqId>${randomUUID()}</ReqId><GrpBillId>${bill.billId}</GrpBillId><SpGrpCode>SPG9901</SpGrpCode><CustCntrNum>${bill.controlNumber}</CustCntrNum><EntryCnt>1</EntryCnt></PmtHdr><PmtDtls>${paymentRecord(bill.billId, bill.controlNumber, trxId)}</PmtDtls></pmtSpNtfReq>`;
      return { path: "/api/gepg/payment", method: "POST", headers: xml, body: await gepgMessage(content, signer), data: { bill: bill.id } };
    },
    async ({ data }) => expect((await w.stateOf.bill(data!.bill!))?.state).toBe("paid"),
  ),
  "app/api/gepg/reconciliation/route.ts#POST": gepgRow(
    async (signer) => {
      const reqId = await w.reconciliationRequested();
      const content = `<sucSpPmtRes><BatchHdr><ResId>${randomUUID()}</ResId><ReqId>${reqId}</ReqId><PayStsCode>7101</PayStsCode><PayStsDesc>Success</PayStsDesc></BatchHdr><PmtDtls>${paymentRecord(`DRS9${next()}`, `99400${next()}0`, `TRX${next()}`)}</PmtDtls></sucSpPmtRes>`;
      return { path: "/api/gepg/reconciliation", method: "POST", headers: xml, body: await gepgMessage(content, signer), data: { reqId } };
    },
    async ({ data }) => expect((await w.reconciliation(data!.reqId!))?.state).toBe("answered"),
  ),
  "app/api/govesb/applications/route.ts#POST": busRow(
    async (signer) => {
      const { id, reference } = await w.sentApplication();
      const { env } = await import("@/lib/env");
      const update = {
        PortalReference: reference,
        Reference: `RITA-${next()}`,
        UpdateId: `u-${next()}`,
        Status: "RECEIVED",
        At: new Date().toISOString(),
      };
      return {
        ...(await busPush("/api/govesb/applications", { pushCode: env().APPLICATION_UPDATES_CODE, esbBody: { Update: update } }, signer)),
        data: { id },
      };
    },
    async ({ data }) => expect((await w.stateOf.application(data!.id!)).status).toBe("received"),
  ),
  "app/api/govesb/emrejesho/route.ts#POST": busRow(
    async (signer) => {
      const reference = await w.feedbackSent();
      const { env } = await import("@/lib/env");
      const update = {
        PortalReference: reference,
        Reference: `EMR-2026-${next()}`,
        Status: "ACKNOWLEDGED",
        Reply: null,
        UpdateId: `u-${next()}`,
      };
      return {
        ...(await busPush("/api/govesb/emrejesho", { pushCode: env().EMREJESHO_UPDATES_CODE, esbBody: { Update: update } }, signer)),
        data: { reference },
      };
    },
    async ({ data }) => expect((await w.feedbackNamed(data!.reference!))?.status).toBe("acknowledged"),
  ),
  "app/api/ussd/route.ts#POST": systemRow(
    "/api/ussd",
    "aggregator",
    "ussd-secret-of-the-matrix-0001",
    AGGREGATOR,
    () => ({ sessionId: randomUUID(), serviceCode: "*152*00#", phoneNumber: `255700${next()}`, text: "" }),
    ({ body }) => expect(body).toMatch(/^CON /),
  ),
  "app/api/sms/inbound/route.ts#POST": systemRow(
    "/api/sms/inbound",
    "mgov",
    "mgov-secret-of-the-matrix-0001",
    MGOV,
    () => ({ from: `255710${next()}`, to: "15200", text: "HUDUMA kizazi", messageId: `m-${next()}` }),
    ({ body }) => expect(body).toBe("answered"),
  ),

  // Public: the same for everyone, and nothing personal in them.
  "app/api/auth/[...nextauth]/route.ts#GET": {
    kind: "public",
    reason: "next-auth's own endpoints for citizens; a session is made only from a NIDA proof consumed in authorize",
    source: NEXT_AUTH("handlers", "@/lib/identity/auth"),
  },
  "app/api/auth/[...nextauth]/route.ts#POST": {
    kind: "public",
    reason: "next-auth's sign-in callback: without a proof made by a NIDA verification it signs no one in",
    source: NEXT_AUTH("handlers", "@/lib/identity/auth"),
  },
  "app/api/staff-auth/[...nextauth]/route.ts#GET": {
    kind: "public",
    reason: "next-auth's own endpoints for staff; a session is made only from a password-and-code proof",
    source: NEXT_AUTH("staffHandlers", "@/lib/staff/auth"),
  },
  "app/api/staff-auth/[...nextauth]/route.ts#POST": {
    kind: "public",
    reason: "next-auth's staff sign-in callback: without a proof made by a right password and code it signs no one in",
    source: NEXT_AUTH("staffHandlers", "@/lib/staff/auth"),
  },
  "app/api/health/route.ts#GET": {
    kind: "public",
    reason: "load balancers' check: ok and the database engine",
    call: { path: "/api/health" },
  },
  "app/api/health/live/route.ts#GET": { kind: "public", reason: "liveness: the process answers", call: { path: "/api/health/live" } },
  "app/api/health/ready/route.ts#GET": {
    kind: "public",
    reason: "readiness: database and queue reachable",
    call: { path: "/api/health/ready" },
  },
  "app/api/v1/categories/route.ts#GET": {
    kind: "public",
    reason: "open data: the published catalogue",
    call: { path: "/api/v1/categories" },
  },
  "app/api/v1/cpsv-ap/route.ts#GET": { kind: "public", reason: "open data: the published catalogue", call: { path: "/api/v1/cpsv-ap" } },
  "app/api/v1/institutions/route.ts#GET": {
    kind: "public",
    reason: "open data: the published catalogue",
    call: { path: "/api/v1/institutions" },
  },
  "app/api/v1/life-events/route.ts#GET": {
    kind: "public",
    reason: "open data: the published catalogue",
    call: { path: "/api/v1/life-events" },
  },
  "app/api/v1/services/route.ts#GET": {
    kind: "public",
    reason: "open data: the published catalogue",
    call: { path: "/api/v1/services?institution=rita" },
  },
  "app/api/v1/services/[id]/route.ts#GET": {
    kind: "public",
    reason: "open data: one published listing",
    call: { path: "/api/v1/services/birth-registration", params: { id: "birth-registration" } },
  },
  "app/api/v1/suggest/route.ts#GET": {
    kind: "public",
    reason: "search suggestions from the published catalogue",
    call: { path: "/api/v1/suggest?q=kizazi" },
  },
  "app/enhance/[file]/route.ts#GET": {
    kind: "public",
    reason: "the portal's own small scripts",
    call: { path: "/enhance/suggest.0.js", params: { file: "suggest.0.js" } },
  },
};

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;
const modules = new Map<string, Record<string, unknown>>();
async function handlerOf(key: string): Promise<Handler> {
  const [file, method] = key.split("#") as [string, string];
  if (!modules.has(file)) modules.set(file, (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>);
  return modules.get(file)![method] as Handler;
}

/** Calls a route as the server would, and reads its whole answer. */
async function invoke(key: string, call: Call): Promise<Received> {
  const handler = await handlerOf(key);
  const method = call.method ?? "GET";
  const cookie = [...request.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  const incoming = new NextRequest(`${PORTAL}${call.path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...call.headers },
    ...(call.body !== undefined ? { body: call.body } : {}),
  });
  const params: Record<string, string | string[]> = { ...call.params };
  const response = await handler(incoming, { params: Promise.resolve(params) });
  return { response, body: await response.text() };
}

const SIGN_IN = /^(http:\/\/localhost:3000)?\/(sw|en)\/(staff\/)?sign-in(\?|$)/;

async function runRoleCell(key: string, row: RolesRow, role: Role): Promise<string | null> {
  const expected = row.cells[role];
  request.cookies = new Map();
  request.address = freshAddress();
  await w.signInAs(role);
  const prepared = await row.prepare({ role, expected });
  const before = await fingerprint(w.db);
  const received = await invoke(key, prepared);
  const written = differences(before, await fingerprint(w.db));
  try {
    // A page's GET changes nothing, whoever asks.
    expect(written, "written by a GET").toEqual([]);
    if (expected === "allowed") await row.done(received, prepared);
    else if (expected === "signIn")
      expect([received.response.status, received.response.headers.get("location")]).toEqual([303, expect.stringMatching(SIGN_IN)]);
    else if (expected === "forbidden") expect(received.response.status).toBe(403);
    else if (expected === "notFound") {
      const unknown = prepared.unknown ?? randomUUID();
      const swap = (text: string) => text.split(prepared.target!).join(unknown);
      const other = await invoke(key, {
        ...prepared,
        path: swap(prepared.path),
        params: Object.fromEntries(Object.entries(prepared.params ?? {}).map(([name, value]) => [name, swap(value)])),
      });
      const said = ({ response, body }: Received) => ({ status: response.status, type: response.headers.get("content-type"), body });
      expect(said(received).status).toBe(404);
      expect(masked(said(received), [prepared.target!]), "answered otherwise than an unknown one").toBe(masked(said(other), [unknown]));
    } else throw new Error(`no route answers ${expected}`);
    return null;
  } catch (error) {
    return `${role} (expected ${expected}): ${(error as Error).message.split("\n")[0]} — answered ${received.response.status} ${received.body.slice(0, 200)}`;
  }
}

describe.each(testEngines())("every route handler as each caller, on $name", ({ open }) => {
  beforeAll(async () => {
    database = await open();
    const { jobQueue } = await import("@/lib/jobs/queue");
    boss = await jobQueue(database);
    const { makeWorld } = await import("./world");
    w = await makeWorld(database, boss, 4);
    const { caller } = await import("./sessions");
    caller.current = { citizenActor: w.citizenActor, citizenSession: () => w.session.citizen, staffMember: w.staffMember };
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("has a row for every method of every route handler, and none for a route that is gone", async () => {
    const exported: string[] = [];
    for (const file of routeFiles()) {
      const handlers = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
      for (const method of HTTP_METHODS) if (typeof handlers[method] === "function") exported.push(`${file}#${method}`);
    }
    expect(
      exported.filter((key) => !(key in table)),
      "routes without a written expectation",
    ).toEqual([]);
    expect(
      Object.keys(table).filter((key) => !exported.includes(key)),
      "rows for routes that no longer exist",
    ).toEqual([]);
  });

  for (const [key, row] of Object.entries(table)) {
    it(`${key.replace(/^app\//, "")} (${row.kind === "public" ? `public: ${row.reason}` : `by ${row.kind}`})`, async () => {
      const wrong: string[] = [];
      if (row.kind === "roles") {
        for (const role of ROLES) {
          const problem = await runRoleCell(key, row, role);
          if (problem) wrong.push(problem);
        }
      } else if (row.kind === "callers") {
        for (const [name, caller] of Object.entries(row.callers)) {
          await w.signInAs("anonymous");
          const prepared = await caller.prepare();
          const before = await fingerprint(w.db);
          const received = await invoke(key, prepared);
          const written = differences(before, await fingerprint(w.db));
          try {
            expect(received.response.status, received.body.slice(0, 200)).toBe(caller.status);
            if (caller.expected === "refused") expect(written, "written for a refused caller").toEqual([]);
            await caller.done?.(received, prepared);
          } catch (error) {
            wrong.push(`${name} (expected ${caller.expected}): ${(error as Error).message.split("\n")[0]}`);
          }
        }
        // A browser's session is no credential here: every role is refused as anyone else is.
        const [name, refused] = Object.entries(row.callers).find(([, caller]) => caller.expected === "refused")!;
        for (const role of ROLES) {
          await w.signInAs(role);
          const status = (await invoke(key, await refused.prepare())).response.status;
          if (status !== refused.status) wrong.push(`${name}, signed in as ${role}: answered ${status}`);
        }
      } else if ("source" in row) {
        expect(fs.readFileSync(path.join(ROOT, key.split("#")[0]!), "utf8")).toMatch(row.source);
      } else {
        const answers = new Set<string>();
        for (const role of ROLES) {
          await w.signInAs(role);
          const before = await fingerprint(w.db);
          const { response, body } = await invoke(key, row.call);
          if (differences(before, await fingerprint(w.db)).length) wrong.push(`${role}: a public route wrote to the database`);
          answers.add(`${response.status} ${response.headers.get("location") ?? ""} ${body}`);
        }
        if (answers.size !== 1) wrong.push(`answered differently by role: ${[...answers].map((a) => a.slice(0, 120)).join(" | ")}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
