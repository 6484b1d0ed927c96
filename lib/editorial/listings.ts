import "server-only";
import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Database } from "@/db";
import {
  categories,
  institutions,
  lifeEvents,
  serviceCategories,
  serviceFees,
  serviceLifeEvents,
  services,
  serviceVersions,
} from "@/db/schema";
import type { ServiceSeed } from "@/db/seed/catalogue-schema";
import { bumpCatalogueVersion, serviceColumns, serviceLinks } from "@/db/seed/load";
import type { Bilingual } from "@/lib/catalogue/model";
import { tanzaniaDay } from "@/lib/catalogue/usage";
import { can, type Actor } from "@/lib/security/permissions";
import { recordAudit } from "@/lib/staff/audit";
import { checkDocument, emptyDocument, type FieldProblem, type ListingDocument, type References } from "./document";
import { isRecordId } from "@/lib/security/record-id";

/**
 * The editorial workflow. Every function takes the actor and checks a named permission first;
 * a listing of another institution is answered as "not found", so its existence does not leak.
 * Each change and its audit entry are written in one transaction.
 */

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Version = typeof serviceVersions.$inferSelect;
export type Refusal = { ok: false; problem: "notFound" | "forbidden" | "wrongState" | "incomplete"; problems?: FieldProblem[] };
type Result<T = object> = ({ ok: true } & T) | Refusal;

const notFound: Refusal = { ok: false, problem: "notFound" };
const forbidden: Refusal = { ok: false, problem: "forbidden" };
const today = () => tanzaniaDay(new Date());

/** Slugs, keys and ids of what a listing may refer to. */
export async function loadReferences(
  db: Pick<Database, "select">,
): Promise<References & { institutionIds: Map<string, string>; categoryIds: Map<string, string>; eventIds: Map<string, string> }> {
  const institutionRows = await db.select({ id: institutions.id, slug: institutions.slug }).from(institutions);
  const categoryRows = await db.select({ id: categories.id, key: categories.key }).from(categories);
  const eventRows = await db.select({ id: lifeEvents.id, key: lifeEvents.key }).from(lifeEvents);
  return {
    institutions: new Set(institutionRows.map((r) => r.slug)),
    categories: new Set(categoryRows.map((r) => r.key)),
    lifeEvents: new Set(eventRows.map((r) => r.key)),
    institutionIds: new Map(institutionRows.map((r) => [r.slug, r.id])),
    categoryIds: new Map(categoryRows.map((r) => [r.key, r.id])),
    eventIds: new Map(eventRows.map((r) => [r.key, r.id])),
  };
}

