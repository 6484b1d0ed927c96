import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CITIZENS } from "@/sandbox/citizens.mjs";
import { formData } from "@/testing/actions";
import { testEngines, type TestDatabase } from "@/testing/database";
import { startSandbox } from "@/testing/sandbox-process";
import {
  answerOf,
  cells,
  differences,
  fingerprint,
  freshAddress,
  masked,
  problemOf,
  request,
  ROLES,
  ROOT,
  serverActionModules,
  type Answer,
  type Cells,
  type Expected,
  type Role,
} from "./harness";
import type { World } from "./world";

/*
 * Issue 21, the authorisation matrix: every export of every "use server" module, called as the
 * browser calls it (a FormData) by each of seven callers, on a real database with the sandbox's
 * GovESB, NIDA and GePG over HTTP. Each cell's answer is written in the table below; a cell runs
 * with valid input for its record (made fresh for an allowed cell), and a refused one must leave
 * the whole database as it was (a notFound cell may count a rate limit, as the same call with an
 * unknown id does, and nothing else). The table is checked against the modules found at run time:
 * an action without its row fails, so a new action cannot ship without its written expectation.
 * Only who is signed in is decided here (the session modules); every check is the portal's own.
 */

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-authorisation-"));
process.env.KEYS_DIR = keys;
// RITA bills through the portal here, so that its fees can be paid and cancelled at the sandbox's GePG.
process.env.GEPG_PORTAL_BILLING = "rita:SP99001";
const unused = "http://127.0.0.1:9/unused";
const sandbox = await startSandbox({
  SANDBOX_KEYS_DIR: keys,
  SANDBOX_PORTAL_GEPG_URL: unused,
  SANDBOX_PORTAL_EMREJESHO_URL: unused,
  SANDBOX_PORTAL_APPLICATIONS_URL: unused,
});
process.env.GOVESB_TOKEN_URL = `${sandbox.url}/govesb/gw/govesb-uaa/oauth/token`;
process.env.GOVESB_ENGINE_URL = `${sandbox.url}/govesb/engine/esb`;
process.env.GEPG_URL = `${sandbox.url}/gepg`;
process.env.MGOV_SMS_URL = `${sandbox.url}/mgov/quick_sms`;

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

afterAll(async () => {
  await sandbox.stop();
  fs.rmSync(keys, { recursive: true, force: true });
});

// The modules, relative to the root, and the matrix's shorthand for its answers.
const ACCOUNT = "app/[locale]/(account)/account/actions.ts";
const SIGN_IN = "app/[locale]/(account)/sign-in/actions.ts";
const PAYMENTS = "app/[locale]/(account)/payments/actions.ts";
const APPLY = "app/[locale]/(account)/applications/actions.ts";
const SMS_ME = "app/[locale]/(public)/services/[slug]/actions.ts";
const REPORT = "app/[locale]/(public)/services/[slug]/report/actions.ts";
const FEEDBACK = "app/[locale]/(public)/feedback/actions.ts";
const EDITOR = "app/[locale]/(editor)/staff/actions.ts";
const FORM = "app/[locale]/(editor)/staff/listings/[serviceId]/form/actions.ts";
const IMPORT = "app/[locale]/(editor)/staff/import/actions.ts";
const REPORTS = "app/[locale]/(editor)/staff/reports/actions.ts";
const STAFF_SIGN_IN = "app/[locale]/(editor)/staff/sign-in/actions.ts";
const INVITATION = "app/[locale]/(editor)/staff/invitation/actions.ts";
const PEOPLE = "app/[locale]/(editor)/staff/admin/people/actions.ts";
const TOPICS = "app/[locale]/(editor)/staff/admin/topics/actions.ts";
const MOST_USED = "app/[locale]/(editor)/staff/admin/most-used/actions.ts";
const QUEUE = "app/[locale]/(editor)/staff/admin/queue/actions.ts";
const OPERATIONS = "app/[locale]/(editor)/staff/admin/payments/actions.ts";

const A: Expected = "allowed";
const S: Expected = "signIn";
const F: Expected = "forbidden";
const N: Expected = "notFound";
const W: Expected = "sentAway";

type Prepared = {
  form: Record<string, string | File>;
  cookies?: Record<string, string>;
  /** The record the call names: a notFound cell is compared with the same call naming an unknown one. */
  target?: string;
  /** Anything the row's check needs. */
  data?: Record<string, string>;
};
type Cell = { role: Role; expected: Expected; fresh: boolean };
type Row = {
  cells: Cells;
  /** Where a sentAway cell is sent. */
  away?: string;
  prepare: (cell: Cell) => Promise<Prepared>;
  /** What an allowed cell did, checked on its answer and the database. */
  done: (answer: Answer, prepared: Prepared, role: Role) => Promise<void> | void;
};

let w: World;
let boss: PgBoss;

