import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applications, citizens, citizenSessions, formVersions, services } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import type { Failure } from "@/lib/actions/result";
import { jobQueue } from "@/lib/jobs/queue";
import type { Actor } from "@/lib/security/permissions";
import { formData, redirectedTo as outcome } from "@/testing/actions";
import { testEngines, type TestDatabase } from "@/testing/database";

/*
 * The permission matrix of a citizen's application actions, called as the browser calls them (a
 * FormData), as nobody, a staff member, the owner and another citizen, on a real database. Only
 * the request's identity, session and database are replaced; the checks are real. Another
 * citizen's application is answered exactly as an unknown one.
 */

let actor: Actor = { kind: "anonymous" };
let sessionId: string | null = null;
let database: TestDatabase;

vi.mock("@/db", async (original) => ({
  ...(await original<typeof import("@/db")>()),
  getDb: async () => database.db,
  databaseHandle: async () => database,
}));
vi.mock("@/lib/identity/auth", () => ({ currentActor: async () => actor, currentSessionId: async () => sessionId }));
vi.mock("@/lib/staff/auth", () => ({ currentStaffActor: async () => actor }));
vi.mock("@/lib/identity/request", async (original) => ({
  ...(await original<typeof import("@/lib/identity/request")>()),
  clientAddress: async () => "192.0.2.10",
}));

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../../../testing/fixtures/catalogue"));
const form = (values: Record<string, string | File>) => formData({ locale: "sw", ...values });
const definition = {
  schemaVersion: 1,
  intro: { sw: "Fomu.", en: "A form." },
  payment: { when: "none" },
  pages: [
    {
      id: "child",
      title: { sw: "Mtoto", en: "Child" },
      questions: [{ id: "name", kind: "text", label: { sw: "Jina", en: "Name" }, required: true }],
    },
    {
      id: "end",
      title: { sw: "Tamko", en: "Declaration" },
      questions: [{ id: "ok", kind: "declaration", label: { sw: "Kweli", en: "True" }, required: true }],
    },
  ],
};
const record = {
  nin: "19900101000000000001",
  firstName: "Amani",
  middleName: "",
  surname: "Mushi",
  dateOfBirth: "1990-01-01",
  sex: "M",
  phone: "255700000001",
  placeOfBirth: null,
  residence: null,
  fetchedAt: new Date().toISOString(),
};