/** The live listing as a document, read from the published tables (for listings never edited here). */
export async function liveDocument(db: Pick<Database, "select">, serviceId: string): Promise<ServiceSeed | null> {
  const [row] = await db.select().from(services).where(eq(services.id, serviceId));
  if (!row) return null;
  const slugOf = async (id: string | null) =>
    id ? ((await db.select({ slug: institutions.slug }).from(institutions).where(eq(institutions.id, id)))[0]?.slug ?? null) : null;
  const categoryKeys = await db
    .select({ key: categories.key })
    .from(serviceCategories)
    .innerJoin(categories, eq(categories.id, serviceCategories.categoryId))
    .where(eq(serviceCategories.serviceId, serviceId))
    .orderBy(asc(categories.position));
  const eventKeys = await db
    .select({ key: lifeEvents.key })
    .from(serviceLifeEvents)
    .innerJoin(lifeEvents, eq(lifeEvents.id, serviceLifeEvents.lifeEventId))
    .where(eq(serviceLifeEvents.serviceId, serviceId))
    .orderBy(asc(lifeEvents.position));
  const fees = await db.select().from(serviceFees).where(eq(serviceFees.serviceId, serviceId)).orderBy(asc(serviceFees.position));
  return {
    slug: { sw: row.slugSw, en: row.slugEn },
    institution: (await slugOf(row.institutionId))!,
    competentAuthority: await slugOf(row.competentAuthorityId),
    categories: categoryKeys.map((c) => c.key),
    lifeEvents: eventKeys.map((e) => e.key),
    audience: row.audience as ServiceSeed["audience"],
    name: { sw: row.nameSw, en: row.nameEn },
    summary: { sw: row.summarySw, en: row.summaryEn },
    description: { sw: row.descriptionSw, en: row.descriptionEn },
    requirements: row.requirements,
    documents: row.documents,
    steps: row.steps,
    outputs: row.outputs,
    fees: fees.map((fee) => ({
      amount: Number(fee.amount),
      currency: fee.currency as "TZS" | "USD",
      label: { sw: fee.labelSw, en: fee.labelEn },
      gepg: fee.gepg,
      gfsCode: fee.gfsCode,
      asOf: fee.asOf,
      issuer: fee.issuerSystem
        ? { system: fee.issuerSystem, how: { sw: fee.issuerHowSw ?? "", en: fee.issuerHowEn ?? "" }, url: fee.issuerUrl }
        : null,
      abroad: fee.abroad,
      source: fee.source,
      confirmedOn: fee.confirmedOn,
    })),
    feeNote: row.feeNote ?? null,
    processingTime: row.processingTime
      ? {
          iso: row.processingTimeIso,
          text: row.processingTime,
          source: row.processingTimeSource ?? "",
          confirmedOn: row.processingTimeConfirmedOn,
        }
      : null,
    channels: row.channels as ServiceSeed["channels"],
    legalBasis: row.legalBasis,
    keywords: { sw: row.keywordsSw, en: row.keywordsEn },
    featured: row.featured,
    needsReview: row.needsReview,
    reviewNote: row.reviewNote,
    lastReviewed: row.lastReviewedOn,
    sources: row.sources as ServiceSeed["sources"],
  };
}

/** A version the actor may see, or null (another institution's is "not found"). */
export async function findVersion(db: Pick<Database, "select">, actor: Actor, versionId: string): Promise<Version | null> {
  if (!isRecordId(versionId)) return null;
  const [version] = await db.select().from(serviceVersions).where(eq(serviceVersions.id, versionId));
  return version && can.viewListings(actor, version.institutionId) ? version : null;
}

/** The live listing's owner, if the actor may see it. */
async function findService(db: Pick<Database, "select">, actor: Actor, serviceId: string) {
  if (!isRecordId(serviceId)) return null;
  const [row] = await db
    .select({ id: services.id, institutionId: services.institutionId, status: services.status })
    .from(services)
    .where(eq(services.id, serviceId));
  return row && can.viewListings(actor, row.institutionId) ? row : null;
}

async function nextNumber(tx: Pick<Database, "select">, serviceId: string | null): Promise<number> {
  if (!serviceId) return 1;
  const [row] = await tx
    .select({ max: sql<number>`coalesce(max(${serviceVersions.number}), 0)::int` })
    .from(serviceVersions)
    .where(eq(serviceVersions.serviceId, serviceId));
  return Number(row?.max ?? 0) + 1;
}

/**
 * The draft to work on for a live listing: the open one if there is one, else a new draft copied
 * from the published version. The published listing stays live meanwhile.
 */
