import { randomUUID } from "node:crypto";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { editorialAudit, institutions, lifeEvents, problemReports, services, serviceVersions } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import type { Actor } from "@/lib/security/permissions";
import { formData, redirectedTo as outcome } from "@/testing/actions";
import { testEngines, type TestDatabase } from "@/testing/database";

/*
 * The permission matrix at the actions themselves, as the browser calls them: each Server Action
 * of the editorial area is called directly with a FormData, as staff of institution A, staff of B,
 * an administrator, a citizen and nobody. The request's identity and database are the only things
 * replaced; the permission checks are the real ones.
 */

let actor: Actor = { kind: "anonymous" };
let database: TestDatabase;

vi.mock("@/db", () => ({ getDb: async () => database.db }));
vi.mock("@/lib/catalogue/current", async (original) => ({
  ...(await original<typeof import("@/lib/catalogue/current")>()),
  refreshCatalogue: async () => undefined,
}));
// The caller is the only thing the session modules decide here; next-auth itself is not loaded.
vi.mock("@/lib/staff/auth", () => ({ currentStaffActor: async () => actor }));
vi.mock("@/lib/identity/auth", () => ({ currentActor: async () => actor }));

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../../../testing/fixtures/catalogue"));

const form = (values: Record<string, string>) => formData({ locale: "en", ...values });

