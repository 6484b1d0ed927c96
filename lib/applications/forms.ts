import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { formVersions, institutions, serviceFees, services } from "@/db/schema";
import { bumpCatalogueVersion } from "@/db/seed/load";
import { takesApplications } from "@/lib/integrations/applications/config";
import { isCleanText } from "@/lib/security/control-characters";
import { can, type Actor } from "@/lib/security/permissions";
import { recordAudit } from "@/lib/staff/audit";
import { formProblems, formSchema, type FormDefinition } from "./form-schema";
import { isRecordId } from "@/lib/security/record-id";

/**
 * Application forms in the editorial area, kept like the listings: an editor drafts (by editing
 * the form's JSON, or importing a file), sends it for review; a publisher of the institution
 * returns it with reasons or publishes it, which supersedes the form before. Every version is
 * kept (history); an application keeps the version it was started on. Every step is checked
 * against a named permission, and a form of another institution is answered as "not found".
 * Each change is audited in its own transaction.
 */

export type FormVersion = typeof formVersions.$inferSelect;
export type FormRefusal = {
  ok: false;
  problem: "notFound" | "forbidden" | "wrongState" | "invalid" | "noPushCode" | "noFee";
  problems?: string[];
};
type Result<T = object> = ({ ok: true } & T) | FormRefusal;

const notFound: FormRefusal = { ok: false, problem: "notFound" };
const forbidden: FormRefusal = { ok: false, problem: "forbidden" };

type Listing = { id: string; institutionId: string; institutionSlug: string; nameSw: string; nameEn: string };

async function listingOf(db: Pick<Database, "select">, actor: Actor, serviceId: string): Promise<Listing | null> {
  if (!isRecordId(serviceId)) return null;
  const [row] = await db
    .select({
      id: services.id,
      institutionId: services.institutionId,
      institutionSlug: institutions.slug,
      nameSw: services.nameSw,
      nameEn: services.nameEn,
    })
    .from(services)
    .innerJoin(institutions, eq(institutions.id, services.institutionId))
    .where(eq(services.id, serviceId));
  if (!row || !can.viewListings(actor, row.institutionId)) return null;
  return row;
}

export type FormState = {
  listing: Listing;
  /** The form citizens fill in now, if any. */
  published: FormVersion | null;
  /** The draft or the version in review, if any. */
  open: FormVersion | null;
  history: FormVersion[];
  /** Whether the institution's system takes applications through the bus (a push code is configured). */
  connected: boolean;
};

/** A listing's form: published, open and every version; null for who may not see the listing. */
export async function formState(db: Database, actor: Actor, serviceId: string): Promise<FormState | null> {
  const listing = await listingOf(db, actor, serviceId);
  if (!listing) return null;
  const history = await db.select().from(formVersions).where(eq(formVersions.serviceId, serviceId)).orderBy(desc(formVersions.number));
  return {
    listing,
    published: history.find((v) => v.state === "published") ?? null,
    open: history.find((v) => v.state === "draft" || v.state === "in_review") ?? null,
    history,
    connected: takesApplications(listing.institutionSlug),
  };
}

/** One version of a listing's form (for export and preview); null for who may not see it. */
export async function formVersion(db: Database, actor: Actor, versionId: string): Promise<FormVersion | null> {
  if (!isRecordId(versionId)) return null;
  const [version] = await db.select().from(formVersions).where(eq(formVersions.id, versionId));
  if (!version || !can.viewListings(actor, version.institutionId)) return null;
  return version;
}

/**
 * Where in parsed JSON a key or a text holds a control character or half of a surrogate pair
 * alone (lib/security/control-characters.ts).
 */
function controlCharacterPaths(value: unknown, path = ""): string[] {
  if (typeof value === "string") return isCleanText(value) ? [] : [path];
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const at = path ? `${path}.${key}` : key;
    return [...(isCleanText(key) ? [] : [at]), ...controlCharacterPaths(inner, at)];
  });
}