export async function openDraft(db: Database, actor: Actor, serviceId: string): Promise<Result<{ versionId: string }>> {
  const service = await findService(db, actor, serviceId);
  if (!service) return notFound;
  if (!can.editDraft(actor, service.institutionId) || actor.kind !== "staff") return forbidden;
  return db.transaction(async (tx) => {
    // Serialises two editors opening the same listing at once.
    await tx.select({ id: services.id }).from(services).where(eq(services.id, serviceId)).for("update");
    const [open] = await tx
      .select({ id: serviceVersions.id })
      .from(serviceVersions)
      .where(and(eq(serviceVersions.serviceId, serviceId), inArray(serviceVersions.state, ["draft", "in_review"])));
    if (open) return { ok: true as const, versionId: open.id };
    const [published] = await tx
      .select()
      .from(serviceVersions)
      .where(and(eq(serviceVersions.serviceId, serviceId), inArray(serviceVersions.state, ["published", "withdrawn"])))
      .orderBy(desc(serviceVersions.number))
      .limit(1);
    let content = published?.content;
    if (!published) {
      // A listing loaded from the catalogue files has no history yet: its live state becomes version 1.
      const live = await liveDocument(tx, serviceId);
      if (!live) return notFound;
      content = live as unknown as ListingDocument;
      await tx.insert(serviceVersions).values({
        serviceId,
        institutionId: service.institutionId,
        number: 1,
        state: service.status === "withdrawn" ? "withdrawn" : "published",
        content,
        comment: "catalogue data files",
        publishedAt: sql`now()`,
      });
    }
    const [draft] = await tx
      .insert(serviceVersions)
      .values({
        serviceId,
        institutionId: service.institutionId,
        number: await nextNumber(tx, serviceId),
        state: "draft",
        content: content!,
        createdBy: actor.staffId,
        updatedBy: actor.staffId,
      })
      .returning();
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "listing.draft",
      entity: "service_version",
      entityId: draft!.id,
      institutionId: service.institutionId,
      after: { serviceId, number: draft!.number },
    });
    return { ok: true as const, versionId: draft!.id };
  });
}

/** A new listing for an institution, as an empty draft. */
export async function newListing(db: Database, actor: Actor, institutionId: string): Promise<Result<{ versionId: string }>> {
  if (!can.editDraft(actor, institutionId) || actor.kind !== "staff") return forbidden;
  if (!isRecordId(institutionId)) return notFound;
  const [institution] = await db.select({ slug: institutions.slug }).from(institutions).where(eq(institutions.id, institutionId));
  if (!institution) return notFound;
  return db.transaction(async (tx) => {
    const [draft] = await tx
      .insert(serviceVersions)
      .values({
        serviceId: null,
        institutionId,
        number: 1,
        state: "draft",
        content: emptyDocument(institution.slug),
        createdBy: actor.staffId,
        updatedBy: actor.staffId,
      })
      .returning();
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "listing.create",
      entity: "service_version",
      entityId: draft!.id,
      institutionId,
      after: draft!.content,
    });
    return { ok: true as const, versionId: draft!.id };
  });
}

/**
 * Saves a draft as it is, complete or not. The institution is kept unless an administrator moves
 * the listing: an editor cannot hand a listing to (or take one from) another institution.
 */
export async function saveDraft(db: Database, actor: Actor, versionId: string, document: ListingDocument): Promise<Result> {
  const version = await findVersion(db, actor, versionId);
  if (!version) return notFound;
  if (!can.editDraft(actor, version.institutionId) || actor.kind !== "staff") return forbidden;
  if (version.state !== "draft") return { ok: false, problem: "wrongState" };
  const refs = await loadReferences(db);
  const ownerSlug = [...refs.institutionIds].find(([, id]) => id === version.institutionId)?.[0];
  const wanted = typeof document.institution === "string" ? document.institution : ownerSlug;
  let institutionId = version.institutionId;
  if (wanted !== ownerSlug) {
    const target = wanted ? refs.institutionIds.get(wanted) : undefined;
    if (!can.moveListing(actor) || !target)
      return {
        ok: false,
        problem: "incomplete",
        problems: [{ field: "institution", code: target ? "institutionLocked" : "unknownReference" }],
      };
    institutionId = target;
  }
  return db.transaction(async (tx) => {
    const [saved] = await tx
      .update(serviceVersions)
      .set({ content: document, institutionId, updatedBy: actor.staffId, updatedAt: sql`now()` })
      .where(and(eq(serviceVersions.id, versionId), eq(serviceVersions.state, "draft")))
      .returning({ id: serviceVersions.id });
    if (!saved) return { ok: false as const, problem: "wrongState" as const };
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "listing.save",
      entity: "service_version",
      entityId: versionId,
      institutionId,
      before: version.content,
      after: document,
    });
    return { ok: true as const };
  });
}

