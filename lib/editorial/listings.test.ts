import { randomUUID } from "node:crypto";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorialAudit, institutions, services, serviceVersions } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { loadCatalogueRows, readCatalogueVersion } from "@/lib/catalogue/load";
import type { Actor, StaffActor } from "@/lib/security/permissions";
import { testEngines, type TestDatabase } from "@/testing/database";
import { documentFromForm, formFromDocument, type ListingDocument } from "./document";
import {
  confirmStillCorrect,
  findVersion,
  institutionListings,
  listingHistory,
  listingWithHistory,
  liveMaintenanceNotice,
  newListing,
  openDraft,
  publishVersion,
  returnToDraft,
  saveDraft,
  setMaintenanceNotice,
  submitForReview,
  withdrawListing,
} from "./listings";

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));
const originalName = fixture.services.find((s) => s.slug.en === "birth-registration")!.name;

describe.each(testEngines())("editorial workflow on $name", ({ open }) => {
  let database: TestDatabase;
  let rita: string;
  let brela: string;
  let birth: string;
  const staff = (role: StaffActor["role"], institutionId: string | null): StaffActor => ({
    kind: "staff",
    staffId: randomUUID(),
    role,
    institutionId,
  });
  let actors: Record<"admin" | "editorA" | "publisherA" | "editorB" | "publisherB" | "citizen" | "anonymous", Actor>;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    const rows = await database.db.select({ id: institutions.id, slug: institutions.slug }).from(institutions);
    rita = rows.find((r) => r.slug === "rita")!.id;
    brela = rows.find((r) => r.slug === "brela")!.id;
    birth = (await database.db.select({ id: services.id }).from(services).where(eq(services.slugEn, "birth-registration")))[0]!.id;
    actors = {
      admin: staff("admin", null),
      editorA: staff("editor", rita),
      publisherA: staff("publisher", rita),
      editorB: staff("editor", brela),
      publisherB: staff("publisher", brela),
      citizen: { kind: "citizen", citizenId: randomUUID() },
      anonymous: { kind: "anonymous" },
    };
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const outsiders = ["editorB", "publisherB", "citizen", "anonymous"] as const;

  it("keeps another institution's staff, citizens and the anonymous out of every step", async () => {
    const draft = await openDraft(database.db, actors.editorA!, birth);
    if (!draft.ok) throw new Error(draft.problem);
    for (const name of outsiders) {
      const actor = actors[name];
      expect(await findVersion(database.db, actor, draft.versionId), name).toBeNull();
      expect((await openDraft(database.db, actor, birth)).ok, name).toBe(false);
      expect((await saveDraft(database.db, actor, draft.versionId, { name: { sw: "x", en: "x" } })).ok, name).toBe(false);
      expect((await submitForReview(database.db, actor, draft.versionId, null)).ok, name).toBe(false);
      expect((await returnToDraft(database.db, actor, draft.versionId, null)).ok, name).toBe(false);
      expect((await publishVersion(database.db, actor, draft.versionId, { from: ["draft", "in_review"] })).ok, name).toBe(false);
      expect((await withdrawListing(database.db, actor, birth, null)).ok, name).toBe(false);
      expect((await setMaintenanceNotice(database.db, actor, birth, { sw: "x", en: "x" })).ok, name).toBe(false);
      expect((await confirmStillCorrect(database.db, actor, birth)).ok, name).toBe(false);
      expect(await listingHistory(database.db, actor, birth), name).toBeNull();
      expect(await listingWithHistory(database.db, actor, birth), name).toBeNull();
      expect(await institutionListings(database.db, actor, rita), name).toBeNull();
      expect((await newListing(database.db, actor, rita)).ok, name).toBe(false);
    }
    // Nothing they tried changed the draft or the live listing.
    const [version] = await database.db.select().from(serviceVersions).where(eq(serviceVersions.id, draft.versionId));
    expect(version!.state).toBe("draft");
    expect((version!.content.name as { sw: string }).sw).not.toBe("x");
    const [live] = await database.db.select().from(services).where(eq(services.id, birth));
    expect(live!.status).toBe("published");
    expect(live!.maintenanceNotice).toBeNull();
  });

  it("lets an editor draft and submit but not publish, withdraw or post a notice; a publisher of the institution may", async () => {
    const draft = await openDraft(database.db, actors.editorA!, birth);
    if (!draft.ok) throw new Error(draft.problem);
    expect((await publishVersion(database.db, actors.editorA!, draft.versionId, { from: ["draft"] })).ok).toBe(false);
    expect(await withdrawListing(database.db, actors.editorA!, birth, null)).toEqual({ ok: false, problem: "forbidden" });
    expect(await setMaintenanceNotice(database.db, actors.editorA!, birth, { sw: "x", en: "x" })).toEqual({
      ok: false,
      problem: "forbidden",
    });
    expect(await confirmStillCorrect(database.db, actors.editorA!, birth)).toEqual({ ok: false, problem: "forbidden" });
    expect(await institutionListings(database.db, actors.editorA!, rita)).not.toBeNull();
    expect(await institutionListings(database.db, actors.editorA!, brela)).toBeNull();
    expect((await newListing(database.db, actors.editorA!, brela)).ok).toBe(false);
    expect((await setMaintenanceNotice(database.db, actors.publisherA!, birth, null)).ok).toBe(true);
    expect((await confirmStillCorrect(database.db, actors.admin!, birth)).ok).toBe(true);
  });

  it("shows a draft's preview the live listing's maintenance notice, and none for a listing not yet published", async () => {
    const notice = { sw: "Huduma imesimama kwa muda.", en: "The service is paused for a while." };
    expect((await setMaintenanceNotice(database.db, actors.publisherA!, birth, notice)).ok).toBe(true);
    expect(await liveMaintenanceNotice(database.db, birth)).toEqual(notice);
    expect(await liveMaintenanceNotice(database.db, null)).toBeNull();
    expect((await setMaintenanceNotice(database.db, actors.publisherA!, birth, null)).ok).toBe(true);
    expect(await liveMaintenanceNotice(database.db, birth)).toBeNull();
  });

  it("does not let an editor hand a listing to another institution", async () => {
    const draft = await openDraft(database.db, actors.editorA!, birth);
    if (!draft.ok) throw new Error(draft.problem);
    const version = await findVersion(database.db, actors.editorA!, draft.versionId);
    const moved = await saveDraft(database.db, actors.editorA!, draft.versionId, { ...version!.content, institution: "brela" });
    expect(moved).toMatchObject({ ok: false, problem: "incomplete", problems: [{ field: "institution", code: "institutionLocked" }] });
    const after = await findVersion(database.db, actors.editorA!, draft.versionId);
    expect(after!.institutionId).toBe(rita);
  });

  it("takes a change from draft through review to the live listing, keeping the old one live until then", async () => {
    const draft = await openDraft(database.db, actors.editorA!, birth);
    if (!draft.ok) throw new Error(draft.problem);
    const version = await findVersion(database.db, actors.editorA!, draft.versionId);
    const values = formFromDocument(version!.content);
    values["name.sw"] = "Usajili wa kizazi (kipya)";
    values["name.en"] = "";
    values["fees.0.amount"] = "elfu nane";
    const incomplete = documentFromForm(values, version!.content);
    expect((await saveDraft(database.db, actors.editorA!, draft.versionId, incomplete)).ok).toBe(true);

    const refused = await submitForReview(database.db, actors.editorA!, draft.versionId, null);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problems).toEqual(
      expect.arrayContaining([
        { field: "name.en", code: "required" },
        { field: "fees.0.amount", code: "invalid" },
      ]),
    );

    values["name.en"] = "Birth registration (new)";
    values["fees.0.amount"] = "9,500";
    expect((await saveDraft(database.db, actors.editorA!, draft.versionId, documentFromForm(values, version!.content))).ok).toBe(true);
    // Still the old name in public while the draft is under way.
    expect((await loadCatalogueRows(database.db)).services.find((s) => s.id === birth)!.name).toEqual(originalName);

    expect((await submitForReview(database.db, actors.editorA!, draft.versionId, "new fee from the 2026 notice")).ok).toBe(true);
    expect((await saveDraft(database.db, actors.editorA!, draft.versionId, incomplete)).ok).toBe(false);
    expect((await publishVersion(database.db, actors.editorA!, draft.versionId)).ok).toBe(false);
    const versionBefore = await readCatalogueVersion(database.db);
    expect((await publishVersion(database.db, actors.publisherA!, draft.versionId)).ok).toBe(true);
    expect(await readCatalogueVersion(database.db)).toBe(versionBefore + 1);

    const published = (await loadCatalogueRows(database.db)).services.find((s) => s.id === birth)!;
    expect(published.name).toEqual({ sw: "Usajili wa kizazi (kipya)", en: "Birth registration (new)" });
    expect(published.fees[0]!.amount).toBe("9500.00");
    const history = await listingHistory(database.db, actors.editorA!, birth);
    expect(history!.map((v) => [v.number, v.state])).toEqual([
      [2, "published"],
      [1, "superseded"],
    ]);
    const listing = await listingWithHistory(database.db, actors.editorA!, birth);
    expect(listing?.service).toMatchObject({ id: birth, nameEn: "Birth registration (new)", institutionId: rita });
    expect(listing?.history).toEqual(history);
    const audit = await database.db.select().from(editorialAudit).where(eq(editorialAudit.entityId, birth));
    expect(audit.map((a) => a.action)).toContain("listing.publish");
    const entry = audit.find((a) => a.action === "listing.publish")!;
    expect((entry.before as ListingDocument).name).toEqual(originalName);
    expect((entry.after as ListingDocument).name).toEqual(published.name);
    expect(entry.staffId).toBe((actors.publisherA as StaffActor).staffId);
  });

  it("withdraws a listing from the public catalogue at once", async () => {
    expect((await withdrawListing(database.db, actors.publisherA!, birth, "replaced by e-RITA")).ok).toBe(true);
    expect((await loadCatalogueRows(database.db)).services.some((s) => s.id === birth)).toBe(false);
    expect((await withdrawListing(database.db, actors.publisherA!, birth, null)).ok).toBe(false);
  });

  it("publishes a new listing only with both languages and its required fields", async () => {
    const created = await newListing(database.db, actors.editorA!, rita);
    if (!created.ok) throw new Error(created.problem);
    const version = await findVersion(database.db, actors.editorA!, created.versionId);
    const refused = await submitForReview(database.db, actors.editorA!, created.versionId, null);
    expect(refused.ok).toBe(false);
    const values = formFromDocument(version!.content);
    Object.assign(values, {
      "slug.sw": "cheti-cha-ndoa",
      "slug.en": "marriage-certificate",
      "name.sw": "Cheti cha ndoa",
      "name.en": "Marriage certificate",
      "summary.sw": "Pata nakala ya cheti cha ndoa.",
      "summary.en": "Get a copy of a marriage certificate.",
      "description.sw": "Maelezo.",
      "description.en": "Details.",
      categories: "identity",
      "keywords.sw": "ndoa",
      "keywords.en": "marriage",
      "sources.count": "1",
      "sources.0.url": "https://www.rita.go.tz/",
      "sources.0.confidence": "HIGH",
      "sources.0.note": "RITA's site",
    });
    expect((await saveDraft(database.db, actors.editorA!, created.versionId, documentFromForm(values, version!.content))).ok).toBe(true);
    expect((await submitForReview(database.db, actors.editorA!, created.versionId, null)).ok).toBe(true);
    const published = await publishVersion(database.db, actors.publisherA!, created.versionId);
    expect(published.ok).toBe(true);
    expect((await loadCatalogueRows(database.db)).services.find((s) => s.slug.en === "marriage-certificate")?.name.sw).toBe(
      "Cheti cha ndoa",
    );
  });
});