const redirectOf = (answer: Answer) => ("redirect" in answer ? answer.redirect : `(no redirect: ${JSON.stringify(answer.value)})`);
const valueOf = <T = Record<string, unknown>>(answer: Answer) => ("value" in answer ? (answer.value as T) : ({} as T));
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const yesterday = () => new Date(Date.now() - 86400_000).toISOString().slice(0, 10);

// The sandbox's fictional citizens, one per sign-in a cell begins (NIDA's limits are per NIN).
let sandboxCitizens = 0;
function sandboxCitizen() {
  sandboxCitizens += 1;
  const citizen = CITIZENS[sandboxCitizens];
  if (!citizen) throw new Error("The sandbox has no more citizens for the matrix's sign-ins.");
  return citizen;
}

/** A citizen's sign-in begun at NIDA (its token in the cookie), then a code sent or a question asked. */
async function signInUnderWay(then: "begun" | "code" | "question") {
  const { beginNidaSignIn, nidaQuestionStep } = await import("@/lib/identity/steps");
  const { findAttempt, sendCode } = await import("@/lib/identity/sign-in");
  const { smsTo } = await import("@/testing/queue");
  const citizen = sandboxCitizen();
  const begun = await beginNidaSignIn(w.db, { nin: citizen.nin, address: request.address, locale: "sw" });
  if (!begun.ok) throw new Error(`NIDA refused the sign-in: ${begun.problem}`);
  const cookies = { dirisha_signin: begun.token };
  const attempt = (await findAttempt(w.db, begun.token))!;
  if (then === "code") {
    const sent = await sendCode(w.db, attempt, "sw", request.address);
    if (!sent.ok) throw new Error(`No code was sent: ${sent.problem}`);
    const code = /\b(\d{6})\b/.exec((await smsTo(boss, citizen.phone)).at(-1) ?? "")![1]!;
    return { cookies, code, answer: "" };
  }
  if (then === "question") {
    const asked = await nidaQuestionStep(w.db, attempt, request.address);
    if (!asked.ok) throw new Error(`NIDA asked no question: ${asked.problem}`);
    const code = (await findAttempt(w.db, begun.token))!.questionCode!;
    return { cookies, code: "", answer: String((citizen.answers as Record<string, string | number>)[code]) };
  }
  return { cookies, code: "", answer: "" };
}

/** A RITA listing document for an import, new to the catalogue. */
function importedListing(n: number) {
  const data = JSON.parse(fs.readFileSync(path.join(ROOT, "testing/fixtures/catalogue/services/test.json"), "utf8")) as Record<
    string,
    unknown
  >[];
  const birth = data.find((s) => (s.slug as { en: string }).en === "birth-registration")!;
  return {
    ...birth,
    slug: { sw: `kizazi-kilicholetwa-${n}`, en: `imported-birth-${n}` },
    name: { sw: `Kizazi ${n}`, en: `Imported ${n}` },
  };
}

let counter = 0;
const unique = () => (counter += 1);

/** The editorial rows on one version of a listing: the version, its state after, and where the answer goes. */
const versionRow = (
  cellsOf: Cells,
  make: (fresh: boolean) => Promise<string>,
  step: string,
  state: string,
  extra: Record<string, string> = {},
): Row => ({
  cells: cellsOf,
  prepare: async ({ fresh }) => {
    const versionId = await make(fresh);
    return { form: { versionId, ...extra }, target: versionId };
  },
  done: async (answer, { target }) => {
    expect(redirectOf(answer)).toBe(`/sw/staff/versions/${target}?done=${step}`);
    expect((await w.stateOf.version(target!)).state).toBe(state);
  },
});

/** The rows on a published listing: the listing, what its page says after, and what changed. */
const listingRow = (
  step: string,
  form: Record<string, string>,
  check: (serviceId: string) => Promise<void>,
  before?: (serviceId: string) => Promise<void>,
): Row => ({
  cells: cells(F, F, F, N, F, A, A),
  prepare: async ({ fresh }) => {
    const serviceId = w.listing(fresh);
    if (fresh && before) await before(serviceId);
    return { form: { serviceId, ...form }, target: serviceId };
  },
  done: async (answer, { target }) => {
    expect(redirectOf(answer)).toBe(`/sw/staff/listings/${target}?done=${step}`);
    await check(target!);
  },
});

/** The rows on a version of a listing's application form. */
const formRow = (cellsOf: Cells, review: boolean, step: string, state: string): Row => ({
  cells: cellsOf,
  prepare: async ({ fresh }) => {
    const { service, versionId } = await w.formDraft(fresh, review);
    return { form: { serviceId: service, versionId }, target: versionId, data: { service } };
  },
  done: async (answer, { target, data }) => {
    expect(redirectOf(answer)).toBe(`/sw/staff/listings/${data!.service}/form?done=${step}`);
    expect((await w.stateOf.form(target!)).state).toBe(state);
  },
});

const adminOnly = cells(F, F, F, F, F, F, A);
const editorial = cells(F, F, F, N, A, A, A);
const publishers = cells(F, F, F, N, F, A, A);
const everyone = cells(A, A, A, A, A, A, A);
const notSignedIn = cells(A, W, W, A, A, A, A);