describe.each(testEngines())("applying online: who may do what, on $name", ({ open }) => {
  let actions: typeof import("./actions");
  let owner: Actor;
  let other: Actor;
  const staff: Actor = { kind: "staff", staffId: "00000000-0000-4000-8000-000000000001", role: "admin", institutionId: null };
  let serviceId: string;

  beforeAll(async () => {
    database = await open();
    await jobQueue(database);
    await seedCatalogue(database.db, fixture);
    const [death] = await database.db.select().from(services).where(eq(services.slugEn, "death-registration"));
    serviceId = death!.id;
    await database.db
      .insert(formVersions)
      .values({ serviceId, institutionId: death!.institutionId, number: 1, state: "published", definition });
    const people = await database.db
      .insert(citizens)
      .values([
        { ninHash: "owner", ninLast4: "0001", firstName: "Amani", surname: "Mushi" },
        { ninHash: "other", ninLast4: "0002", firstName: "Neema", surname: "Kweka" },
      ])
      .returning({ id: citizens.id });
    owner = { kind: "citizen", citizenId: people[0]!.id };
    other = { kind: "citizen", citizenId: people[1]!.id };
    await database.db.insert(citizenSessions).values([
      { id: "owner-session", citizenId: people[0]!.id, nidaRecord: record },
      { id: "old-session", citizenId: people[1]!.id, nidaRecord: null },
    ]);
    // The process's copy of the catalogue is of the database before this one.
    const cached = (globalThis as { dirishaCatalogue?: { catalogue?: unknown } }).dirishaCatalogue;
    if (cached) cached.catalogue = undefined;
    actions = await import("./actions");
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const as = (who: Actor, session: string | null = null) => {
    actor = who;
    sessionId = session;
  };

  let applicationId = "";

  it("starts an application for a signed-in citizen only; a session without a NIDA record is asked to sign in again", async () => {
    as({ kind: "anonymous" });
    expect(await outcome(() => actions.startApplication(form({ serviceId })))).toMatch(
      /^\/sw\/sign-in\?return=%2Fsw%2Fservices%2F.+%2Fapply$/,
    );
    as(staff);
    expect(await outcome(() => actions.startApplication(form({ serviceId })))).toMatch(/^\/sw\/sign-in\?return=/);
    as(other, "old-session");
    expect(await outcome(() => actions.startApplication(form({ serviceId })))).toMatch(/\/apply\?problem=signInAgain$/);
    as(owner, "owner-session");
    const started = await outcome(() => actions.startApplication(form({ serviceId })));
    expect(started).toMatch(/^\/sw\/applications\/[0-9a-f-]{36}\/child$/);
    applicationId = started.split("/")[3]!;
    expect(
      await database.db
        .select()
        .from(applications)
        .where(eq(applications.citizenId, (other as { citizenId: string }).citizenId)),
    ).toEqual([]);
  });

  it("saves a page for its owner only; anyone else is refused as if it did not exist", async () => {
    const page = (values: Record<string, string>) =>
      actions.saveApplicationPage({ ok: false, fieldErrors: {}, message: null, values: {} }, form(values));
    as({ kind: "anonymous" });
    expect(((await page({ id: applicationId, page: "child", q_name: "x" })) as Failure).problem).toBe("forbidden");
    as(staff);
    expect(((await page({ id: applicationId, page: "child", q_name: "x" })) as Failure).problem).toBe("forbidden");
    as(other);
    const refused = (await page({ id: applicationId, page: "child", q_name: "Baraka" })) as Failure;
    const unknown = (await page({ id: "00000000-0000-4000-8000-000000000000", page: "child", q_name: "Baraka" })) as Failure;
    expect(refused.message).toBe("Maombi haya hayapatikani.");
    expect(refused.message).toBe(unknown.message);
    as(owner);
    const invalid = (await page({ id: applicationId, page: "child", q_name: "" })) as Failure;
    expect(invalid.fieldErrors).toEqual({ name: "Jibu swali hili" });
    expect(await outcome(() => page({ id: applicationId, page: "child", q_name: "Baraka" }))).toBe(`/sw/applications/${applicationId}/end`);
  });

  it("submits for its owner only, sending an incomplete one back to its page", async () => {
    as({ kind: "anonymous" });
    expect(await outcome(() => actions.submitApplication(form({ id: applicationId })))).toMatch(/^\/sw\/sign-in\?return=/);
    as(other);
    expect(await outcome(() => actions.submitApplication(form({ id: applicationId })))).toBe(
      `/sw/applications/${applicationId}/check?problem=notFound`,
    );
    as(owner);
    expect(await outcome(() => actions.submitApplication(form({ id: applicationId })))).toBe(
      `/sw/applications/${applicationId}/end?problem=incomplete`,
    );
    await outcome(() =>
      actions.saveApplicationPage(
        { ok: false, fieldErrors: {}, message: null, values: {} },
        form({ id: applicationId, page: "end", q_ok: "yes" }),
      ),
    );
    expect(await outcome(() => actions.submitApplication(form({ id: applicationId })))).toBe(`/sw/applications/${applicationId}?sent=1`);
    expect(await outcome(() => actions.submitApplication(form({ id: applicationId })))).toBe(
      `/sw/applications/${applicationId}/check?problem=notDraft`,
    );
  });

  it("takes a reply from its owner only, and only to a question asked", async () => {
    const reply = (values: Record<string, string>) =>
      actions.replyToQuestion({ ok: false, fieldErrors: {}, message: null, values: { text: "" } }, form(values));
    as({ kind: "anonymous" });
    expect(((await reply({ id: applicationId, text: "Jibu" })) as Failure).problem).toBe("forbidden");
    as(other);
    expect(((await reply({ id: applicationId, text: "Jibu" })) as Failure).message).toBe("Maombi haya hayapatikani.");
    as(owner);
    expect(((await reply({ id: applicationId, text: "Jibu" })) as Failure).message).toBe("Hakuna swali la taasisi linalosubiri jibu.");
  });
});