describe.each(testEngines())("editorial actions called directly on $name", ({ open }) => {
  let rita: string;
  let brela: string;
  let birth: string;
  let draftId: string;
  let reportId: string;
  const staff = (role: "admin" | "publisher" | "editor", institutionId: string | null): Actor => ({
    kind: "staff",
    staffId: randomUUID(),
    role,
    institutionId,
  });
  let actions: typeof import("./actions");
  let reportActions: typeof import("./reports/actions");
  let peopleActions: typeof import("./admin/people/actions");
  let topicActions: typeof import("./admin/topics/actions");

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    // The process's catalogue (institutions by slug) read from this engine's database, not the last one's.
    await (await vi.importActual<typeof import("@/lib/catalogue/current")>("@/lib/catalogue/current")).refreshCatalogue();
    const rows = await database.db.select({ id: institutions.id, slug: institutions.slug }).from(institutions);
    rita = rows.find((r) => r.slug === "rita")!.id;
    brela = rows.find((r) => r.slug === "brela")!.id;
    birth = (await database.db.select({ id: services.id }).from(services).where(eq(services.slugEn, "birth-registration")))[0]!.id;
    const [report] = await database.db
      .insert(problemReports)
      .values({ serviceId: birth, kind: "out_of_date", details: "The fee changed in 2026.", locale: "en" })
      .returning();
    reportId = report!.id;
    actions = await import("./actions");
    reportActions = await import("./reports/actions");
    topicActions = await import("./admin/topics/actions");
    peopleActions = await import("./admin/people/actions");
    actor = staff("editor", rita);
    const opened = await outcome(() => actions.openDraft(form({ serviceId: birth })));
    draftId = /versions\/([0-9a-f-]{36})$/.exec(opened)![1]!;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  // Staff of another institution are told that RITA's records do not exist; those who are not
  // staff at all, that the editorial area is not for them.
  const outsiders = (): [string, Actor, "notFound" | "forbidden"][] => [
    ["an editor of BRELA", staff("editor", brela), "notFound"],
    ["a publisher of BRELA", staff("publisher", brela), "notFound"],
    ["a citizen", { kind: "citizen", citizenId: randomUUID() }, "forbidden"],
    ["nobody", { kind: "anonymous" }, "forbidden"],
  ];
  const said = {
    notFound: "This does not exist, or it belongs to another institution.",
    forbidden: "Your role does not allow this. Ask a publisher of your institution or an administrator.",
  };

  it("refuses every step on RITA's listing to BRELA's staff, citizens and the anonymous, and changes nothing", async () => {
    const auditBefore = (await database.db.select().from(editorialAudit)).length;
    for (const [name, who, problem] of outsiders()) {
      actor = who;
      const refused = new RegExp(`problem=${problem}`);
      const saved = await actions.saveListing(undefined, form({ versionId: draftId, "name.en": "Taken over", "name.sw": "Imechukuliwa" }));
      expect(saved.ok, name).toBe(false);
      expect(saved.message, name).toBe(said[problem]);
      expect(saved.values["name.en"], name).toBe("Taken over");
      expect(await outcome(() => actions.openDraft(form({ serviceId: birth }))), name).toMatch(refused);
      expect(await outcome(() => actions.submitForReview(form({ versionId: draftId }))), name).toMatch(refused);
      expect(await outcome(() => actions.publishVersion(form({ versionId: draftId }))), name).toMatch(refused);
      expect(await outcome(() => actions.discardDraft(form({ versionId: draftId }))), name).toMatch(refused);
      expect(await outcome(() => actions.withdrawListing(form({ serviceId: birth }))), name).toMatch(refused);
      expect(await outcome(() => actions.setNotice(form({ serviceId: birth, "notice.sw": "x", "notice.en": "x" }))), name).toMatch(refused);
      expect(await outcome(() => actions.confirmStillCorrect(form({ serviceId: birth }))), name).toMatch(refused);
      expect(await outcome(() => actions.createListing(form({ institutionId: rita }))), name).toMatch(/problem=forbidden/);
      expect(await outcome(() => reportActions.handleReport(form({ reportId, status: "resolved" }))), name).toMatch(refused);
    }
    const [version] = await database.db.select().from(serviceVersions).where(eq(serviceVersions.id, draftId));
    expect(version!.state).toBe("draft");
    expect(JSON.stringify(version!.content)).not.toContain("Taken over");
    const [live] = await database.db.select().from(services).where(eq(services.id, birth));
    expect([live!.status, live!.maintenanceNotice]).toEqual(["published", null]);
    const [report] = await database.db.select().from(problemReports).where(eq(problemReports.id, reportId));
    expect(report!.status).toBe("new");
    expect((await database.db.select().from(editorialAudit)).length).toBe(auditBefore);
  });

  it("lets RITA's editor save and submit but not publish; RITA's publisher publishes", async () => {
    actor = staff("editor", rita);
    const saved = await actions.saveListing(
      undefined,
      form({
        versionId: draftId,
        "slug.sw": "usajili-wa-kizazi",
        "slug.en": "birth-registration",
        "name.sw": "Usajili wa kizazi",
        "name.en": "",
      }),
    );
    expect(saved.ok).toBe(true);
    expect(saved.fieldErrors["name.en"]).toBe("Name (English): fill this in.");
    expect(await outcome(() => actions.publishVersion(form({ versionId: draftId })))).toMatch(/problem=(forbidden|wrongState)/);
    expect(await outcome(() => actions.withdrawListing(form({ serviceId: birth })))).toMatch(/problem=forbidden/);
    expect(await outcome(() => reportActions.handleReport(form({ reportId, status: "seen" })))).toMatch(/done=seen/);
    actor = staff("publisher", rita);
    // A notice in one language only is refused beside the notice's form.
    expect(await outcome(() => actions.setNotice(form({ serviceId: birth, "notice.sw": "Ofisi imefungwa leo.", "notice.en": " " })))).toBe(
      `/en/staff/listings/${birth}?problem=noticeBoth#notice`,
    );
    expect(
      await outcome(() =>
        actions.setNotice(form({ serviceId: birth, "notice.sw": "Ofisi imefungwa leo.", "notice.en": "The office is closed today." })),
      ),
    ).toMatch(/done=notice/);
  });

  it("keeps staff administration to administrators", async () => {
    const invite = form({ email: "new@rita.go.tz", name: "New Person", role: "editor", institution: "rita" });
    for (const who of [staff("editor", rita), staff("publisher", rita), { kind: "anonymous" } as Actor]) {
      actor = who;
      expect(await peopleActions.inviteStaff(undefined, invite)).toMatchObject({ ok: false, problem: "forbidden" });
      expect(await peopleActions.resetStaff(undefined, form({ staffId: randomUUID() }))).toMatchObject({ ok: false, problem: "forbidden" });
      expect(await outcome(() => peopleActions.setStaffDisabled(form({ staffId: randomUUID(), disable: "yes" })))).toBe(
        "/en/staff/admin/people?problem=forbidden",
      );
    }
    actor = staff("admin", null);
    // Every mistake at once, beside its field, with what was typed kept.
    const wrong = await peopleActions.inviteStaff(undefined, form({ email: "not an address", name: "N", role: "editor", institution: "" }));
    expect(wrong).toMatchObject({
      ok: false,
      fieldErrors: {
        email: "Enter a work e-mail address, like name@institution.go.tz.",
        name: "Enter the person's name.",
        institution: "Choose the institution for an editor or publisher.",
      },
      values: { email: "not an address", name: "N", role: "editor", institution: "" },
    });
    const invited = await peopleActions.inviteStaff(undefined, invite);
    expect(invited.ok && invited.link).toMatch(/\/en\/staff\/invitation\/[A-Za-z0-9_-]{43}$/);
    const again = await peopleActions.inviteStaff(undefined, invite);
    expect(again.ok ? null : again.fieldErrors.email).toBe("There is already an account with this e-mail address.");
    expect(
      await outcome(() => peopleActions.setStaffDisabled(form({ staffId: (actor as { staffId: string }).staffId, disable: "yes" }))),
    ).toBe("/en/staff/admin/people?problem=self");
  });

  it("lets administrators alone order a life event's services, from the numbers typed beside them", async () => {
    const order = async () =>
      (await database.db.select({ order: lifeEvents.serviceOrder }).from(lifeEvents).where(eq(lifeEvents.key, "birth-of-a-child")))[0]!
        .order;
    const typed = (value: string) => form({ event: "birth-of-a-child", [`position-${birth}`]: value, "position-not-an-id": "1" });
    for (const who of [staff("editor", rita), staff("publisher", rita), { kind: "anonymous" } as Actor]) {
      actor = who;
      expect(await topicActions.saveServiceOrder(undefined, typed("1"))).toMatchObject({ ok: false, message: said.forbidden });
    }
    expect(await order()).toEqual([]);
    actor = staff("admin", null);
    const wrong = await topicActions.saveServiceOrder(undefined, typed("first"));
    expect(wrong).toMatchObject({
      ok: false,
      values: { [birth]: "first" },
      fieldErrors: { [birth]: "Type a whole number from 1 to 999, or leave it empty." },
    });
    expect(await order()).toEqual([]);
    expect(await topicActions.saveServiceOrder(undefined, typed("7"))).toEqual({
      ok: true,
      values: { [birth]: "1" },
      message: "Order saved. The event's page shows it now.",
    });
    expect(await order()).toEqual([birth]);
    expect((await topicActions.saveServiceOrder(undefined, typed(""))).ok).toBe(true);
    expect(await order()).toEqual([]);
  });
});