const table: Record<string, Row> = {
  // The citizens' side: a staff member is nobody there (the sessions are apart).
  [`${ACCOUNT}#signOut`]: {
    cells: cells(W, A, A, W, W, W, W),
    away: "/sw",
    prepare: async () => ({ form: {} }),
    done: async (answer) => {
      expect(redirectOf(answer)).toBe("/sw/signed-out");
      const { citizenSessions } = await import("@/db/schema");
      const [ended] = await w.db.select().from(citizenSessions).where(eq(citizenSessions.id, w.session.citizen!));
      expect([ended!.revokedAt !== null, ended!.nidaRecord]).toEqual([true, null]);
    },
  },
  [`${ACCOUNT}#eraseMyData`]: {
    // Each citizen cell erases a citizen of its own, standing in for the role (the matrix's two live on).
    cells: cells(S, A, A, S, S, S, S),
    prepare: async () => {
      const citizenId = await w.standIn();
      return { form: { confirm: "yes" }, data: { citizenId: citizenId ?? "" } };
    },
    done: async (answer, { data }) => {
      expect(redirectOf(answer)).toBe("/sw/account/erased");
      // Nothing kept (no bills, no applications): the citizen's row goes too.
      expect(await w.citizenRow(data!.citizenId!)).toBeUndefined();
    },
  },
  [`${SIGN_IN}#startSignIn`]: {
    cells: notSignedIn,
    away: "/sw/account",
    prepare: async ({ expected }) => ({
      form: { nin: expected === "allowed" ? sandboxCitizen().nin : CITIZENS[0]!.nin, return: "/sw/account" },
    }),
    done: (answer) => {
      expect(redirectOf(answer)).toBe("/sw/sign-in/verify?return=%2Fsw%2Faccount");
      expect(request.cookies.get("dirisha_signin")).toMatch(/^[\w-]{43}$/);
    },
  },
  [`${SIGN_IN}#sendSmsCode`]: {
    cells: notSignedIn,
    away: "/sw/account",
    prepare: async () => ({ form: { return: "/sw/account" }, cookies: (await signInUnderWay("begun")).cookies }),
    done: (answer) => expect(redirectOf(answer)).toBe("/sw/sign-in/code?return=%2Fsw%2Faccount"),
  },
  [`${SIGN_IN}#verifySmsCode`]: {
    cells: notSignedIn,
    away: "/sw/account",
    prepare: async () => {
      const { cookies, code } = await signInUnderWay("code");
      return { form: { code, return: "/sw/account" }, cookies };
    },
    done: async (answer) => {
      expect(redirectOf(answer)).toBe("/sw/account");
      const { signedIn } = await import("./sessions");
      expect(signedIn.at(-1)?.kind).toBe("citizen");
    },
  },
  [`${SIGN_IN}#startQuestions`]: {
    cells: notSignedIn,
    away: "/sw/account",
    prepare: async () => ({ form: { return: "/sw/account" }, cookies: (await signInUnderWay("begun")).cookies }),
    done: (answer) => expect(redirectOf(answer)).toBe("/sw/sign-in/questions?return=%2Fsw%2Faccount"),
  },
  [`${SIGN_IN}#answerQuestion`]: {
    cells: notSignedIn,
    away: "/sw/account",
    prepare: async () => {
      const { cookies, answer } = await signInUnderWay("question");
      return { form: { answer, return: "/sw/account" }, cookies };
    },
    // A right answer: NIDA asks one more.
    done: (answer) => expect(redirectOf(answer)).toBe("/sw/sign-in/questions?return=%2Fsw%2Faccount&previous=right"),
  },
  [`${PAYMENTS}#payFee`]: {
    cells: cells(S, A, A, S, S, S, S),
    prepare: async () => ({ form: { serviceId: await w.once("payFee", () => w.listing(true)), fee: "0", phone: "" } }),
    done: async (answer, { form }) => {
      const id = new RegExp(`^/sw/payments/(${UUID})$`).exec(redirectOf(answer))?.[1];
      expect(id, redirectOf(answer)).toBeDefined();
      const bill = (await w.stateOf.bill(id!))!;
      expect([bill.citizenId, bill.serviceId, bill.state]).toEqual([w.citizenActorId(), form.serviceId, "pending"]);
    },
  },
  [`${PAYMENTS}#renewBill`]: {
    cells: cells(S, A, N, S, S, S, S),
    prepare: async ({ fresh }) => {
      const bill = await w.bill(w.people.owner.id, w.listing(fresh), "issued", { expired: true });
      return { form: { bill: bill.id }, target: bill.id };
    },
    done: async (answer, { target }) => {
      const id = new RegExp(`^/sw/payments/(${UUID})$`).exec(redirectOf(answer))?.[1];
      expect(id, redirectOf(answer)).not.toBe(target);
      expect((await w.stateOf.bill(id!))?.renewsBillId).toBe(target);
    },
  },
  [`${PAYMENTS}#cancelBill`]: {
    cells: cells(S, A, N, S, S, S, S),
    prepare: async ({ fresh }) => {
      const id = fresh
        ? await w.billAtGepg(w.people.owner.id, w.listing(true))
        : (await w.bill(w.people.owner.id, w.listing(false), "submitted")).id;
      return { form: { bill: id }, target: id };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe(`/sw/payments/${target}?done=cancelled`);
      expect((await w.stateOf.bill(target!))?.state).toBe("cancelled");
    },
  },
  [`${APPLY}#startApplication`]: {
    cells: cells(S, A, A, S, S, S, S),
    prepare: async () => ({ form: { serviceId: await w.once("startApplication", () => w.publishedForm(true)) } }),
    done: async (answer, { form }) => {
      const id = new RegExp(`^/sw/applications/(${UUID})/child$`).exec(redirectOf(answer))?.[1];
      expect(id, redirectOf(answer)).toBeDefined();
      const started = await w.stateOf.application(id!);
      expect([started.citizenId, started.serviceId, started.status]).toEqual([w.citizenActorId(), form.serviceId, "draft"]);
    },
  },
  [`${APPLY}#saveApplicationPage`]: {
    cells: cells(F, A, N, F, F, F, F),
    prepare: async () => {
      const id = await w.application();
      return { form: { id, page: "child", q_name: "Baraka" }, target: id };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe(`/sw/applications/${target}/end`);
      expect((await w.stateOf.application(target!)).answers).toMatchObject({ name: "Baraka" });
    },
  },
  [`${APPLY}#submitApplication`]: {
    cells: cells(S, A, N, S, S, S, S),
    prepare: async () => {
      const id = await w.application("all");
      return { form: { id }, target: id };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe(`/sw/applications/${target}?sent=1`);
      expect((await w.stateOf.application(target!)).status).toBe("submitted");
    },
  },
  [`${APPLY}#replyToQuestion`]: {
    cells: cells(F, A, N, F, F, F, F),
    prepare: async () => {
      const id = await w.questionedApplication();
      return { form: { id, text: "Nimeambatisha tangazo la hospitali." }, target: id };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe(`/sw/applications/${target}?replied=1`);
      const { applicationEvents } = await import("@/db/schema");
      const replies = await w.db
        .select()
        .from(applicationEvents)
        .where(and(eq(applicationEvents.applicationId, target!), eq(applicationEvents.kind, "reply")));
      expect(replies.map((r) => r.text)).toEqual(["Nimeambatisha tangazo la hospitali."]);
    },
  },
  // Public forms: anyone, signed in or not (limits and checks are in the actions).
  [`${SMS_ME}#smsServiceDetails`]: {
    cells: everyone,
    prepare: async () => ({ form: { serviceId: w.listing(false), phone: `0713${String(unique()).padStart(6, "0")}` } }),
    done: async (answer, { form }) => {
      expect(valueOf(answer)).toEqual({ ok: true, sent: true });
      const { smsTo } = await import("@/testing/queue");
      expect(await smsTo(boss, `255${String(form.phone).slice(1)}`)).toHaveLength(1);
    },
  },
  [`${REPORT}#reportProblem`]: {
    cells: everyone,
    prepare: async () => ({
      form: {
        serviceId: w.listing(false),
        kind: "out_of_date",
        details: `The fee shown is not the one charged (${unique()}).`,
        contact: "",
      },
    }),
    done: async (answer, { form }) => {
      expect(redirectOf(answer)).toMatch(/^\/sw\/services\/usajili-wa-kizazi-\d+\/report\?sent=1$/);
      const { problemReports } = await import("@/db/schema");
      expect(
        await w.db
          .select()
          .from(problemReports)
          .where(eq(problemReports.details, String(form.details))),
      ).toHaveLength(1);
    },
  },
  [`${FEEDBACK}#sendFeedback`]: {
    cells: everyone,
    prepare: async () => ({
      form: {
        kind: "complaint",
        institution: "RITA",
        subject: "Cheti kimechelewa",
        message: `Nimesubiri cheti kwa miezi mitatu (${unique()}).`,
        name: "",
        phone: "",
        // A file input left empty is sent as an empty file.
        attachment: new File([], ""),
      },
    }),
    done: async (answer, { form }) => {
      const reference = /^\/sw\/feedback\/received\?reference=(MRJ-[A-Z0-9]{4}-[A-Z0-9]{4})$/.exec(redirectOf(answer))?.[1];
      expect(reference, redirectOf(answer)).toBeDefined();
      const { feedback } = await import("@/db/schema");
      const [sent] = await w.db.select().from(feedback).where(eq(feedback.reference, reference!));
      expect([sent?.message, sent?.citizenId ?? null]).toEqual([form.message, w.citizenActorId()]);
    },
  },

  // The editorial area: a citizen is nobody there. Staff of another institution are told that
  // its records do not exist; the institution's own, what their role allows.
  [`${EDITOR}#saveListing`]: {
    cells: editorial,
    prepare: async ({ fresh }) => {
      const versionId = await w.draft(fresh);
      const { content } = await w.stateOf.version(versionId);
      const slug = (content as { slug: { sw: string; en: string } }).slug;
      return {
        form: {
          versionId,
          "slug.sw": slug.sw,
          "slug.en": slug.en,
          "name.sw": "Usajili uliorekebishwa",
          "name.en": "Registration, revised",
        },
        target: versionId,
      };
    },
    done: async (answer, { target }) => {
      expect(valueOf(answer).ok, JSON.stringify(valueOf(answer))).toBe(true);
      expect((await w.stateOf.version(target!)).content).toMatchObject({
        name: { sw: "Usajili uliorekebishwa", en: "Registration, revised" },
      });
    },
  },
  [`${EDITOR}#createListing`]: {
    cells: cells(F, F, F, F, A, A, A),
    prepare: async () => ({ form: { institutionId: w.rita } }),
    done: async (answer) => {
      const id = new RegExp(`^/sw/staff/versions/(${UUID})$`).exec(redirectOf(answer))?.[1];
      expect(id, redirectOf(answer)).toBeDefined();
      expect(await w.stateOf.version(id!)).toMatchObject({ state: "draft", institutionId: w.rita, serviceId: null });
    },
  },
  [`${EDITOR}#openDraft`]: {
    cells: editorial,
    prepare: async ({ fresh }) => {
      const serviceId = w.listing(fresh);
      return { form: { serviceId }, target: serviceId };
    },
    done: async (answer, { target }) => {
      const id = new RegExp(`^/sw/staff/versions/(${UUID})$`).exec(redirectOf(answer))?.[1];
      expect(id, redirectOf(answer)).toBeDefined();
      expect(await w.stateOf.version(id!)).toMatchObject({ state: "draft", serviceId: target });
    },
  },
  [`${EDITOR}#submitForReview`]: versionRow(editorial, (fresh) => w.draft(fresh), "submit", "in_review"),
  [`${EDITOR}#returnToDraft`]: versionRow(publishers, (fresh) => w.versionInReview(fresh), "return", "draft", {
    comment: "Ada imebadilika.",
  }),
  [`${EDITOR}#publishVersion`]: versionRow(publishers, (fresh) => w.versionInReview(fresh), "publish", "published"),
  [`${EDITOR}#discardDraft`]: versionRow(editorial, (fresh) => w.draft(fresh), "discard", "discarded"),
  [`${EDITOR}#withdrawListing`]: listingRow("withdraw", { comment: "Huduma imekoma." }, async (id) =>
    expect((await w.stateOf.service(id)).status).toBe("withdrawn"),
  ),
  [`${EDITOR}#setNotice`]: listingRow(
    "notice",
    { "notice.sw": "Ofisi imefungwa leo.", "notice.en": "The office is closed today." },
    async (id) =>
      expect((await w.stateOf.service(id)).maintenanceNotice).toEqual({ sw: "Ofisi imefungwa leo.", en: "The office is closed today." }),
  ),
  [`${EDITOR}#clearNotice`]: listingRow(
    "clearNotice",
    {},
    async (id) => expect((await w.stateOf.service(id)).maintenanceNotice).toBeNull(),
    (id) => w.setNotice(id),
  ),
  [`${EDITOR}#confirmStillCorrect`]: listingRow("confirm", {}, async (id) =>
    expect((await w.stateOf.service(id)).lastReviewedOn).toBe(w.today()),
  ),
  [`${EDITOR}#confirmFact`]: {
    cells: publishers,
    prepare: async ({ fresh }) => {
      const serviceId = w.listing(fresh);
      return { form: { serviceId, key: "fee:0" }, target: serviceId };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe(`/sw/staff/listings/${target}/facts?done=factConfirmed#fact-fee-0`);
      expect((await w.fees(target!))[0]?.confirmedOn).toBe(w.today());
    },
  },
  [`${EDITOR}#correctFact`]: {
    cells: publishers,
    prepare: async ({ fresh }) => {
      const serviceId = w.listing(fresh);
      return { form: { serviceId, key: "fee:0", value: "9,000" }, target: serviceId };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe(`/sw/staff/listings/${target}/facts?done=factCorrected#fact-fee-0`);
      expect((await w.fees(target!))[0]?.amount).toBe("9000.00");
    },
  },
  [`${IMPORT}#importListings`]: {
    // Another institution's staff may not import into RITA's listings; which listings exist is public.
    cells: cells(F, F, F, F, A, A, A),
    prepare: async () => {
      const n = unique();
      const file = new File([JSON.stringify([importedListing(n)])], "listings.json", { type: "application/json" });
      return { form: { institution: "rita", file }, data: { slug: `imported-birth-${n}` } };
    },
    done: async (answer, { data }) => {
      expect(valueOf(answer).ok, JSON.stringify(valueOf(answer))).toBe(true);
      expect(await w.versionsNamed(data!.slug!)).toEqual(["in_review"]);
    },
  },
  [`${REPORTS}#handleReport`]: {
    cells: editorial,
    prepare: async () => {
      const reportId = await w.problemReport();
      return {
        form: { reportId, status: "resolved", resolution: "Ada imesahihishwa.", institution: "rita", from: "new" },
        target: reportId,
      };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe("/sw/staff/reports?institution=rita&status=new&done=resolved");
      expect((await w.report(target!)).status).toBe("resolved");
    },
  },
  [`${FORM}#saveForm`]: {
    cells: editorial,
    prepare: async ({ fresh }) => {
      const serviceId = w.listing(fresh);
      return { form: { serviceId, definition: w.formText }, target: serviceId };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe(`/sw/staff/listings/${target}/form?done=saved#draft`);
      expect(await w.formStates(target!)).toEqual(["draft"]);
    },
  },
  [`${FORM}#importForm`]: {
    cells: editorial,
    prepare: async ({ fresh }) => {
      const serviceId = w.listing(fresh);
      return { form: { serviceId, file: new File([w.formText], "fomu.json", { type: "application/json" }) }, target: serviceId };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe(`/sw/staff/listings/${target}/form?done=imported#draft`);
      expect(await w.formStates(target!)).toEqual(["draft"]);
    },
  },
  [`${FORM}#submitFormForReview`]: formRow(editorial, false, "submit", "in_review"),
  [`${FORM}#returnFormToDraft`]: formRow(publishers, true, "return", "draft"),
  [`${FORM}#publishForm`]: formRow(publishers, true, "publish", "published"),
  [`${FORM}#discardFormDraft`]: formRow(editorial, false, "discard", "discarded"),
  [`${FORM}#withdrawForm`]: {
    cells: publishers,
    prepare: async ({ fresh }) => {
      const serviceId = await w.publishedForm(fresh);
      return { form: { serviceId }, target: serviceId };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe(`/sw/staff/listings/${target}/form?done=withdraw`);
      expect(await w.formStates(target!)).toEqual(["withdrawn"]);
    },
  },

  // Staff signing in is for those not signed in as staff; their link is the permission to set up an account.
  [`${STAFF_SIGN_IN}#signInWithPassword`]: {
    cells: cells(A, A, A, W, W, W, W),
    away: "/sw/staff",
    prepare: async () => {
      const { email, password } = await w.once("staffAccount", () => w.enrolled());
      return { form: { email, password, return: "/sw/staff" } };
    },
    done: (answer) => {
      expect(redirectOf(answer)).toBe("/sw/staff/sign-in/code?return=%2Fsw%2Fstaff");
      expect(request.cookies.get("dirisha_staff_step")).toMatch(/^[\w-]{43}$/);
    },
  },
  [`${STAFF_SIGN_IN}#signInWithCode`]: {
    cells: cells(A, A, A, W, W, W, W),
    away: "/sw/staff",
    prepare: async ({ fresh }) => {
      const { staffId, stepToken, code } = await w.freshOr("passwordChecked", fresh, w.passwordChecked);
      return { form: { code, return: "/sw/staff" }, cookies: { dirisha_staff_step: stepToken }, data: { staffId } };
    },
    done: async (answer, { data }) => {
      expect(redirectOf(answer)).toBe("/sw/staff");
      const { signedIn } = await import("./sessions");
      expect(signedIn.at(-1)).toEqual({ kind: "staff", id: data!.staffId });
    },
  },
  [`${STAFF_SIGN_IN}#signOutStaff`]: {
    cells: cells(S, S, S, A, A, A, A),
    prepare: async () => ({ form: {} }),
    done: async (answer) => {
      expect(redirectOf(answer)).toBe("/sw/staff/sign-in?problem=signedOut");
      expect(await w.staffSessionEnded(w.session.staff!)).toBe(true);
    },
  },
  [`${INVITATION}#choosePassword`]: {
    cells: everyone,
    prepare: async () => ({
      form: { password: "jua-la-asubuhi-2026", repeat: "jua-la-asubuhi-2026" },
      cookies: { dirisha_staff_invitation: await w.invitation() },
    }),
    done: async (answer, { cookies }) => {
      expect(redirectOf(answer)).toBe("/sw/staff/invitation");
      expect((await w.invitationOf(cookies!.dirisha_staff_invitation!))?.passwordChosen).toBe(true);
    },
  },
  [`${INVITATION}#confirmAuthenticator`]: {
    cells: everyone,
    prepare: async () => {
      const { token, secret } = await w.chosenPassword();
      return { form: { code: w.code(secret) }, cookies: { dirisha_staff_invitation: token } };
    },
    done: async (answer, { cookies }) => {
      expect(redirectOf(answer)).toBe("/sw/staff/sign-in?problem=enrolled");
      expect(await w.invitationOf(cookies!.dirisha_staff_invitation!)).toBeNull();
      expect(request.cookies.has("dirisha_staff_invitation")).toBe(false);
    },
  },

  // Administrators only.
  [`${PEOPLE}#inviteStaff`]: {
    cells: adminOnly,
    prepare: async () => ({ form: { email: `asha.${unique()}@rita.go.tz`, name: "Asha Mussa", role: "editor", institution: "rita" } }),
    done: (answer) => expect(valueOf<{ link?: string }>(answer).link).toMatch(/\/sw\/staff\/invitation\/[\w-]{43}$/),
  },
  [`${PEOPLE}#resetStaff`]: {
    cells: adminOnly,
    prepare: async () => ({ form: { staffId: await w.account() } }),
    done: (answer) => expect(valueOf<{ link?: string }>(answer).link).toMatch(/\/sw\/staff\/invitation\/[\w-]{43}$/),
  },
  [`${PEOPLE}#setStaffDisabled`]: {
    cells: adminOnly,
    prepare: async () => {
      const staffId = await w.account();
      return { form: { staffId, disable: "yes" }, target: staffId };
    },
    done: async (answer, { target }) => {
      expect(redirectOf(answer)).toBe("/sw/staff/admin/people?done=disabled");
      expect((await w.member(target!)).disabledAt).not.toBeNull();
    },
  },
  [`${TOPICS}#saveTopic`]: {
    cells: adminOnly,
    prepare: async () => {
      const n = unique();
      return {
        form: {
          topic: "category",
          key: `mada-${n}`,
          "slug.sw": `mada-${n}`,
          "slug.en": `topic-${n}`,
          "name.sw": `Mada ${n}`,
          "name.en": `Topic ${n}`,
          "description.sw": "Huduma za mada hii.",
          "description.en": "The services of this topic.",
        },
        data: { key: `mada-${n}` },
      };
    },
    done: async (answer, { data }) => {
      expect(valueOf(answer).ok, JSON.stringify(valueOf(answer))).toBe(true);
      expect(await w.categoryNamed(data!.key!)).toBe(true);
    },
  },
  [`${TOPICS}#saveServiceOrder`]: {
    cells: adminOnly,
    prepare: async () => {
      const serviceId = w.serviceId("birth-registration");
      return { form: { event: "birth-of-a-child", [`position-${serviceId}`]: "1" }, data: { serviceId } };
    },
    done: async (answer, { data }) => {
      expect(valueOf(answer).ok, JSON.stringify(valueOf(answer))).toBe(true);
      expect(await w.serviceOrder("birth-of-a-child")).toEqual([data!.serviceId]);
    },
  },
  [`${MOST_USED}#changeMostUsed`]: {
    cells: adminOnly,
    prepare: async () => ({ form: { service: w.serviceId("death-registration"), change: "pin" } }),
    done: (answer) => expect(redirectOf(answer)).toBe(`/sw/staff/admin/most-used?done=pin&service=${w.serviceId("death-registration")}`),
  },
  [`${QUEUE}#sendAgainLetters`]: {
    cells: adminOnly,
    prepare: async () => ({ form: { kind: "reconciliation", id: await w.deadLetter() } }),
    done: (answer) => expect(redirectOf(answer)).toBe("/sw/staff/admin/queue?done=sent&n=1"),
  },
  [`${QUEUE}#dismissLetter`]: {
    cells: adminOnly,
    prepare: async () => ({ form: { kind: "reconciliation", id: await w.deadLetter() } }),
    done: (answer) => expect(redirectOf(answer)).toBe("/sw/staff/admin/queue?done=dismissed"),
  },
  [`${OPERATIONS}#requestReconciliation`]: {
    cells: adminOnly,
    prepare: async () => ({ form: { day: yesterday() } }),
    done: (answer) => expect(redirectOf(answer)).toBe("/sw/staff/admin/payments?done=requested"),
  },
  [`${OPERATIONS}#applyUnmatchedPayment`]: {
    cells: adminOnly,
    prepare: async () => {
      const bill = await w.bill(w.people.owner.id, w.listing(false), "issued");
      return { form: { id: await w.unmatchedPayment(), bill: bill.billId, note: "Paid with the wrong reference." } };
    },
    done: (answer) => expect(redirectOf(answer)).toMatch(/^\/sw\/staff\/admin\/payments\?done=applied&receipt=[\w-]+#unmatched$/),
  },
  [`${OPERATIONS}#markRefundDue`]: {
    cells: adminOnly,
    prepare: async () => ({ form: { id: await w.unmatchedPayment(), reason: "Paid twice by mistake." } }),
    done: (answer) => expect(redirectOf(answer)).toBe("/sw/staff/admin/payments?done=refund_due#unmatched"),
  },
};

const SIGN_IN_PAGE = /^\/(sw|en)\/(staff\/)?sign-in(\?|$)/;
/** What a notFound cell may write: the rate limit its call counts (the very thing that slows guessing), as an unknown id's call does. */
const COUNTED = ["rate_limit_hits"];

type ActionFunction = ((form: FormData) => Promise<unknown>) | ((previous: unknown, form: FormData) => Promise<unknown>);
const loaded = new Map<string, Record<string, unknown>>();
async function actionOf(key: string): Promise<ActionFunction> {
  const [file, name] = key.split("#") as [string, string];
  if (!loaded.has(file)) loaded.set(file, (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>);
  return loaded.get(file)![name] as ActionFunction;
}
/** As the browser calls it: a form with state gets the previous state first, a plain form just the form. */
const call = (action: ActionFunction, values: Record<string, string | File>) => {
  const form = formData({ locale: "sw", ...values });
  return action.length >= 2
    ? (action as (p: unknown, f: FormData) => Promise<unknown>)(undefined, form)
    : (action as (f: FormData) => Promise<unknown>)(form);
};

/** Runs one cell; says what was wrong with it, or null. */
async function runCell(key: string, row: Row, role: Role): Promise<string | null> {
  const expected = row.cells[role];
  request.cookies = new Map();
  request.address = freshAddress();
  await w.signInAs(role);
  const prepared = await row.prepare({ role, expected, fresh: expected === "allowed" });
  for (const [name, value] of Object.entries(prepared.cookies ?? {})) request.cookies.set(name, value);
  const action = await actionOf(key);
  const before = await fingerprint(w.db);
  const answer = await answerOf(() => call(action, prepared.form));
  const written = differences(before, await fingerprint(w.db));
  try {
    if (expected === "allowed") {
      expect(written, "an allowed call wrote nothing").not.toEqual([]);
      await row.done(answer, prepared, role);
      return null;
    }
    if (expected === "notFound") {
      if (!prepared.target) throw new Error("a notFound cell needs the record it names (target)");
      expect(
        written.filter((table) => !COUNTED.includes(table)),
        "written by a refused call",
      ).toEqual([]);
      // The same call naming a record nobody has.
      const unknown = randomUUID();
      const values = Object.fromEntries(
        Object.entries(prepared.form).map(([name, value]) => [name, value === prepared.target ? unknown : value]),
      );
      request.cookies = new Map(Object.entries(prepared.cookies ?? {}));
      const beforeUnknown = await fingerprint(w.db);
      const unknownAnswer = await answerOf(() => call(action, values));
      expect(differences(beforeUnknown, await fingerprint(w.db)), "what an unknown id's call wrote").toEqual(written);
      expect(masked(answer, [prepared.target]), "answered otherwise than an unknown id").toBe(masked(unknownAnswer, [unknown]));
      return null;
    }
    expect(written, "written by a refused call").toEqual([]);
    if (expected === "signIn") expect(redirectOf(answer)).toMatch(SIGN_IN_PAGE);
    if (expected === "forbidden") expect(problemOf(answer)).toBe("forbidden");
    if (expected === "sentAway") expect(redirectOf(answer)).toBe(row.away);
    return null;
  } catch (error) {
    return `${role} (expected ${expected}): ${(error as Error).message.split("\n")[0]} — answered ${JSON.stringify(answer).slice(0, 300)}`;
  }
}

describe.each(testEngines())("every Server Action as each caller, on $name", ({ open }) => {
  beforeAll(async () => {
    database = await open();
    const { jobQueue } = await import("@/lib/jobs/queue");
    boss = await jobQueue(database);
    const { makeWorld } = await import("./world");
    w = await makeWorld(database, boss);
    sandboxCitizens = 0;
    const { caller } = await import("./sessions");
    caller.current = { citizenActor: w.citizenActor, citizenSession: () => w.session.citizen, staffMember: w.staffMember };
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("has a row for every export of every Server Action module, and none for an action that is gone", async () => {
    const { modules, inline } = serverActionModules();
    // An action written inside a page or component cannot be enumerated: it belongs in an actions.ts with its row.
    expect(inline).toEqual([]);
    const exported: string[] = [];
    for (const file of modules)
      for (const name of Object.keys(await import(/* @vite-ignore */ path.join(ROOT, file)))) exported.push(`${file}#${name}`);
    expect(
      exported.filter((key) => !(key in table)),
      "actions without a written expectation",
    ).toEqual([]);
    expect(
      Object.keys(table).filter((key) => !exported.includes(key)),
      "rows for actions that no longer exist",
    ).toEqual([]);
    expect(exported.length * ROLES.length).toBe(Object.values(table).reduce((n, row) => n + Object.keys(row.cells).length, 0));
  });

  for (const [key, row] of Object.entries(table)) {
    it(key.replace(/^app\/\[locale\]\//, ""), async () => {
      const wrong: string[] = [];
      for (const role of ROLES) {
        const problem = await runCell(key, row, role);
        if (problem) wrong.push(problem);
      }
      expect(wrong).toEqual([]);
    });
  }
});
