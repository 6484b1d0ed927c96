import { randomUUID } from "node:crypto";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { editorialAudit, institutions, lifeEvents, problemReports, services, serviceVersions } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import type { Actor } from "@/lib/security/permissions";
import { testEngines, type TestDatabase } from "@/testing/database";

/*
 * The permission matrix at the actions themselves, as the browser calls them: each Server Action
 * of the editorial area is called directly with a FormData, as staff of institution A, staff of B,
 * an administrator, a citizen and nobody. The request's identity and database are the only things
 * replaced; the permission checks are the real ones.
 */

let actor: Actor = { kind: "anonymous" };
let database: TestDatabase;

class Redirected extends Error {
  constructor(readonly url: string) {
    super(`redirect ${url}`);
  }
}

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirected(url);
  },
}));
vi.mock("@/db", () => ({ getDb: async () => database.db }));
vi.mock("@/lib/catalogue/current", () => ({ refreshCatalogue: async () => undefined }));
vi.mock("@/lib/security/permissions", async (original) => ({
  ...(await original<typeof import("@/lib/security/permissions")>()),
  currentStaffActor: async () => actor,
}));

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../../../testing/fixtures/catalogue"));

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  data.set("locale", "en");
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

/** Runs an action and says where it sent the browser (actions end in a redirect). */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "returned";
  } catch (error) {
    if (error instanceof Redirected) return error.url;
    throw error;
  }
}

