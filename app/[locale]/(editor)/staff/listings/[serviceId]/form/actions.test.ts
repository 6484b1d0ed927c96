import { randomUUID } from "node:crypto";
import path from "node:path";
import { and, asc, eq, inArray } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applicationEvents, applications, citizens, editorialAudit, formVersions, institutions, services } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { formState, readFormJson } from "@/lib/applications/forms";
import { applicationForStaff, applicationsOfInstitution } from "@/lib/applications/staff";
import type { Actor, StaffActor } from "@/lib/security/permissions";
import { formData, redirectedTo as outcome } from "@/testing/actions";
import { testEngines, type TestDatabase } from "@/testing/database";

/*
 * The permission matrix of the application form's actions, called as the browser calls them
 * (a FormData, as nobody, a citizen, staff of another institution, an editor, a publisher and an
 * administrator), on a real database; and the staff's read-only view of applications. The
 * request's identity and database are the only things replaced; the permission checks are real.
 */

let actor: Actor = { kind: "anonymous" };
let database: TestDatabase;

vi.mock("@/db", () => ({ getDb: async () => database.db }));
vi.mock("@/lib/catalogue/current", async (original) => ({
  ...(await original<typeof import("@/lib/catalogue/current")>()),
  refreshCatalogue: async () => undefined,
}));
vi.mock("@/lib/staff/auth", () => ({ currentStaffActor: async () => actor }));
vi.mock("@/lib/identity/auth", () => ({ currentActor: async () => actor }));

const base = readCatalogueData(path.resolve(import.meta.dirname, "../../../../../../../testing/fixtures/catalogue"));
const death = base.services.find((s) => s.slug.en === "death-registration")!;
// A listing of an institution whose system takes no applications (no push code on a trial machine).
const fixture = {
  ...base,
  services: [
    ...base.services,
    {
      ...death,
      slug: { sw: "kibali-cha-wizara", en: "ministry-permit" },
      institution: "ministry-of-home-affairs",
      name: { sw: "Kibali cha wizara", en: "Ministry permit" },
    },
  ],
};

const form = (values: Record<string, string | File>) => formData({ locale: "en", ...values });

/** A small valid form: a question, a yes/no, a page asked only on "yes", and the declaration. */
function definition(intro = "Fomu ya majaribio.", payment: Record<string, unknown> = { when: "none" }) {
  return {
    schemaVersion: 1,
    intro: { sw: intro, en: "A test form." },
    payment,
    pages: [
      {
        id: "child",
        title: { sw: "Mtoto", en: "The child" },
        questions: [
          { id: "child_name", kind: "text", label: { sw: "Jina la mtoto", en: "Child's name" }, required: true },
          {
            id: "has_notification",
            kind: "yesNo",
            label: { sw: "Una tangazo la kizazi?", en: "Do you have the notification?" },
            required: true,
          },
        ],
      },
      {
        id: "notification",
        title: { sw: "Tangazo", en: "Notification" },
        when: { question: "has_notification", equals: true },
        questions: [
          {
            id: "notification",
            kind: "document",
            label: { sw: "Tangazo la kizazi", en: "Birth notification" },
            required: true,
            accept: ["pdf"],
            maxBytes: 1024 * 1024,
          },
        ],
      },
      {
        id: "end",
        title: { sw: "Tamko", en: "Declaration" },
        questions: [{ id: "declaration", kind: "declaration", label: { sw: "Ni kweli.", en: "It is true." }, required: true }],
      },
    ],
  };
}
const json = (value: unknown) => JSON.stringify(value, null, 2);

