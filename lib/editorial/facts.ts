import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { serviceFees, services } from "@/db/schema";
import { channelSchema, feeSchema, type ServiceSeed } from "@/db/seed/catalogue-schema";
import { bumpCatalogueVersion } from "@/db/seed/load";
import type { Catalogue } from "@/lib/catalogue/catalogue";
import type { CatalogueService } from "@/lib/catalogue/model";
import { factTrust, isMarked, listingFacts, type Fact, type FactTrust } from "@/lib/catalogue/trust";
import { tanzaniaDay, visitorCounts } from "@/lib/catalogue/usage";
import { can, type Actor } from "@/lib/security/permissions";
import { recordAudit } from "@/lib/staff/audit";
import { liveDocument } from "./listings";
import { isRecordId } from "@/lib/security/record-id";

/**
 * Reviewing a listing fact by fact: publishers of the institution confirm each fee, time and
 * channel as it stands, or correct it, and the public page changes at once (the catalogue's
 * version is bumped in the same transaction as the change and its audit entry). The order of
 * review puts first what most needs a person's eye.
 */

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type FactProblem = "notFound" | "forbidden" | "invalid" | "unchanged";
type Outcome = { ok: true } | { ok: false; problem: FactProblem; field?: string };

const notFound = { ok: false, problem: "notFound" } as const;
const forbidden = { ok: false, problem: "forbidden" } as const;

/** A fact as the review page shows it. */
export type ReviewFact = Fact & { trust: FactTrust; correctable: boolean };

/** The facts of a live listing, each with how far it can be trusted today. */
export function reviewFacts(listing: Pick<ServiceSeed, "fees" | "processingTime" | "channels" | "sources">, today: string): ReviewFact[] {
  return listingFacts(listing).map((fact) => ({
    ...fact,
    trust: factTrust(fact, listing.sources, today),
    // An office or an app is corrected in the full editor (several fields); the rest here.
    correctable: fact.kind !== "channel" || !["office", "app"].includes(listing.channels[fact.index]!.kind),
  }));
}

/** The live listing, if the actor may see it; locked for a change (`lock`), read plainly for a page. */
async function liveListing(tx: Pick<Tx, "select">, actor: Actor, serviceId: string, lock: boolean) {
  if (!isRecordId(serviceId)) return null;
  const query = tx
    .select({ id: services.id, institutionId: services.institutionId, status: services.status })
    .from(services)
    .where(eq(services.id, serviceId));
  const [row] = lock ? await query.for("update") : await query;
  if (!row || !can.viewListings(actor, row.institutionId)) return null;
  const document = await liveDocument(tx, serviceId);
  return document ? { ...row, document } : null;
}

/** The live listing with its facts, for a person of its institution; null if not theirs. */
export async function listingFactsForReview(db: Database, actor: Actor, serviceId: string) {
  // A page only reads: no transaction, no lock on the listing.
  const listing = await liveListing(db, actor, serviceId, false);
  if (!listing) return null;
  return {
    serviceId: listing.id,
    institutionId: listing.institutionId,
    document: listing.document,
    facts: reviewFacts(listing.document, tanzaniaDay(new Date())),
    canReview: can.confirmFacts(actor, listing.institutionId) && listing.status === "published",
  };
}

/** Writes one fact of the live listing back, as `update` makes it; audited; the public page follows. */
async function changeFact(
  db: Database,
  actor: Actor,
  serviceId: string,
  key: string,
  action: "listing.fact_confirm" | "listing.fact_correct",
  update: (fact: Fact, document: ServiceSeed, today: string) => { ok: true; after: unknown; before: unknown } | Outcome,
): Promise<Outcome> {
  if (actor.kind !== "staff") return forbidden;
  return db.transaction(async (tx) => {
    const listing = await liveListing(tx, actor, serviceId, true);
    if (!listing || listing.status !== "published") return notFound;
    if (!can.confirmFacts(actor, listing.institutionId)) return forbidden;
    const fact = listingFacts(listing.document).find((f) => f.key === key);
    if (!fact) return notFound;
    const today = tanzaniaDay(new Date());
    const changed = update(fact, listing.document, today);
    if (!changed.ok) return changed;
    if (!("after" in changed)) return changed;
    const document = listing.document;
    if (fact.kind === "fee") {
      const fee = changed.after as ServiceSeed["fees"][number];
      await tx
        .update(serviceFees)
        .set({ amount: fee.amount.toFixed(2), confirmedOn: fee.confirmedOn })
        .where(and(eq(serviceFees.serviceId, serviceId), eq(serviceFees.position, fact.index)));
      await tx
        .update(services)
        .set({ updatedAt: sql`now()` })
        .where(eq(services.id, serviceId));
    } else if (fact.kind === "time") {
      const time = changed.after as NonNullable<ServiceSeed["processingTime"]>;
      await tx
        .update(services)
        .set({
          processingTimeIso: time.iso,
          processingTime: time.text,
          processingTimeConfirmedOn: time.confirmedOn,
          updatedAt: sql`now()`,
        })
        .where(eq(services.id, serviceId));
    } else {
      const channels = document.channels.map((c, i) => (i === fact.index ? (changed.after as ServiceSeed["channels"][number]) : c));
      await tx
        .update(services)
        .set({ channels, updatedAt: sql`now()` })
        .where(eq(services.id, serviceId));
    }
    await bumpCatalogueVersion(tx);
    await recordAudit(tx, {
      staffId: actor.staffId,
      action,
      entity: "service",
      entityId: serviceId,
      institutionId: listing.institutionId,
      before: { fact: key, value: changed.before },
      after: { fact: key, value: changed.after },
    });
    return { ok: true as const };
  });
}

