import { randomBytes, randomInt, randomUUID } from "node:crypto";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import {
  applicationDocuments,
  applicationEvents,
  applications,
  bills,
  categories,
  citizens,
  citizenSessions,
  feedback,
  formVersions,
  institutions,
  lifeEvents,
  problemReports,
  reconciliations,
  serviceFees,
  services,
  serviceVersions,
  staff,
  staffSessions,
  unmatchedPayments,
} from "@/db/schema";
import { readCatalogueData, type CatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { identitySchema } from "@/lib/applications/answers";
import { newApplicationReference, savePage } from "@/lib/applications/applications";
import { databaseStore } from "@/lib/applications/documents";
import * as forms from "@/lib/applications/forms";
import { refreshCatalogue } from "@/lib/catalogue/current";
import { tanzaniaDay } from "@/lib/catalogue/usage";
import { submitFeedback } from "@/lib/feedback/feedback";
import * as listings from "@/lib/editorial/listings";
import type { NidaRecord } from "@/lib/identity/nida-record";
import { deliverBill } from "@/lib/payments/bills";
import { QUEUES } from "@/lib/jobs/queue";
import type { Actor, StaffActor } from "@/lib/security/permissions";
import * as accounts from "@/lib/staff/accounts";
import { currentStep, totpAt } from "@/lib/staff/totp";
import type { TestDatabase } from "@/testing/database";
import { CITIZEN_ROLES, request, STAFF_ROLES, type Role } from "./harness";

/*
 * The portal the matrix runs against: the test catalogue with a pool of RITA listings to spend,
 * two citizens (the owner of the records and another), staff of RITA (editor, publisher) and of
 * BRELA (an editor), an administrator, and the records each cell acts on, made fresh by the same
 * domain functions the portal uses (or as a callback would leave them).
 */

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/catalogue");
/** Copies of RITA's birth registration (a fee billed through the portal), one per cell that changes a listing. */
export const POOL = 80;

export function catalogueWithPool(pool = POOL): CatalogueData {
  const data = readCatalogueData(FIXTURE);
  const birth = data.services.find((s) => s.slug.en === "birth-registration")!;
  const copies = Array.from({ length: pool }, (_, i) => ({
    ...birth,
    slug: { sw: `usajili-wa-kizazi-${i + 1}`, en: `birth-registration-${i + 1}` },
    name: { sw: `Usajili wa kizazi ${i + 1}`, en: `Birth registration ${i + 1}` },
  }));
  return { ...data, services: [...data.services, ...copies] };
}

/** The NIDA record a citizen's session keeps (once-only filling of forms). */
export const nidaRecord = (nin: string, firstName: string, phone: string): NidaRecord => ({
  nin,
  firstName,
  middleName: "",
  surname: "Mushi",
  dateOfBirth: "1990-01-01",
  sex: "F",
  phone,
  placeOfBirth: null,
  residence: null,
  fetchedAt: new Date().toISOString(),
});

/** The online form of the listing citizens apply on: a name, an optional PDF, a declaration. */
export const APPLY_FORM = {
  schemaVersion: 1,
  intro: { sw: "Fomu ya majaribio.", en: "A test form." },
  payment: { when: "none" },
  pages: [
    {
      id: "child",
      title: { sw: "Mtoto", en: "The child" },
      questions: [
        { id: "name", kind: "text", label: { sw: "Jina", en: "Name" }, required: true },
        {
          id: "proof",
          kind: "document",
          label: { sw: "Tangazo", en: "Notification" },
          required: false,
          accept: ["pdf"],
          maxBytes: 1024 * 1024,
        },
      ],
    },
    {
      id: "end",
      title: { sw: "Tamko", en: "Declaration" },
      questions: [{ id: "ok", kind: "declaration", label: { sw: "Kweli", en: "True" }, required: true }],
    },
  ],
};
export const PDF = Buffer.from("%PDF-1.7\n%the citizen's notification\n");

type Member = { id: string; role: StaffActor["role"]; institutionId: string | null; name: string };
type Citizen = { id: string; record: NidaRecord };

export type World = Awaited<ReturnType<typeof makeWorld>>;

export async function makeWorld(database: TestDatabase, boss: PgBoss, copies = POOL) {
  const { db } = database;
  await seedCatalogue(db, catalogueWithPool(copies));
  await refreshCatalogue();
  const institutionRows = await db.select({ id: institutions.id, slug: institutions.slug }).from(institutions);
  const institutionId = (slug: string) => institutionRows.find((row) => row.slug === slug)!.id;
  const rita = institutionId("rita");
  const brela = institutionId("brela");
  const serviceRows = await db.select({ id: services.id, slugEn: services.slugEn }).from(services);
  const serviceId = (slugEn: string) => serviceRows.find((row) => row.slugEn === slugEn)!.id;

  const member = async (role: StaffActor["role"], institution: string | null, name: string): Promise<Member> => {
    const [row] = await db
      .insert(staff)
      .values({
        email: `${name.toLowerCase().replace(/\W+/g, ".")}.${randomUUID().slice(0, 8)}@dirisha.test`,
        name,
        role,
        institutionId: institution,
      })
      .returning();
    return { id: row!.id, role, institutionId: institution, name };
  };
  const members: Record<"otherEditor" | "editor" | "publisher" | "admin" | "setup", Member> = {
    otherEditor: await member("editor", brela, "BRELA Editor"),
    editor: await member("editor", rita, "RITA Editor"),
    publisher: await member("publisher", rita, "RITA Publisher"),
    admin: await member("admin", null, "Administrator"),
    // Makes the records the cells act on, so that no role of the matrix is their author.
    setup: await member("admin", null, "Setup"),
  };
  const actorOf = (who: Member): StaffActor => ({ kind: "staff", staffId: who.id, role: who.role, institutionId: who.institutionId });
  const setup = actorOf(members.setup);

  const citizen = async (ninHash: string, firstName: string, nin: string, phone: string): Promise<Citizen> => {
    const [row] = await db
      .insert(citizens)
      .values({ ninHash, ninLast4: nin.slice(-4), firstName, surname: "Mushi" })
      .returning();
    return { id: row!.id, record: nidaRecord(nin, firstName, phone) };
  };
  const people: Record<"owner" | "otherCitizen", Citizen> = {
    owner: await citizen("authorisation-owner", "Rehema", "19900101000000009901", "255700009901"),
    otherCitizen: await citizen("authorisation-other", "Neema", "19920202000000009902", "255700009902"),
  };

  // The listing citizens apply on: RITA's death registration with a published online form.
  const applyService = serviceId("death-registration");
  const [applyForm] = await db
    .insert(formVersions)
    .values({ serviceId: applyService, institutionId: rita, number: 1, state: "published", definition: APPLY_FORM })
    .returning();
  await refreshCatalogue();

  /** Who is calling in this cell, with a session of their own (a session may be ended by the cell). */
  const session = { citizen: null as string | null, staff: null as string | null, standIn: null as Citizen | null };
  const signedInCitizen = async (who: Citizen) => {
    session.citizen = randomBytes(12).toString("base64url");
    await db.insert(citizenSessions).values({ id: session.citizen, citizenId: who.id, nidaRecord: who.record });
  };
  async function signInAs(role: Role): Promise<void> {
    request.role = role;
    session.citizen = null;
    session.staff = null;
    session.standIn = null;
    if (CITIZEN_ROLES.includes(role)) await signedInCitizen(people[role as "owner" | "otherCitizen"]);
    if (STAFF_ROLES.includes(role)) {
      session.staff = randomBytes(12).toString("base64url");
      await db.insert(staffSessions).values({ id: session.staff, staffId: members[role as "admin"].id });
    }
  }
  /** The caller as the citizens' pages see them: a signed-in citizen, or anonymous (staff sign in elsewhere). */
  const citizenActor = (): Actor =>
    CITIZEN_ROLES.includes(request.role)
      ? { kind: "citizen", citizenId: (session.standIn ?? people[request.role as "owner"]).id }
      : { kind: "anonymous" };
  let standIns = 0;
  /**
   * A citizen of their own for this cell, signed in in the role's place: for what a citizen does
   * to their whole account (erasing it), which the matrix's two citizens must live through.
   */
  const standIn = async () => {
    if (!CITIZEN_ROLES.includes(request.role)) return null;
    standIns += 1;
    const n = String(standIns).padStart(4, "0");
    session.standIn = await citizen(`authorisation-stand-in-${n}`, "Zawadi", `1995050500000000${n}`, `25570001${n}`);
    await signedInCitizen(session.standIn);
    return session.standIn.id;
  };
  /** The caller as the editorial area sees them: a signed-in staff member, or anonymous. */
  const staffMember = () => {
    if (!STAFF_ROLES.includes(request.role)) return null;
    const who = members[request.role as "admin"];
    return { id: who.id, name: who.name, role: who.role, institutionId: who.institutionId, sessionId: session.staff! };
  };

  // Listings: the pool's copies are spent one per cell that changes one; refused cells share one.
  let spent = 0;
  const pool = serviceRows.filter((row) => /^birth-registration-\d+$/.test(row.slugEn)).map((row) => row.id);
  const shared = pool.pop()!;
  const listing = (fresh: boolean): string => {
    if (!fresh) return shared;
    if (spent >= pool.length) throw new Error("The pool of listings is spent: raise POOL in testing/authorisation/world.ts.");
    return pool[spent++]!;
  };
  const kept = new Map<string, Promise<unknown>>();
  /** Made once and kept (a record every refused cell of a row may share). */
  const once = <T>(key: string, make: () => Promise<T> | T): Promise<T> => {
    if (!kept.has(key)) kept.set(key, Promise.resolve(make()));
    return kept.get(key) as Promise<T>;
  };
  /** Fresh for an allowed cell, once for the refused cells. */
  const freshOr = <T>(key: string, fresh: boolean, make: () => Promise<T>): Promise<T> => (fresh ? make() : once(key, make));
  const ok = <T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> => {
    if (!result.ok) throw new Error(`Setting up failed: ${JSON.stringify(result)}`);
    return result as Extract<T, { ok: true }>;
  };

  const draft = (fresh: boolean) => freshOr("draft", fresh, async () => ok(await listings.openDraft(db, setup, listing(true))).versionId);
  const versionInReview = (fresh: boolean) =>
    freshOr("review", fresh, async () => {
      const { versionId } = ok(await listings.openDraft(db, setup, listing(true)));
      ok(await listings.submitForReview(db, setup, versionId, null));
      return versionId;
    });
  const formText = JSON.stringify(APPLY_FORM);
  /** A listing with its form's draft (or the draft sent for review): the service and the version. */
  const formDraft = (fresh: boolean, review = false) =>
    freshOr(review ? "formReview" : "formDraft", fresh, async () => {
      const service = listing(true);
      const { versionId } = ok(await forms.saveFormDraft(db, setup, service, formText));
      if (review) ok(await forms.submitFormForReview(db, setup, versionId, null));
      return { service, versionId };
    });
  /** A listing whose online form is published. */
  const publishedForm = (fresh: boolean) =>
    freshOr("formPublished", fresh, async () => {
      const service = listing(true);
      const { versionId } = ok(await forms.saveFormDraft(db, setup, service, formText));
      ok(await forms.submitFormForReview(db, setup, versionId, null));
      ok(await forms.publishForm(db, setup, versionId));
      return service;
    });
  const setNotice = async (serviceId: string) => {
    ok(await listings.setMaintenanceNotice(db, setup, serviceId, { sw: "Mfumo haupatikani.", en: "The system is down." }));
  };

  const problemReport = async () => {
    const [row] = await db
      .insert(problemReports)
      .values({ serviceId: listing(false), kind: "out_of_date", details: "The fee changed this year.", locale: "sw" })
      .returning();
    return row!.id;
  };

  const account = async () => (await member("editor", rita, "Invited Editor")).id;
  const invitation = async () => {
    const invited = ok(
      await accounts.inviteStaff(db, members.setup.id, {
        email: `invited.${randomUUID().slice(0, 8)}@rita.go.tz`,
        name: "Invited Person",
        role: "editor",
        institutionId: rita,
      }),
    );
    return invited.token;
  };
  const PASSWORD = "mvua-ya-masika-2026";
  /** An invitation whose password is chosen: its token and the authenticator secret to enrol. */
  const chosenPassword = async () => {
    const token = await invitation();
    ok(await accounts.choosePassword(db, token, PASSWORD, PASSWORD));
    return { token, secret: (await accounts.findInvitation(db, token))!.pendingTotpSecret! };
  };
  /** A staff account set up through its link: its e-mail, password and authenticator secret. */
  const enrolled = async () => {
    const { token, secret } = await chosenPassword();
    const { staffId } = ok(await accounts.confirmAuthenticator(db, token, totpAt(secret, currentStep() - 1)));
    const [row] = await db.select({ email: staff.email }).from(staff).where(eq(staff.id, staffId));
    return { staffId, email: row!.email, password: PASSWORD, secret };
  };

  let letters = 0;
  /** A reconciliation request that gave up: a dead letter of the queue. */
  const deadLetter = async () => {
    letters += 1;
    const day = `2026-10-${String(letters).padStart(2, "0")}`;
    const id = (await boss.send(QUEUES.reconcile, { day }, { retryLimit: 0 }))!;
    await boss.fail(QUEUES.reconcile, id, { error: "GePG unavailable: timed out" });
    const letter = (await boss.findJobs<{ day: string }>(QUEUES.reconcileDead, { queued: true })).find((job) => job.data.day === day);
    if (!letter) throw new Error("The dead letter was not made.");
    return letter.id;
  };

  let sequence = 0;
  // BillIds new to the sandbox's GePG, which outlives each engine's database.
  const run = String(randomInt(1000, 10000));
  const next = () => String((sequence += 1)).padStart(6, "0");
  /** A bill as the portal keeps it, in the state a cell needs. */
  const bill = async (
    citizenId: string,
    service: string,
    state: "issued" | "submitted" | "pending",
    { expired = false }: { expired?: boolean } = {},
  ): Promise<{ id: string; billId: string; controlNumber: string }> => {
    const n = next();
    const [row] = await db
      .insert(bills)
      .values({
        billId: `DRS${run}${n}`,
        citizenId,
        serviceId: service,
        feePosition: 0,
        descriptionSw: "RITA – Usajili wa kizazi: Cheti",
        descriptionEn: "RITA – Birth registration: Certificate",
        amountMinor: 800000n,
        currency: "TZS",
        gfsCode: "99999999",
        spCode: "SP99001",
        payerName: "Rehema Mushi",
        payerPhone: null,
        state,
        controlNumber: state === "issued" ? `991100${n}` : null,
        expiresAt: new Date(Date.now() + (expired ? -1 : 7) * 86400_000),
      })
      .returning();
    return { id: row!.id, billId: row!.billId, controlNumber: row!.controlNumber ?? "" };
  };
  /** A payment GePG reported that matched no bill, waiting for an operator. */
  const unmatchedPayment = async () => {
    const n = next();
    const [row] = await db
      .insert(unmatchedPayments)
      .values({
        trxId: `TRX-AUTH-${n}`,
        source: "notice",
        gepgBillId: `DRS9999${n}`,
        controlNumber: `990000${n}`,
        spCode: "SP99001",
        spGroupCode: "SPG9901",
        paidMinor: 800000n,
        billMinor: 800000n,
        currency: "TZS",
        pspCode: "PSP101",
        payRefId: `PR${n}`,
        paidAt: new Date(),
        mismatches: [],
        signedXml: "<pmtTrxDtl/>",
      })
      .returning();
    return row!.id;
  };

  /** A draft application of the owner's on the apply listing, filled in up to `filled` (pages answered). */
  const application = async (filled: "none" | "all" = "none") => {
    const who = people.owner;
    const [row] = await db
      .insert(applications)
      .values({
        citizenId: who.id,
        serviceId: applyService,
        institutionId: rita,
        formVersionId: applyForm!.id,
        identity: identitySchema.parse(who.record),
        phone: who.record.phone,
        locale: "sw",
      })
      .returning();
    if (filled === "all") {
      for (const [pageId, values] of [
        ["child", { q_name: "Baraka" }],
        ["end", { q_ok: "yes" }],
      ] as const) {
        const saved = await savePage(db, databaseStore, {
          citizenId: who.id,
          id: row!.id,
          pageId,
          fields: {
            text: (name) => (values as Record<string, string>)[name] ?? "",
            all: (name) => ((values as Record<string, string>)[name] ? [(values as Record<string, string>)[name]!] : []),
          },
          files: async (name) => (name === "q_proof" ? { name: "tangazo.pdf", bytes: PDF } : null),
        });
        if (!saved.ok) throw new Error(`Setting up failed: ${JSON.stringify(saved)}`);
      }
    }
    return row!.id;
  };
  /** A sent application of the owner's that the institution asked a question about. */
  const questionedApplication = async () => {
    const id = await application();
    await db
      .update(applications)
      .set({ status: "information_needed", reference: newApplicationReference(), institutionReference: `RITA-${next()}` })
      .where(eq(applications.id, id));
    await db.insert(applicationEvents).values({
      applicationId: id,
      kind: "update",
      updateId: `u-${next()}`,
      status: "information_needed",
      moved: true,
      question: "Send the hospital's notification.",
    });
    return id;
  };

  const stateOf = {
    version: async (id: string) => (await db.select().from(serviceVersions).where(eq(serviceVersions.id, id)))[0]!,
    form: async (id: string) => (await db.select().from(formVersions).where(eq(formVersions.id, id)))[0]!,
    service: async (id: string) => (await db.select().from(services).where(eq(services.id, id)))[0]!,
    bill: async (id: string) => (await db.select().from(bills).where(eq(bills.id, id)))[0],
    application: async (id: string) => (await db.select().from(applications).where(eq(applications.id, id)))[0]!,
  };

  const citizenActorId = () => {
    const actor = citizenActor();
    return actor.kind === "citizen" ? actor.citizenId : null;
  };
  /** A bill of the citizen's, delivered to the sandbox's GePG (submitted: its control number to come). */
  const billAtGepg = async (citizenId: string, serviceId: string) => {
    const { id } = await bill(citizenId, serviceId, "pending");
    const delivered = await deliverBill(db, id);
    if (delivered !== "submitted") throw new Error(`The sandbox's GePG did not take the bill: ${delivered}`);
    return id;
  };
  /** Step one of a staff sign-in done: the step's token (for its cookie) and the authenticator's code now. */
  const passwordChecked = async () => {
    const { staffId, email, password, secret } = await enrolled();
    const checked = ok(await accounts.checkStaffPassword(db, { email, password, address: request.address }));
    return { staffId, stepToken: checked.stepToken, code: totpAt(secret, currentStep()) };
  };

  /** A document the owner attached to an application: the application's and the document's ids. */
  const documentOfOwner = async () => {
    const applicationId = await application("all");
    const [document] = await db
      .select({ id: applicationDocuments.id })
      .from(applicationDocuments)
      .where(eq(applicationDocuments.applicationId, applicationId));
    return { applicationId, documentId: document!.id };
  };
  /** An application of the owner's handed to the institution: its id and reference. */
  const sentApplication = async () => {
    const id = await application("all");
    const reference = newApplicationReference();
    await db
      .update(applications)
      .set({ status: "sent", reference, submittedAt: new Date(), sentAt: new Date() })
      .where(eq(applications.id, id));
    return { id, reference };
  };
  /** Feedback the owner sent: its reference. */
  const feedbackSent = () =>
    submitFeedback(
      db,
      {
        kind: "complaint",
        institutionId: rita,
        serviceId: null,
        subject: "Cheti kimechelewa",
        message: "Nimesubiri cheti cha kuzaliwa kwa miezi mitatu.",
        senderName: "Rehema Mushi",
        senderPhone: "255700009901",
        citizenId: people.owner.id,
        locale: "sw",
        attachment: null,
      },
      boss,
    );
  /** A reconciliation the portal asked GePG for: its request id. */
  const reconciliationRequested = async () => {
    const reqId = randomUUID();
    await db.insert(reconciliations).values({ reqId, day: "2026-11-24" });
    return reqId;
  };

  const read = {
    today: () => tanzaniaDay(new Date()),
    code: (secret: string) => totpAt(secret, currentStep()),
    fees: (serviceId: string) =>
      db.select().from(serviceFees).where(eq(serviceFees.serviceId, serviceId)).orderBy(asc(serviceFees.position)),
    versionsNamed: async (slugEn: string) =>
      (
        await db
          .select({ state: serviceVersions.state })
          .from(serviceVersions)
          .where(sql`${serviceVersions.content}->'slug'->>'en' = ${slugEn}`)
      ).map((row) => row.state),
    report: async (id: string) => (await db.select().from(problemReports).where(eq(problemReports.id, id)))[0]!,
    formStates: async (serviceId: string) =>
      (
        await db
          .select({ state: formVersions.state })
          .from(formVersions)
          .where(eq(formVersions.serviceId, serviceId))
          .orderBy(asc(formVersions.number))
      ).map((row) => row.state),
    staffSessionEnded: async (id: string) => (await db.select().from(staffSessions).where(eq(staffSessions.id, id)))[0]?.revokedAt != null,
    invitationOf: (token: string) => accounts.findInvitation(db, token),
    reconciliation: async (reqId: string) => (await db.select().from(reconciliations).where(eq(reconciliations.reqId, reqId)))[0],
    feedbackNamed: async (reference: string) => (await db.select().from(feedback).where(eq(feedback.reference, reference)))[0],
    citizenRow: async (id: string) => (await db.select().from(citizens).where(eq(citizens.id, id)))[0],
    member: async (id: string) => (await db.select().from(staff).where(eq(staff.id, id)))[0]!,
    categoryNamed: async (key: string) => (await db.select().from(categories).where(eq(categories.key, key))).length === 1,
    serviceOrder: async (key: string) =>
      (await db.select({ order: lifeEvents.serviceOrder }).from(lifeEvents).where(eq(lifeEvents.key, key)))[0]?.order,
  };

  return {
    db,
    rita,
    serviceId,
    people,
    signInAs,
    session,
    standIn,
    citizenActor,
    staffMember,
    listing,
    draft,
    versionInReview,
    formDraft,
    publishedForm,
    problemReport,
    account,
    invitation,
    chosenPassword,
    enrolled,
    deadLetter,
    bill,
    unmatchedPayment,
    application,
    questionedApplication,
    stateOf,
    once,
    freshOr,
    setNotice,
    formText,
    citizenActorId,
    billAtGepg,
    passwordChecked,
    documentOfOwner,
    sentApplication,
    feedbackSent,
    reconciliationRequested,
    pdf: PDF,
    ...read,
  };
}