/** Reads a form's JSON as typed or imported: the definition, or every reason it is refused. */
export function readFormJson(text: string): { ok: true; definition: FormDefinition } | { ok: false; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${(error as Error).message.slice(0, 200)}`] };
  }
  // An exported file carries the form under "form", with the listing it came from beside it.
  if (data && typeof data === "object" && "form" in data && !("pages" in data)) data = (data as { form: unknown }).form;
  // JSON writes a control character as an escape ("\u0000"), and half of a surrogate pair
  // ("\ud800"), which no check of the typed text sees; PostgreSQL refuses both in jsonb, so the
  // save would fail on every try.
  const hidden = controlCharacterPaths(data);
  if (hidden.length) return { ok: false, problems: hidden.slice(0, 50).map((path) => `${path || "form"}: a hidden control character`) };
  const problems = formProblems(data);
  if (problems.length) return { ok: false, problems: problems.slice(0, 50) };
  return { ok: true, definition: formSchema.parse(data) };
}

/**
 * Saves the draft of a listing's form (making one if there is none: from the text given, which is
 * the published form's when an editor starts from it). Only a valid definition is saved.
 */
export async function saveFormDraft(db: Database, actor: Actor, serviceId: string, text: string): Promise<Result<{ versionId: string }>> {
  const listing = await listingOf(db, actor, serviceId);
  if (!listing) return notFound;
  if (!can.editDraft(actor, listing.institutionId) || actor.kind !== "staff") return forbidden;
  const read = readFormJson(text);
  if (!read.ok) return { ok: false, problem: "invalid", problems: read.problems };
  return db.transaction(async (tx) => {
    const [open] = await tx
      .select()
      .from(formVersions)
      .where(and(eq(formVersions.serviceId, serviceId), inArray(formVersions.state, ["draft", "in_review"])))
      .for("update");
    if (open && open.state !== "draft") return { ok: false as const, problem: "wrongState" as const };
    let versionId: string;
    if (open) {
      await tx
        .update(formVersions)
        .set({ definition: read.definition, updatedBy: actor.staffId, updatedAt: sql`now()` })
        .where(eq(formVersions.id, open.id));
      versionId = open.id;
    } else {
      const [{ next } = { next: 1 }] = await tx
        .select({ next: sql<number>`coalesce(max(${formVersions.number}), 0)::int + 1` })
        .from(formVersions)
        .where(eq(formVersions.serviceId, serviceId));
      const [created] = await tx
        .insert(formVersions)
        .values({
          serviceId,
          institutionId: listing.institutionId,
          number: Number(next),
          state: "draft",
          definition: read.definition,
          createdBy: actor.staffId,
          updatedBy: actor.staffId,
        })
        .returning({ id: formVersions.id });
      versionId = created!.id;
    }
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "form.save",
      entity: "form_version",
      entityId: versionId,
      institutionId: listing.institutionId,
      before: open ? open.definition : null,
      after: read.definition,
    });
    return { ok: true as const, versionId };
  });
}

async function transition(
  db: Database,
  actor: Extract<Actor, { kind: "staff" }>,
  version: FormVersion,
  from: FormVersion["state"],
  to: FormVersion["state"],
  action: string,
  extra: Partial<FormVersion>,
): Promise<Result> {
  return db.transaction(async (tx) => {
    const [moved] = await tx
      .update(formVersions)
      .set({ ...extra, state: to, updatedBy: actor.staffId, updatedAt: sql`now()` })
      .where(and(eq(formVersions.id, version.id), eq(formVersions.state, from)))
      .returning({ id: formVersions.id });
    if (!moved) return { ok: false as const, problem: "wrongState" as const };
    await recordAudit(tx, {
      staffId: actor.staffId,
      action,
      entity: "form_version",
      entityId: version.id,
      institutionId: version.institutionId,
      before: { state: from },
      after: { state: to, ...(extra.comment ? { comment: extra.comment } : {}) },
    });
    return { ok: true as const };
  });
}

/** Draft → in review. */
export async function submitFormForReview(db: Database, actor: Actor, versionId: string, comment: string | null): Promise<Result> {
  const version = await formVersion(db, actor, versionId);
  if (!version) return notFound;
  if (!can.submitForReview(actor, version.institutionId) || actor.kind !== "staff") return forbidden;
  if (version.state !== "draft") return { ok: false, problem: "wrongState" };
  return transition(db, actor, version, "draft", "in_review", "form.submit", {
    submittedBy: actor.staffId,
    submittedAt: new Date(),
    comment,
  });
}

/** In review → draft, with the reviewer's reasons. */
export async function returnFormToDraft(db: Database, actor: Actor, versionId: string, comment: string | null): Promise<Result> {
  const version = await formVersion(db, actor, versionId);
  if (!version) return notFound;
  if (!can.returnToDraft(actor, version.institutionId) || actor.kind !== "staff") return forbidden;
  if (version.state !== "in_review") return { ok: false, problem: "wrongState" };
  return transition(db, actor, version, "in_review", "draft", "form.return", { comment });
}

/** Drops a draft. */
export async function discardFormDraft(db: Database, actor: Actor, versionId: string): Promise<Result> {
  const version = await formVersion(db, actor, versionId);
  if (!version) return notFound;
  if (!can.editDraft(actor, version.institutionId) || actor.kind !== "staff") return forbidden;
  if (version.state !== "draft") return { ok: false, problem: "wrongState" };
  return transition(db, actor, version, "draft", "discarded", "form.discard", {});
}

/** The fees of the live listing, by position, to check a form's payment against. */
async function feeCount(db: Pick<Database, "select">, serviceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(serviceFees)
    .where(eq(serviceFees.serviceId, serviceId));
  return Number(row?.n ?? 0);
}

/**
 * In review → published (a publisher of the institution, whose system must take applications
 * through the bus). The form before is superseded; applications started on it keep it.
 */
export async function publishForm(db: Database, actor: Actor, versionId: string): Promise<Result> {
  const version = await formVersion(db, actor, versionId);
  if (!version) return notFound;
  if (!can.publishListing(actor, version.institutionId) || actor.kind !== "staff") return forbidden;
  if (version.state !== "in_review") return { ok: false, problem: "wrongState" };
  const listing = await listingOf(db, actor, version.serviceId);
  if (!listing) return notFound;
  if (!takesApplications(listing.institutionSlug)) return { ok: false, problem: "noPushCode" };
  const read = formSchema.safeParse(version.definition);
  if (!read.success) return { ok: false, problem: "invalid", problems: formProblems(version.definition) };
  const payment = read.data.payment;
  if (payment.when !== "none") {
    const fees = await feeCount(db, version.serviceId);
    const positions = [payment.feePosition, ...Object.values(payment.byAnswer?.fees ?? {})];
    if (positions.some((position) => position >= fees)) return { ok: false, problem: "noFee" };
  }
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(formVersions).where(eq(formVersions.id, version.id)).for("update");
    if (locked?.state !== "in_review") return { ok: false as const, problem: "wrongState" as const };
    const [before] = await tx
      .update(formVersions)
      .set({ state: "superseded", updatedAt: sql`now()` })
      // A withdrawn version stays withdrawn: its drafts are not revived by the next form.
      .where(and(eq(formVersions.serviceId, version.serviceId), eq(formVersions.state, "published")))
      .returning({ id: formVersions.id, number: formVersions.number });
    await tx
      .update(formVersions)
      .set({ state: "published", publishedBy: actor.staffId, publishedAt: sql`now()`, updatedBy: actor.staffId, updatedAt: sql`now()` })
      .where(eq(formVersions.id, version.id));
    // The service page's "Apply online" follows the catalogue's version.
    await bumpCatalogueVersion(tx);
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "form.publish",
      entity: "form_version",
      entityId: version.id,
      institutionId: version.institutionId,
      before: before ? { supersedes: before.number } : null,
      after: { number: version.number, serviceId: version.serviceId },
    });
    return { ok: true as const };
  });
}

/**
 * Published → withdrawn: no one can start or send an application on it (drafts on it are replaced
 * by a fresh one when the citizen starts again on a later form); those already sent go on.
 */
export async function withdrawForm(db: Database, actor: Actor, serviceId: string, reason: string | null): Promise<Result> {
  const state = await formState(db, actor, serviceId);
  if (!state) return notFound;
  if (!can.withdrawListing(actor, state.listing.institutionId) || actor.kind !== "staff") return forbidden;
  if (!state.published) return { ok: false, problem: "wrongState" };
  const version = state.published;
  return db.transaction(async (tx) => {
    const [moved] = await tx
      .update(formVersions)
      .set({ state: "withdrawn", comment: reason, updatedBy: actor.staffId, updatedAt: sql`now()` })
      .where(and(eq(formVersions.id, version.id), eq(formVersions.state, "published")))
      .returning({ id: formVersions.id });
    if (!moved) return { ok: false as const, problem: "wrongState" as const };
    await bumpCatalogueVersion(tx);
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "form.withdraw",
      entity: "form_version",
      entityId: version.id,
      institutionId: version.institutionId,
      before: { state: "published" },
      after: { state: "withdrawn", ...(reason ? { comment: reason } : {}) },
    });
    return { ok: true as const };
  });
}

/** A form as exported: the listing it belongs to beside it, so that an import can say where it came from. */
export function exportedForm(version: FormVersion, listing: { id: string; nameEn: string }) {
  return { service: listing.id, serviceName: listing.nameEn, version: version.number, state: version.state, form: version.definition };
}