/** What keeps a version from publication: the document's problems and slugs used by another listing. */
export async function publicationProblems(
  db: Pick<Database, "select">,
  version: Pick<Version, "content" | "serviceId">,
): Promise<{ problems: FieldProblem[]; listing?: ServiceSeed }> {
  const checked = checkDocument(version.content, await loadReferences(db));
  if (!checked.ok) return { problems: checked.problems };
  const problems: FieldProblem[] = [];
  for (const lang of ["sw", "en"] as const) {
    // A slug may be used once across both languages: the proxy finds a listing by either.
    const [taken] = await db
      .select({ id: services.id })
      .from(services)
      .where(
        and(
          or(eq(services.slugSw, checked.listing.slug[lang]), eq(services.slugEn, checked.listing.slug[lang])),
          version.serviceId ? ne(services.id, version.serviceId) : undefined,
        ),
      );
    if (taken) problems.push({ field: `slug.${lang}`, code: "slugTaken" });
  }
  return problems.length ? { problems } : { problems, listing: checked.listing };
}

/** Draft → in review, only when the listing is complete in both languages. */
export async function submitForReview(db: Database, actor: Actor, versionId: string, comment: string | null): Promise<Result> {
  const version = await findVersion(db, actor, versionId);
  if (!version) return notFound;
  if (!can.submitForReview(actor, version.institutionId) || actor.kind !== "staff") return forbidden;
  if (version.state !== "draft") return { ok: false, problem: "wrongState" };
  const { problems } = await publicationProblems(db, version);
  if (problems.length) return { ok: false, problem: "incomplete", problems };
  return transition(db, actor, version, "draft", "in_review", "listing.submit", {
    submittedBy: actor.staffId,
    submittedAt: sql`now()`,
    comment,
  });
}

/** In review → draft, with the reviewer's reasons (or the editor taking it back). */
export async function returnToDraft(db: Database, actor: Actor, versionId: string, comment: string | null): Promise<Result> {
  const version = await findVersion(db, actor, versionId);
  if (!version) return notFound;
  const own = actor.kind === "staff" && version.submittedBy === actor.staffId;
  if (!(can.returnToDraft(actor, version.institutionId) || (own && can.editDraft(actor, version.institutionId))) || actor.kind !== "staff")
    return forbidden;
  if (version.state !== "in_review") return { ok: false, problem: "wrongState" };
  return transition(db, actor, version, "in_review", "draft", "listing.return", { comment });
}

/** Drops a draft that will not be published. */
export async function discardDraft(db: Database, actor: Actor, versionId: string): Promise<Result> {
  const version = await findVersion(db, actor, versionId);
  if (!version) return notFound;
  if (!can.editDraft(actor, version.institutionId) || actor.kind !== "staff") return forbidden;
  if (version.state !== "draft") return { ok: false, problem: "wrongState" };
  return transition(db, actor, version, "draft", "discarded", "listing.discard", {});
}

async function transition(
  db: Database,
  actor: Extract<Actor, { kind: "staff" }>,
  version: Version,
  from: Version["state"],
  to: Version["state"],
  action: string,
  extra: Partial<Record<keyof Version, unknown>>,
): Promise<Result> {
  return db.transaction(async (tx) => {
    const [moved] = await tx
      .update(serviceVersions)
      .set({ ...extra, state: to, updatedBy: actor.staffId, updatedAt: sql`now()` } as unknown as Partial<Version>)
      .where(and(eq(serviceVersions.id, version.id), eq(serviceVersions.state, from)))
      .returning({ id: serviceVersions.id });
    if (!moved) return { ok: false as const, problem: "wrongState" as const };
    await recordAudit(tx, {
      staffId: actor.staffId,
      action,
      entity: "service_version",
      entityId: version.id,
      institutionId: version.institutionId,
      before: { state: from },
      after: { state: to, ...(extra.comment ? { comment: extra.comment } : {}) },
    });
    return { ok: true as const };
  });
}