function factValue(fact: Fact, document: ServiceSeed) {
  return fact.kind === "fee"
    ? document.fees[fact.index]!
    : fact.kind === "time"
      ? document.processingTime!
      : document.channels[fact.index]!;
}

/** A publisher confirms a fact as it stands: "confirmed by <institution> on <today>" on the page. */
export function confirmFact(db: Database, actor: Actor, serviceId: string, key: string): Promise<Outcome> {
  return changeFact(db, actor, serviceId, key, "listing.fact_confirm", (fact, document, today) => {
    const before = factValue(fact, document);
    return { ok: true, before, after: { ...before, confirmedOn: today } };
  });
}

export type Correction = { value?: string; sw?: string; en?: string };

/** "8,000" or "1 500.50" as a number of shillings, or null. */
function amountOf(text: string): number | null {
  const cleaned = text.replace(/[\s,]/g, "");
  return /^\d{1,12}(\.\d{1,2})?$/.test(cleaned) ? Number(cleaned) : null;
}

/**
 * A publisher corrects a fact (a fee's amount, the processing time in both languages, a link,
 * number, code or address) and so confirms it: the new value goes live at once, confirmed today.
 * The value is checked by the same rules as the catalogue's data files.
 */
export function correctFact(db: Database, actor: Actor, serviceId: string, key: string, correction: Correction): Promise<Outcome> {
  return changeFact(db, actor, serviceId, key, "listing.fact_correct", (fact, document, today) => {
    const before = factValue(fact, document);
    const value = (correction.value ?? "").trim();
    if (fact.kind === "fee") {
      const amount = amountOf(value);
      const fee = { ...(before as ServiceSeed["fees"][number]), amount: amount ?? -1, confirmedOn: today };
      if (amount === null || !feeSchema.safeParse(fee).success) return { ok: false, problem: "invalid", field: "value" };
      if (amount === (before as ServiceSeed["fees"][number]).amount) return { ok: false, problem: "unchanged", field: "value" };
      return { ok: true, before, after: fee };
    }
    if (fact.kind === "time") {
      const text = { sw: (correction.sw ?? "").trim(), en: (correction.en ?? "").trim() };
      if (!text.sw || text.sw.length > 200) return { ok: false, problem: "invalid", field: "sw" };
      if (!text.en || text.en.length > 200) return { ok: false, problem: "invalid", field: "en" };
      const time = before as NonNullable<ServiceSeed["processingTime"]>;
      if (text.sw === time.text.sw && text.en === time.text.en) return { ok: false, problem: "unchanged", field: "sw" };
      // The words are what a citizen reads; a duration that no longer matches them is dropped.
      return { ok: true, before, after: { ...time, iso: null, text, confirmedOn: today } };
    }
    const channel = before as ServiceSeed["channels"][number];
    const field = { online: "url", ussd: "code", sms: "number", phone: "number", email: "address" }[channel.kind as string];
    if (!field) return { ok: false, problem: "invalid", field: "value" };
    const corrected = { ...channel, [field]: value, confirmedOn: today };
    if (!value || !channelSchema.safeParse(corrected).success) return { ok: false, problem: "invalid", field: "value" };
    if (value === (channel as Record<string, unknown>)[field]) return { ok: false, problem: "unchanged", field: "value" };
    return { ok: true, before, after: corrected };
  });
}

export type ReviewRow = {
  service: CatalogueService;
  /** Facts marked on the public page (unconfirmed or old), and those no person has confirmed. */
  marked: number;
  unconfirmed: number;
  /** The year of the oldest dated source among its facts not yet confirmed; null if none is dated. */
  oldestSource: string | null;
  visitors: number;
};

/**
 * An institution's published listings in the order they most need a person's check: most facts
 * marked on the public page first, then the oldest sources, then the most visited (last 30 days).
 */
export async function reviewOrder(db: Database, actor: Actor, catalogue: Catalogue, institutionId: string): Promise<ReviewRow[] | null> {
  if (!can.viewListings(actor, institutionId)) return null;
  const counts = new Map((await visitorCounts(db, { limit: 100_000 })).map((c) => [c.serviceId, c.visitors]));
  const today = tanzaniaDay(new Date());
  const kept = (catalogue.servicesOfInstitution.get(institutionId) ?? []).filter((s) => s.institution.id === institutionId);
  const rows = kept.map((service) => {
    const facts = listingFacts(service).map((fact) => ({ fact, trust: factTrust(fact, service.sources, today) }));
    const open = facts.filter(({ trust }) => trust.state === "sourced");
    const dates = open.flatMap(({ trust }) => (trust.state === "sourced" && trust.date ? [trust.date.slice(0, 4)] : [])).sort();
    return {
      service,
      marked: facts.filter(({ trust }) => isMarked(trust)).length,
      unconfirmed: open.length,
      oldestSource: dates[0] ?? null,
      visitors: counts.get(service.id) ?? 0,
    };
  });
  return rows.sort(
    (a, b) =>
      b.marked - a.marked ||
      (a.oldestSource ?? "9999").localeCompare(b.oldestSource ?? "9999") ||
      b.visitors - a.visitors ||
      b.unconfirmed - a.unconfirmed ||
      a.service.name.en.localeCompare(b.service.name.en),
  );
}