describe.each(testEngines())("application form actions and staff applications on $name", ({ open }) => {
  let rita: string;
  let brela: string;
  let ministry: string;
  let birth: string;
  let deathId: string;
  let permit: string;
  let business: string;
  let actions: typeof import("./actions");
  let exportRoute: typeof import("./export/route");
  const staff = (role: "admin" | "publisher" | "editor", institutionId: string | null): StaffActor => ({
    kind: "staff",
    staffId: randomUUID(),
    role,
    institutionId,
  });
  const page = (serviceId: string) => `/en/staff/listings/${serviceId}/form`;
  const versions = (serviceId: string) =>
    database.db.select().from(formVersions).where(eq(formVersions.serviceId, serviceId)).orderBy(asc(formVersions.number));
  const openVersion = async (serviceId: string) =>
    (
      await database.db
        .select()
        .from(formVersions)
        .where(and(eq(formVersions.serviceId, serviceId), inArray(formVersions.state, ["draft", "in_review"])))
    )[0];
  const audits = (action?: string) =>
    database.db
      .select()
      .from(editorialAudit)
      .where(
        action
          ? and(eq(editorialAudit.entity, "form_version"), eq(editorialAudit.action, action))
          : eq(editorialAudit.entity, "form_version"),
      );
  const step = (name: "submitFormForReview" | "returnFormToDraft" | "publishForm" | "discardFormDraft", values: Record<string, string>) =>
    outcome(() => actions[name](form(values)));

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    const rows = await database.db.select({ id: institutions.id, slug: institutions.slug }).from(institutions);
    rita = rows.find((r) => r.slug === "rita")!.id;
    brela = rows.find((r) => r.slug === "brela")!.id;
    ministry = rows.find((r) => r.slug === "ministry-of-home-affairs")!.id;
    const listing = async (slug: string) =>
      (await database.db.select({ id: services.id }).from(services).where(eq(services.slugEn, slug)))[0]!.id;
    birth = await listing("birth-registration");
    deathId = await listing("death-registration");
    permit = await listing("ministry-permit");
    business = await listing("business-name-registration");
    actions = await import("./actions");
    exportRoute = await import("./export/route");
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const said = {
    notFound: "This does not exist, or it belongs to another institution.",
    forbidden:
      "Your role does not allow this step. Editors save drafts and send them for review; a publisher of the institution publishes, sends back and withdraws.",
  };

  it("refuses every step on RITA's form to BRELA's staff, citizens and the anonymous, and changes nothing", async () => {
    actor = staff("editor", rita);
    expect(await outcome(() => actions.saveForm(undefined, form({ serviceId: birth, definition: json(definition()) })))).toBe(
      `${page(birth)}?done=saved#draft`,
    );
    const draft = (await openVersion(birth))!;
    expect([draft.number, draft.state]).toEqual([1, "draft"]);
    const auditBefore = (await audits()).length;
    const outsiders: [string, Actor, "notFound" | "forbidden"][] = [
      ["an editor of BRELA", staff("editor", brela), "notFound"],
      ["a publisher of BRELA", staff("publisher", brela), "notFound"],
      ["a citizen", { kind: "citizen", citizenId: randomUUID() }, "forbidden"],
      ["nobody", { kind: "anonymous" }, "forbidden"],
    ];
    for (const [name, who, problem] of outsiders) {
      actor = who;
      const typed = json(definition("Imechukuliwa"));
      const saved = await actions.saveForm(undefined, form({ serviceId: birth, definition: typed }));
      expect(saved, name).toMatchObject({ ok: false, problem, message: said[problem], values: { definition: typed } });
      const file = new File([typed], "taken.json", { type: "application/json" });
      expect(await actions.importForm(undefined, form({ serviceId: birth, file })), name).toMatchObject({
        ok: false,
        problem,
        values: { file: "taken.json" },
      });
      const refused = `${page(birth)}?problem=${problem}`;
      for (const action of ["submitFormForReview", "returnFormToDraft", "publishForm", "discardFormDraft"] as const)
        expect(await step(action, { serviceId: birth, versionId: draft.id, comment: "x" }), `${name} ${action}`).toBe(refused);
      expect(await outcome(() => actions.withdrawForm(form({ serviceId: birth }))), name).toBe(refused);
    }
    const [after] = await database.db.select().from(formVersions).where(eq(formVersions.id, draft.id));
    expect(after!.state).toBe("draft");
    expect(JSON.stringify(after!.definition)).not.toContain("Imechukuliwa");
    expect((await audits()).length).toBe(auditBefore);
  });

  it("refuses a form that does not read, listing every problem, keeping the text and saving nothing", async () => {
    actor = staff("editor", rita);
    const before = await versions(birth);
    const auditBefore = (await audits()).length;

    const broken = '{ "schemaVersion": 1, "pages": [ ';
    const notJson = await actions.saveForm(undefined, form({ serviceId: birth, definition: broken }));
    expect(notJson).toMatchObject({
      ok: false,
      problem: "invalid",
      message: "The form was not saved: 1 problem. Fix it and save again.",
      fieldErrors: { definition: "Fix the problems listed above, then save again." },
      values: { definition: broken },
    });
    expect(!notJson.ok && notJson.details?.[0]).toMatch(/^not JSON: /);

    // Readable JSON that breaks the form's rules: each problem by its place.
    const wrong = definition();
    wrong.pages[0]!.questions[0]!.id = "Child Name";
    wrong.pages.pop();
    const rules = await actions.saveForm(undefined, form({ serviceId: birth, definition: json(wrong) }));
    expect(rules.ok).toBe(false);
    const details = rules.ok ? [] : (rules.details ?? []);
    expect(details).toContain("pages.0.questions.0.id: lowercase letters, digits and _; a letter first; 40 at most");
    expect(details).toContain("pages: a form ends with a declaration the citizen ticks");
    expect(rules.ok ? "" : rules.values.definition).toBe(json(wrong));

    // A control character written as JSON's escape would fail in the database on every try (issue 21): refused by its place.
    const hidden = definition();
    hidden.pages[0]!.questions[0]!.label.en = "Child\u0000s name";
    const escaped = await actions.saveForm(undefined, form({ serviceId: birth, definition: json(hidden) }));
    expect(escaped).toMatchObject({ ok: false, problem: "invalid", details: ["pages.0.questions.0.label.en: a hidden control character"] });
    expect(escaped.ok ? "" : escaped.values.definition).toBe(json(hidden));

    const empty = await actions.saveForm(undefined, form({ serviceId: birth, definition: "   " }));
    expect(empty).toMatchObject({ ok: false, fieldErrors: { definition: "Paste or write the form's JSON." } });

    const file = new File(['{"form": {"schemaVersion": 2}}'], "old.json", { type: "application/json" });
    const imported = await actions.importForm(undefined, form({ serviceId: birth, file }));
    expect(imported).toMatchObject({ ok: false, problem: "invalid", values: { file: "old.json" } });
    expect(imported.ok ? "" : imported.fieldErrors.file).toBe("Fix the problems listed above, then save again.");
    expect(await actions.importForm(undefined, form({ serviceId: birth }))).toMatchObject({
      ok: false,
      fieldErrors: { file: "Choose a JSON file." },
    });

    expect(await versions(birth)).toEqual(before);
    expect((await audits()).length).toBe(auditBefore);
  });

  it("lets RITA's editor save, import and send for review but not publish, return or withdraw; RITA's publisher returns and publishes", async () => {
    const editor = staff("editor", rita);
    const publisher = staff("publisher", rita);
    actor = editor;
    const draft = (await openVersion(birth))!;
    // An exported file is read into the draft (its "form"), as is a bare definition.
    const exported = {
      service: birth,
      serviceName: "Birth registration",
      version: 1,
      state: "draft",
      form: definition("Kutoka kwenye faili."),
    };
    const file = new File([`\uFEFF${json(exported)}`], "dirisha-form-birth-registration-v1.json", { type: "application/json" });
    expect(await outcome(() => actions.importForm(undefined, form({ serviceId: birth, file })))).toBe(`${page(birth)}?done=imported#draft`);
    let [row] = await database.db.select().from(formVersions).where(eq(formVersions.id, draft.id));
    expect((row!.definition as { intro: { sw: string } }).intro.sw).toBe("Kutoka kwenye faili.");
    expect((await audits("form.save")).length).toBeGreaterThanOrEqual(2);

    expect(await step("submitFormForReview", { serviceId: birth, versionId: draft.id, comment: "Tafadhali kagua." })).toBe(
      `${page(birth)}?done=submit`,
    );
    [row] = await database.db.select().from(formVersions).where(eq(formVersions.id, draft.id));
    expect([row!.state, row!.comment, row!.submittedBy]).toEqual(["in_review", "Tafadhali kagua.", editor.staffId]);
    // In review, the draft cannot be changed: the page says the form moved on.
    expect(await actions.saveForm(undefined, form({ serviceId: birth, definition: json(definition()) }))).toMatchObject({
      ok: false,
      problem: "wrongState",
      message: "The form changed meanwhile (it was sent for review, published or discarded). Look at it again and try once more.",
    });
    expect(await step("publishForm", { serviceId: birth, versionId: draft.id })).toBe(`${page(birth)}?problem=forbidden`);
    expect(await step("returnFormToDraft", { serviceId: birth, versionId: draft.id })).toBe(`${page(birth)}?problem=forbidden`);
    expect(await outcome(() => actions.withdrawForm(form({ serviceId: birth })))).toBe(`${page(birth)}?problem=forbidden`);

    // A version named with another listing's page is not found there.
    actor = publisher;
    expect(await step("publishForm", { serviceId: deathId, versionId: draft.id })).toBe(`${page(deathId)}?problem=notFound`);
    expect(await step("returnFormToDraft", { serviceId: birth, versionId: draft.id, comment: "Ongeza swali la mama." })).toBe(
      `${page(birth)}?done=return`,
    );
    [row] = await database.db.select().from(formVersions).where(eq(formVersions.id, draft.id));
    expect([row!.state, row!.comment]).toEqual(["draft", "Ongeza swali la mama."]);
    // Returned: nothing to publish until it is sent again.
    expect(await step("publishForm", { serviceId: birth, versionId: draft.id })).toBe(`${page(birth)}?problem=wrongState`);

    actor = editor;
    expect(await step("submitFormForReview", { serviceId: birth, versionId: draft.id })).toBe(`${page(birth)}?done=submit`);
    actor = publisher;
    expect(await step("publishForm", { serviceId: birth, versionId: draft.id })).toBe(`${page(birth)}?done=publish`);
    [row] = await database.db.select().from(formVersions).where(eq(formVersions.id, draft.id));
    expect([row!.state, row!.publishedBy]).toEqual(["published", publisher.staffId]);
    expect(row!.publishedAt).toBeInstanceOf(Date);

    const trail = (await audits()).filter((a) => a.entityId === draft.id).map((a) => a.action);
    expect(trail).toEqual(expect.arrayContaining(["form.save", "form.submit", "form.return", "form.publish"]));
    const [published] = await audits("form.publish");
    expect(published).toMatchObject({ institutionId: rita, before: null, after: { number: 1, serviceId: birth } });
  });

  it("supersedes the published form with the next one, keeps every version, and lets editors discard a draft", async () => {
    actor = staff("editor", rita);
    expect(
      await outcome(() => actions.saveForm(undefined, form({ serviceId: birth, definition: json(definition("Toleo la pili.")) }))),
    ).toBe(`${page(birth)}?done=saved#draft`);
    const second = (await openVersion(birth))!;
    expect(second.number).toBe(2);
    expect(await step("submitFormForReview", { serviceId: birth, versionId: second.id })).toBe(`${page(birth)}?done=submit`);
    // An administrator publishes for any institution.
    actor = staff("admin", null);
    expect(await step("publishForm", { serviceId: birth, versionId: second.id })).toBe(`${page(birth)}?done=publish`);
    expect((await versions(birth)).map((v) => [v.number, v.state])).toEqual([
      [1, "superseded"],
      [2, "published"],
    ]);
    const supersede = (await audits("form.publish")).find((a) => a.entityId === second.id);
    expect(supersede?.before).toEqual({ supersedes: 1 });

    actor = staff("editor", rita);
    await outcome(() => actions.saveForm(undefined, form({ serviceId: birth, definition: json(definition("Rasimu ya kutupa.")) })));
    const third = (await openVersion(birth))!;
    expect(await step("discardFormDraft", { serviceId: birth, versionId: third.id })).toBe(`${page(birth)}?done=discard`);
    expect((await versions(birth)).map((v) => v.state)).toEqual(["superseded", "published", "discarded"]);
    expect((await audits("form.discard")).map((a) => a.entityId)).toEqual([third.id]);
  });

  it("lets only a publisher of the institution withdraw its published form, with the reason kept", async () => {
    const published = (await versions(birth)).find((v) => v.state === "published")!;
    actor = staff("editor", rita);
    expect(await outcome(() => actions.withdrawForm(form({ serviceId: birth, comment: "x" })))).toBe(`${page(birth)}?problem=forbidden`);
    actor = staff("publisher", brela);
    expect(await outcome(() => actions.withdrawForm(form({ serviceId: birth, comment: "x" })))).toBe(`${page(birth)}?problem=notFound`);
    actor = staff("publisher", rita);
    expect(await outcome(() => actions.withdrawForm(form({ serviceId: birth, comment: "Mfumo unabadilishwa." })))).toBe(
      `${page(birth)}?done=withdraw`,
    );
    const [row] = await database.db.select().from(formVersions).where(eq(formVersions.id, published.id));
    expect([row!.state, row!.comment]).toEqual(["withdrawn", "Mfumo unabadilishwa."]);
    expect(await outcome(() => actions.withdrawForm(form({ serviceId: birth })))).toBe(`${page(birth)}?problem=wrongState`);
    const [withdrawn] = await audits("form.withdraw");
    expect(withdrawn).toMatchObject({
      entityId: published.id,
      institutionId: rita,
      after: { state: "withdrawn", comment: "Mfumo unabadilishwa." },
    });
  });

  it("refuses to publish for an institution without a push code, and a payment naming a fee the listing lacks", async () => {
    const publisher = staff("publisher", ministry);
    actor = publisher;
    expect((await formState(database.db, publisher, permit))?.connected).toBe(false);
    expect((await formState(database.db, staff("editor", rita), birth))?.connected).toBe(true);
    expect(await outcome(() => actions.saveForm(undefined, form({ serviceId: permit, definition: json(definition()) })))).toBe(
      `${page(permit)}?done=saved#draft`,
    );
    const draft = (await openVersion(permit))!;
    expect(await step("submitFormForReview", { serviceId: permit, versionId: draft.id })).toBe(`${page(permit)}?done=submit`);
    expect(await step("publishForm", { serviceId: permit, versionId: draft.id })).toBe(`${page(permit)}?problem=noPushCode`);
    expect((await openVersion(permit))!.state).toBe("in_review");

    // Death registration has no fee; a form billing "fee 1" before submission cannot be published.
    actor = staff("editor", rita);
    const billed = definition("Inalipiwa.", { when: "before", feePosition: 0 });
    expect(await outcome(() => actions.saveForm(undefined, form({ serviceId: deathId, definition: json(billed) })))).toBe(
      `${page(deathId)}?done=saved#draft`,
    );
    const deathDraft = (await openVersion(deathId))!;
    expect(await step("submitFormForReview", { serviceId: deathId, versionId: deathDraft.id })).toBe(`${page(deathId)}?done=submit`);
    actor = staff("publisher", rita);
    expect(await step("publishForm", { serviceId: deathId, versionId: deathDraft.id })).toBe(`${page(deathId)}?problem=noFee`);
    expect((await audits("form.publish")).some((a) => a.entityId === draft.id || a.entityId === deathDraft.id)).toBe(false);
  });

  it("exports a version as a JSON file to staff who may see the listing, and answers not found to everyone else", async () => {
    const [first, second] = await versions(birth);
    const get = async (serviceId: string, versionId: string) =>
      exportRoute.GET(new NextRequest(`http://portal.test/en/staff/listings/${serviceId}/form/export?version=${versionId}`), {
        params: Promise.resolve({ locale: "en", serviceId }),
      });
    actor = staff("editor", rita);
    const file = await get(birth, second!.id);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="dirisha-form-birth-registration-v2.json"');
    const body = (await file.json()) as { service: string; version: number; state: string; form: unknown };
    expect(body).toMatchObject({ service: birth, version: 2, state: "withdrawn", form: second!.definition });
    // What is exported imports again as it is.
    expect(readFormJson(json(body))).toMatchObject({ ok: true, definition: second!.definition });
    expect((await get(birth, first!.id)).headers.get("content-disposition")).toContain("-v1.json");

    expect((await get(deathId, second!.id)).status).toBe(404);
    expect((await get(birth, randomUUID())).status).toBe(404);
    expect((await get(birth, "not-an-id")).status).toBe(404);
    actor = staff("publisher", brela);
    expect((await get(birth, second!.id)).status).toBe(404);
    actor = { kind: "anonymous" };
    const away = await get(birth, second!.id);
    expect([away.status, away.headers.get("location")]).toEqual([303, "http://portal.test/en/staff/sign-in"]);
  });

  it("shows an institution's applications and timelines to its publishers and administrators only", async () => {
    const [citizen] = await database.db
      .insert(citizens)
      .values({ ninHash: `hash-${randomUUID()}`, ninLast4: "0001", firstName: "Asha", surname: "Juma" })
      .returning({ id: citizens.id });
    const ritaForm = (await versions(birth))[1]!;
    const [brelaForm] = await database.db
      .insert(formVersions)
      .values({
        serviceId: business,
        institutionId: brela,
        number: 1,
        state: "published",
        definition: definition(),
        publishedAt: new Date(),
      })
      .returning({ id: formVersions.id });
    const day = (n: number) => new Date(Date.UTC(2026, 11, 1, 8, n));
    const common = { citizenId: citizen!.id, locale: "sw" as const };
    // 52 of RITA's, the newest changed last; one draft (no reference); one of BRELA's.
    const inserted = await database.db
      .insert(applications)
      .values([
        ...Array.from({ length: 52 }, (_, i) => ({
          ...common,
          serviceId: birth,
          institutionId: rita,
          formVersionId: ritaForm.id,
          reference: `APP-TEST-${String(i).padStart(4, "0")}`,
          status: i === 51 ? ("information_needed" as const) : ("sent" as const),
          submittedAt: day(i),
          updatedAt: day(i),
        })),
        { ...common, serviceId: birth, institutionId: rita, formVersionId: ritaForm.id, status: "draft" as const },
        {
          ...common,
          serviceId: business,
          institutionId: brela,
          formVersionId: brelaForm!.id,
          reference: "APP-BREL-0001",
          status: "received" as const,
          submittedAt: day(0),
        },
      ])
      .returning({ id: applications.id, reference: applications.reference });
    const newest = inserted.find((a) => a.reference === "APP-TEST-0051")!.id;
    const draft = inserted.find((a) => a.reference === null)!.id;
    const brelas = inserted.find((a) => a.reference === "APP-BREL-0001")!.id;
    await database.db.insert(applicationEvents).values([
      { applicationId: newest, kind: "submitted", at: day(51), createdAt: day(51) },
      { applicationId: newest, kind: "sent", at: day(52), createdAt: day(52) },
      {
        applicationId: newest,
        kind: "update",
        updateId: "U-2",
        status: "information_needed",
        question: "Tuma cheti cha mama.",
        at: day(54),
        createdAt: day(53),
      },
      {
        applicationId: newest,
        kind: "update",
        updateId: "U-1",
        status: "in_review",
        moved: false,
        note: "Tunashughulikia.",
        at: day(53),
        createdAt: day(54),
      },
    ]);

    const publisher = staff("publisher", rita);
    const list = await applicationsOfInstitution(database.db, publisher, rita);
    expect(list?.total).toBe(52);
    expect(list?.rows).toHaveLength(50);
    expect(list?.rows[0]).toMatchObject({
      id: newest,
      reference: "APP-TEST-0051",
      status: "information_needed",
      service: { en: "Birth registration and birth certificate" },
    });
    expect((await applicationsOfInstitution(database.db, publisher, rita, { page: 2 }))?.rows.map((r) => r.reference)).toEqual([
      "APP-TEST-0001",
      "APP-TEST-0000",
    ]);
    const needing = await applicationsOfInstitution(database.db, publisher, rita, { status: "information_needed" });
    expect(needing?.rows.map((r) => r.id)).toEqual([newest]);
    expect((await applicationsOfInstitution(database.db, staff("admin", null), brela))?.rows.map((r) => r.id)).toEqual([brelas]);
    for (const [name, who] of [
      ["an editor of RITA", staff("editor", rita)],
      ["a publisher of BRELA", staff("publisher", brela)],
      ["a citizen", { kind: "citizen", citizenId: citizen!.id }],
      ["nobody", { kind: "anonymous" }],
    ] as [string, Actor][]) {
      expect(await applicationsOfInstitution(database.db, who, rita), name).toBeNull();
      expect(await applicationForStaff(database.db, who, newest), name).toBeNull();
    }

    const one = await applicationForStaff(database.db, publisher, newest);
    expect(one).toMatchObject({ reference: "APP-TEST-0051", institution: { id: rita }, status: "information_needed" });
    expect(one?.timeline.map((e) => [e.kind, e.status, e.moved])).toEqual([
      ["submitted", null, true],
      ["sent", null, true],
      ["update", "information_needed", true],
      ["update", "in_review", false],
    ]);
    expect((await applicationForStaff(database.db, staff("admin", null), brelas))?.reference).toBe("APP-BREL-0001");
    // Unknown, malformed, another institution's and a draft without a reference: the same answer.
    expect(await applicationForStaff(database.db, publisher, randomUUID())).toBeNull();
    expect(await applicationForStaff(database.db, publisher, "APP-TEST-0051")).toBeNull();
    expect(await applicationForStaff(database.db, publisher, brelas)).toBeNull();
    expect(await applicationForStaff(database.db, publisher, draft)).toBeNull();
  });
});