/**
 * In review → published: the live tables take the document, the previous publication is
 * superseded and the catalogue's version goes up, all in one transaction; pages, the open-data
 * API and search change together. Also used by a publisher's import (from a draft).
 */
export async function publishVersion(
  db: Database,
  actor: Actor,
  versionId: string,
  options: { from?: Version["state"][] } = {},
): Promise<Result<{ serviceId: string }>> {
  const version = await findVersion(db, actor, versionId);
  if (!version) return notFound;
  if (!can.publishListing(actor, version.institutionId) || actor.kind !== "staff") return forbidden;
  const allowed = options.from ?? ["in_review"];
  if (!allowed.includes(version.state)) return { ok: false, problem: "wrongState" };
  return db.transaction(async (tx) => publishInTransaction(tx, actor, version, allowed));
}

export async function publishInTransaction(
  tx: Tx,
  actor: Extract<Actor, { kind: "staff" }>,
  version: Version,
  allowed: Version["state"][],
): Promise<Result<{ serviceId: string }>> {
  const [locked] = await tx.select().from(serviceVersions).where(eq(serviceVersions.id, version.id)).for("update");
  if (!locked || !allowed.includes(locked.state)) return { ok: false, problem: "wrongState" };
  const { problems, listing } = await publicationProblems(tx, locked);
  if (!listing) return { ok: false, problem: "incomplete", problems };
  const refs = await loadReferences(tx);
  const published: ServiceSeed = { ...listing, lastReviewed: today() };
  const columns = serviceColumns(published, refs.institutionIds);
  const before = locked.serviceId ? await liveDocument(tx, locked.serviceId) : null;
  let serviceId = locked.serviceId;
  if (serviceId) {
    await tx
      .update(services)
      .set({ ...columns, updatedAt: sql`now()` })
      .where(eq(services.id, serviceId));
  } else {
    const [created] = await tx.insert(services).values(columns).returning({ id: services.id });
    serviceId = created!.id;
  }
  await tx.delete(serviceCategories).where(eq(serviceCategories.serviceId, serviceId));
  await tx.delete(serviceLifeEvents).where(eq(serviceLifeEvents.serviceId, serviceId));
  await tx.delete(serviceFees).where(eq(serviceFees.serviceId, serviceId));
  const links = serviceLinks(serviceId, published, refs.categoryIds, refs.eventIds);
  if (links.categories.length) await tx.insert(serviceCategories).values(links.categories);
  if (links.lifeEvents.length) await tx.insert(serviceLifeEvents).values(links.lifeEvents);
  if (links.fees.length) await tx.insert(serviceFees).values(links.fees);
  await tx
    .update(serviceVersions)
    .set({ state: "superseded" })
    .where(and(eq(serviceVersions.serviceId, serviceId), inArray(serviceVersions.state, ["published", "withdrawn"])));
  await tx
    .update(serviceVersions)
    .set({
      state: "published",
      serviceId,
      content: published as unknown as ListingDocument,
      institutionId: columns.institutionId,
      publishedBy: actor.staffId,
      publishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(serviceVersions.id, locked.id));
  await bumpCatalogueVersion(tx);
  await recordAudit(tx, {
    staffId: actor.staffId,
    action: "listing.publish",
    entity: "service",
    entityId: serviceId,
    institutionId: columns.institutionId,
    before,
    after: published,
  });
  return { ok: true, serviceId };
}

/** Published → withdrawn: the public page, search entry and open-data record go at once. */
export async function withdrawListing(db: Database, actor: Actor, serviceId: string, reason: string | null): Promise<Result> {
  const service = await findService(db, actor, serviceId);
  if (!service) return notFound;
  if (!can.withdrawListing(actor, service.institutionId) || actor.kind !== "staff") return forbidden;
  if (service.status !== "published") return { ok: false, problem: "wrongState" };
  return db.transaction(async (tx) => {
    const [moved] = await tx
      .update(services)
      .set({ status: "withdrawn", updatedAt: sql`now()` })
      .where(and(eq(services.id, serviceId), eq(services.status, "published")))
      .returning({ id: services.id });
    if (!moved) return { ok: false as const, problem: "wrongState" as const };
    await tx
      .update(serviceVersions)
      .set({ state: "withdrawn", comment: reason })
      .where(and(eq(serviceVersions.serviceId, serviceId), eq(serviceVersions.state, "published")));
    await bumpCatalogueVersion(tx);
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "listing.withdraw",
      entity: "service",
      entityId: serviceId,
      institutionId: service.institutionId,
      before: { status: "published" },
      after: { status: "withdrawn", reason },
    });
    return { ok: true as const };
  });
}