describe.each(testEngines())("editorial actions called directly on $name", ({ open }) => {
  let rita: string;
  let brela: string;
  let birth: string;
  let draftId: string;
  let reportId: string;
  const staff = (role: "admin" | "publisher" | "editor", institutionId: string | null): Actor => ({ kind: "staff", staffId: randomUUID(), role, institutionId });
  let actions: typeof import("./actions");
  let reportActions: typeof import("./reports/actions");
  let peopleActions: typeof import("./admin/people/actions");
  let topicActions: typeof import("./admin/topics/actions");

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    const rows = await database.db.select({ id: institutions.id, slug: institutions.slug }).from(institutions);
    rita = rows.find((r) => r.slug === "rita")!.id;
    brela = rows.find((r) => r.slug === "brela")!.id;
    birth = (await database.db.select({ id: services.id }).from(services).where(eq(services.slugEn, "birth-registration")))[0]!.id;
    const [report] = await database.db.insert(problemReports).values({ serviceId: birth, kind: "out_of_date", details: "The fee changed in 2026.", locale: "en" }).returning();
    reportId = report!.id;
    actions = await import("./actions");
    reportActions = await import("./reports/actions");
    topicActions = await import("./admin/topics/actions");
    peopleActions = await import("./admin/people/actions");
    actor = staff("editor", rita);
    const opened = await outcome(() => actions.openDraftAction(form({ serviceId: birth })));
    draftId = /versions\/([0-9a-f-]{36})$/.exec(opened)![1]!;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const outsiders = (): [string, Actor][] => [
    ["an editor of BRELA", staff("editor", brela)],
    ["a publisher of BRELA", staff("publisher", brela)],
    ["a citizen", { kind: "citizen", citizenId: randomUUID() }],
    ["nobody", { kind: "anonymous" }],
  ];

  it("refuses every step on RITA's listing to BRELA's staff, citizens and the anonymous, and changes nothing", async () => {
    const auditBefore = (await database.db.select().from(editorialAudit)).length;
    for (const [name, who] of outsiders()) {
      actor = who;
      const saved = await actions.saveListingAction({ values: {}, errors: {}, message: null, saved: false }, form({ versionId: draftId, "name.en": "Taken over", "name.sw": "Imechukuliwa" }));
      expect(saved.saved, name).toBe(false);
      expect(saved.message, name).toBe("This does not exist, or it belongs to another institution.");
      expect(await outcome(() => actions.openDraftAction(form({ serviceId: birth }))), name).toMatch(/problem=notFound/);
      expect(await outcome(() => actions.submitForReviewAction(form({ versionId: draftId }))), name).toMatch(/problem=notFound/);
      expect(await outcome(() => actions.publishAction(form({ versionId: draftId }))), name).toMatch(/problem=notFound/);
      expect(await outcome(() => actions.discardAction(form({ versionId: draftId }))), name).toMatch(/problem=notFound/);
      expect(await outcome(() => actions.withdrawAction(form({ serviceId: birth }))), name).toMatch(/problem=notFound/);
      expect(await outcome(() => actions.setNoticeAction(form({ serviceId: birth, "notice.sw": "x", "notice.en": "x" }))), name).toMatch(/problem=notFound/);
      expect(await outcome(() => actions.confirmStillCorrectAction(form({ serviceId: birth }))), name).toMatch(/problem=notFound/);
      expect(await outcome(() => actions.newListingAction(form({ institutionId: rita }))), name).toMatch(/problem=forbidden/);
      expect(await outcome(() => reportActions.handleReportAction(form({ reportId, status: "resolved" }))), name).toMatch(/problem=notFound/);
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
    const saved = await actions.saveListingAction({ values: {}, errors: {}, message: null, saved: false }, (() => {
      const data = form({ versionId: draftId, "slug.sw": "usajili-wa-kizazi", "slug.en": "birth-registration", "name.sw": "Usajili wa kizazi", "name.en": "" });
      return data;
    })());
    expect(saved.saved).toBe(true);
    expect(saved.errors["name.en"]).toBe("Name (English): fill this in.");
    expect(await outcome(() => actions.publishAction(form({ versionId: draftId })))).toMatch(/problem=(forbidden|wrongState)/);
    expect(await outcome(() => actions.withdrawAction(form({ serviceId: birth })))).toMatch(/problem=forbidden/);
    expect(await outcome(() => reportActions.handleReportAction(form({ reportId, status: "seen" })))).toMatch(/done=seen/);
    actor = staff("publisher", rita);
    expect(await outcome(() => actions.setNoticeAction(form({ serviceId: birth, "notice.sw": "Ofisi imefungwa leo.", "notice.en": "The office is closed today." })))).toMatch(/done=notice/);
  });

  it("keeps staff administration to administrators", async () => {
    const empty = { errors: {}, values: { email: "", name: "", role: "", institution: "" }, link: null, message: null };
    const invite = form({ email: "new@rita.go.tz", name: "New Person", role: "editor", institution: "rita" });
    for (const who of [staff("editor", rita), staff("publisher", rita), { kind: "anonymous" } as Actor]) {
      actor = who;
      expect((await peopleActions.inviteAction(empty, invite)).link).toBeNull();
      expect((await peopleActions.resetAction({ link: null, problem: null }, form({ staffId: randomUUID() }))).link).toBeNull();
    }
    actor = staff("admin", null);
    const invited = await peopleActions.inviteAction(empty, invite);
    expect(invited.link).toMatch(/\/en\/staff\/invitation\/[A-Za-z0-9_-]{43}$/);
    const again = await peopleActions.inviteAction(empty, invite);
    expect(again.errors.email).toBe("There is already an account with this e-mail address.");
  });

  it("lets administrators alone order a life event's services, from the numbers typed beside them", async () => {
    const initial = { positions: {}, errors: {}, message: null, saved: false };
    const order = async () => (await database.db.select({ order: lifeEvents.serviceOrder }).from(lifeEvents).where(eq(lifeEvents.key, "birth-of-a-child")))[0]!.order;
    const typed = (value: string) => form({ event: "birth-of-a-child", [`position-${birth}`]: value, "position-not-an-id": "1" });
    for (const who of [staff("editor", rita), staff("publisher", rita), { kind: "anonymous" } as Actor]) {
      actor = who;
      expect(await topicActions.saveServiceOrderAction(initial, typed("1"))).toMatchObject({ saved: false, message: "Your role does not allow this. Ask a publisher of your institution or an administrator." });
    }
    expect(await order()).toEqual([]);
    actor = staff("admin", null);
    const wrong = await topicActions.saveServiceOrderAction(initial, typed("first"));
    expect(wrong).toMatchObject({ saved: false, positions: { [birth]: "first" }, errors: { [birth]: "Type a whole number from 1 to 999, or leave it empty." } });
    expect(await order()).toEqual([]);
    expect(await topicActions.saveServiceOrderAction(initial, typed("7"))).toEqual({ positions: { [birth]: "1" }, errors: {}, message: "Order saved. The event's page shows it now.", saved: true });
    expect(await order()).toEqual([birth]);
    expect((await topicActions.saveServiceOrderAction(initial, typed(""))).saved).toBe(true);
    expect(await order()).toEqual([]);
  });
});