/** A notice at the top of the public page (service down, office moved), shown at once; null clears it. */
export async function setMaintenanceNotice(
  db: Database,
  actor: Actor,
  serviceId: string,
  notice: { sw: string; en: string } | null,
): Promise<Result> {
  const service = await findService(db, actor, serviceId);
  if (!service) return notFound;
  if (!can.setMaintenanceNotice(actor, service.institutionId) || actor.kind !== "staff") return forbidden;
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ notice: services.maintenanceNotice }).from(services).where(eq(services.id, serviceId)).for("update");
    await tx
      .update(services)
      .set({ maintenanceNotice: notice, updatedAt: sql`now()` })
      .where(eq(services.id, serviceId));
    await bumpCatalogueVersion(tx);
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: notice ? "listing.notice_set" : "listing.notice_clear",
      entity: "service",
      entityId: serviceId,
      institutionId: service.institutionId,
      before: before?.notice ?? null,
      after: notice,
    });
    return { ok: true as const };
  });
}

/** A publisher confirms the listing is still right: its review date becomes today. */
export async function confirmStillCorrect(db: Database, actor: Actor, serviceId: string): Promise<Result> {
  const service = await findService(db, actor, serviceId);
  if (!service) return notFound;
  if (!can.confirmStillCorrect(actor, service.institutionId) || actor.kind !== "staff") return forbidden;
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ on: services.lastReviewedOn }).from(services).where(eq(services.id, serviceId)).for("update");
    await tx
      .update(services)
      .set({ lastReviewedOn: today(), updatedAt: sql`now()` })
      .where(eq(services.id, serviceId));
    await bumpCatalogueVersion(tx);
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "listing.confirm",
      entity: "service",
      entityId: serviceId,
      institutionId: service.institutionId,
      before: { lastReviewed: before?.on ?? null },
      after: { lastReviewed: today() },
    });
    return { ok: true as const };
  });
}

/** A listing's versions, newest first. */
export async function listingHistory(db: Database, actor: Actor, serviceId: string): Promise<Version[] | null> {
  const service = await findService(db, actor, serviceId);
  if (!service) return null;
  return db.select().from(serviceVersions).where(eq(serviceVersions.serviceId, serviceId)).orderBy(desc(serviceVersions.number));
}

/** A live listing and its versions, newest first, if the actor may see it. */
export async function listingWithHistory(
  db: Database,
  actor: Actor,
  serviceId: string,
): Promise<{ service: typeof services.$inferSelect; history: Version[] } | null> {
  const history = await listingHistory(db, actor, serviceId);
  if (!history) return null;
  const [service] = await db.select().from(services).where(eq(services.id, serviceId));
  return service ? { service, history } : null;
}

/** The maintenance notice a live listing shows now (none for a listing not yet published), for its drafts' previews. */
export async function liveMaintenanceNotice(db: Pick<Database, "select">, serviceId: string | null): Promise<Bilingual | null> {
  if (!serviceId) return null;
  const [live] = await db.select({ notice: services.maintenanceNotice }).from(services).where(eq(services.id, serviceId));
  return live?.notice ?? null;
}

export type ListingRow = {
  serviceId: string | null;
  versionId: string | null;
  name: { sw: string; en: string };
  status: "published" | "withdrawn" | "new";
  openState: "draft" | "in_review" | null;
  lastReviewedOn: string | null;
  stale: boolean;
  needsReview: boolean;
  maintenance: boolean;
};

/** The institution's listings for its dashboard: live ones with any open draft, and new drafts. */
export async function institutionListings(db: Database, actor: Actor, institutionId: string): Promise<ListingRow[] | null> {
  if (!can.viewListings(actor, institutionId)) return null;
  const live = await db
    .select({
      id: services.id,
      nameSw: services.nameSw,
      nameEn: services.nameEn,
      status: services.status,
      lastReviewedOn: services.lastReviewedOn,
      needsReview: services.needsReview,
      notice: services.maintenanceNotice,
    })
    .from(services)
    .where(eq(services.institutionId, institutionId))
    .orderBy(asc(services.nameSw));
  const open = await db
    .select({
      id: serviceVersions.id,
      serviceId: serviceVersions.serviceId,
      state: serviceVersions.state,
      content: serviceVersions.content,
    })
    .from(serviceVersions)
    .where(and(eq(serviceVersions.institutionId, institutionId), inArray(serviceVersions.state, ["draft", "in_review"])));
  const openByService = new Map(open.filter((v) => v.serviceId).map((v) => [v.serviceId!, v]));
  const yearAgo = new Date(Date.now() - 365 * 86400_000).toISOString().slice(0, 10);
  const rows: ListingRow[] = open
    .filter((v) => !v.serviceId)
    .map((v) => {
      const name = (v.content.name ?? {}) as { sw?: string; en?: string };
      return {
        serviceId: null,
        versionId: v.id,
        name: { sw: name.sw ?? "", en: name.en ?? "" },
        status: "new",
        openState: v.state as "draft" | "in_review",
        lastReviewedOn: null,
        stale: false,
        needsReview: false,
        maintenance: false,
      };
    });
  for (const row of live) {
    const draft = openByService.get(row.id);
    rows.push({
      serviceId: row.id,
      versionId: draft?.id ?? null,
      name: { sw: row.nameSw, en: row.nameEn },
      status: row.status === "withdrawn" ? "withdrawn" : "published",
      openState: (draft?.state as "draft" | "in_review" | undefined) ?? null,
      lastReviewedOn: row.lastReviewedOn,
      stale: row.status === "published" && (!row.lastReviewedOn || row.lastReviewedOn < yearAgo),
      needsReview: row.needsReview,
      maintenance: row.notice !== null,
    });
  }
  return rows;
}

/** Institutions the actor works for: their own, or all of them for an administrator. */
export async function actorInstitutions(
  db: Database,
  actor: Actor,
): Promise<{ id: string; slug: string; name: { sw: string; en: string } }[]> {
  if (actor.kind !== "staff") return [];
  const rows = await db
    .select({ id: institutions.id, slug: institutions.slug, nameSw: institutions.nameSw, nameEn: institutions.nameEn })
    .from(institutions)
    .where(actor.role === "admin" ? undefined : actor.institutionId ? eq(institutions.id, actor.institutionId) : isNull(institutions.id))
    .orderBy(asc(institutions.nameSw));
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: { sw: r.nameSw, en: r.nameEn } }));
}

/** The version a version is compared with: the one published before it, or the one before it in number. */
export async function previousVersion(db: Pick<Database, "select">, version: Version): Promise<Version | null> {
  if (!version.serviceId) return null;
  const [row] = await db
    .select()
    .from(serviceVersions)
    .where(
      and(
        eq(serviceVersions.serviceId, version.serviceId),
        sql`${serviceVersions.number} < ${version.number}`,
        inArray(serviceVersions.state, ["published", "superseded", "withdrawn"]),
      ),
    )
    .orderBy(desc(serviceVersions.number))
    .limit(1);
  return row ?? null;
}
