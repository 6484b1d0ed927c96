import "server-only";
import { and, asc, desc, gte, lt, lte, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db";
import { mostUsedOverrides, serviceViews, serviceVisitors } from "@/db/schema";
import { env } from "@/lib/env";
import { intlLocale, type Locale } from "@/lib/i18n/config";
import { keyedHash } from "@/lib/security/hash";
import { tanzaniaDay } from "@/lib/tanzania-day.mjs";
import type { Catalogue } from "./catalogue";
import type { CatalogueService } from "./model";
import { countableVisitor, isPrefetch } from "./visitors";

/**
 * "Most used" is counted, not claimed, and not easily moved:
 *
 * - a service page counts each visitor once a day (a keyed hash of the address the portal
 *   established, the browser's user agent and the service, with the day in the key; the hashes
 *   are deleted once their day is over, so nothing follows a visitor from one day to the next);
 * - robots and prefetches are not counted (./visitors.ts, ./record-view.ts);
 * - the counts of the last 30 days are summed, and a service needs MOST_USED_MIN_VISITORS of them
 *   before the counts place it anywhere, so that a few visits cannot move the list;
 * - administrators pin services into the list (first, in their order) and hide services from it;
 * - featured listings fill whatever room is left.
 */

export const WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
/** The day in Tanzania at this moment, as YYYY-MM-DD. */
export { tanzaniaDay };

function dayBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

/** Stands for one visitor of one service on one day; useless for any other day or service. */
export function visitorHash(serviceId: string, day: string, address: string, userAgent: string): string {
  return keyedHash(`service-visit:${day}`, `${serviceId}\u0000${address}\u0000${userAgent}`);
}

export type Visit = { address: string; userAgent: string };

/** One visitor of one service on one day, as counted: see visitorHash(). */
export type CountedVisit = { serviceId: string; day: string; visitorHash: string };

/** The visit as counted: the day in Tanzania and the visitor's hash for it. */
export function countedVisit(serviceId: string, visit: Visit, now = new Date()): CountedVisit {
  const day = tanzaniaDay(now);
  return { serviceId, day, visitorHash: visitorHash(serviceId, day, visit.address, visit.userAgent) };
}

/**
 * Counts visits in one transaction, each unless its visitor was counted for that service that
 * day; returns how many counted. Pages send theirs in batches (./record-view.ts): at thousands of
 * views a second, a transaction per view would be the database's whole work.
 */
export async function countServiceViews(db: Database, visits: CountedVisit[]): Promise<number> {
  // Each once, and in one order on every instance, so that two batches never wait on each other's rows.
  const unique = [...new Map(visits.map((v) => [`${v.serviceId}\u0000${v.day}\u0000${v.visitorHash}`, v]))]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, v]) => v);
  if (unique.length === 0) return 0;
  return db.transaction(async (tx) => {
    const fresh = await tx
      .insert(serviceVisitors)
      .values(unique)
      .onConflictDoNothing()
      .returning({ serviceId: serviceVisitors.serviceId, day: serviceVisitors.day });
    const views = new Map<string, { serviceId: string; day: string; views: number }>();
    for (const { serviceId, day } of fresh) {
      const key = `${serviceId}\u0000${day}`;
      const row = views.get(key) ?? { serviceId, day, views: 0 };
      row.views++;
      views.set(key, row);
    }
    const rows = [...views.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    if (rows.length > 0) {
      await tx
        .insert(serviceViews)
        .values(rows)
        .onConflictDoUpdate({
          target: [serviceViews.serviceId, serviceViews.day],
          set: { views: sql`${serviceViews.views} + excluded.views` },
        });
    }
    return fresh.length;
  });
}

/** Counts the visit unless this visitor was counted for this service today; says whether it counted. */
export async function countServiceView(db: Database, serviceId: string, visit: Visit, now = new Date()): Promise<boolean> {
  return (await countServiceViews(db, [countedVisit(serviceId, visit, now)])) === 1;
}

export type ViewOutcome = "counted" | "again" | "robot" | "prefetch";

/** One load of a service page, as its headers and the established address tell it. */
export async function countRequest(
  db: Database,
  serviceId: string,
  headers: Pick<Headers, "get">,
  address: string,
  now = new Date(),
): Promise<ViewOutcome> {
  const visitor = countableVisitor(headers);
  if (!visitor) return isPrefetch(headers) ? "prefetch" : "robot";
  return (await countServiceView(db, serviceId, { address, userAgent: visitor.userAgent }, now)) ? "counted" : "again";
}

/** Today's hashes are all that dedup needs: older ones go (run by lib/maintenance.ts). */
export async function pruneServiceVisitors(db: Database, now = new Date()): Promise<void> {
  await db.delete(serviceVisitors).where(lt(serviceVisitors.day, tanzaniaDay(now)));
}

export type CountOptions = { now?: Date; windowDays?: number; minVisitors?: number; limit?: number };

/** Visitors per service over the window, most first; only services with at least minVisitors. */
export async function visitorCounts(
  db: Pick<Database, "select">,
  options: CountOptions = {},
): Promise<{ serviceId: string; visitors: number }[]> {
  const today = tanzaniaDay(options.now ?? new Date());
  const total = sql<number>`sum(${serviceViews.views})::int`;
  const rows = await db
    .select({ serviceId: serviceViews.serviceId, visitors: total })
    .from(serviceViews)
    .where(and(gte(serviceViews.day, dayBefore(today, (options.windowDays ?? WINDOW_DAYS) - 1)), lte(serviceViews.day, today)))
    .groupBy(serviceViews.serviceId)
    .having(gte(total, options.minVisitors ?? 1))
    .orderBy(desc(total), asc(serviceViews.serviceId))
    .limit(options.limit ?? 1000);
  return rows.map((row) => ({ serviceId: row.serviceId, visitors: Number(row.visitors) }));
}

export type Overrides = { pinned: string[]; hidden: Set<string> };

/** The administrators' pins (in order) and hidden services. */
export async function readOverrides(db: Pick<Database, "select">): Promise<Overrides> {
  const rows = await db.select().from(mostUsedOverrides).orderBy(asc(mostUsedOverrides.position), asc(mostUsedOverrides.changedAt));
  return {
    pinned: rows.filter((r) => r.mode === "pin").map((r) => r.serviceId),
    hidden: new Set(rows.filter((r) => r.mode === "hide").map((r) => r.serviceId)),
  };
}

/** Counts that may order lists (at or above the threshold), and the overrides. */
export type Usage = Overrides & { counts: Map<string, number> };

async function countsAboveThreshold(db: Pick<Database, "select">, options: CountOptions): Promise<Map<string, number>> {
  const counts = await visitorCounts(db, { ...options, minVisitors: options.minVisitors ?? env().MOST_USED_MIN_VISITORS });
  return new Map(counts.map((c) => [c.serviceId, c.visitors]));
}

export async function readUsage(db: Pick<Database, "select">, options: CountOptions = {}): Promise<Usage> {
  return { counts: await countsAboveThreshold(db, options), ...(await readOverrides(db)) };
}

// Counts change slowly and are summed over a month: each process recounts every few minutes.
// The overrides are read on every request, so that an administrator's change shows at once.
const RECOUNT_EVERY_MS = 5 * 60_000;
const holder = globalThis as typeof globalThis & { dirishaUsageCounts?: { counts: Map<string, number>; at: number } };

async function currentUsage(): Promise<Usage> {
  const db = await getDb();
  const cached = holder.dirishaUsageCounts;
  let counts = cached && Date.now() - cached.at < RECOUNT_EVERY_MS ? cached.counts : undefined;
  if (!counts) {
    counts = await countsAboveThreshold(db, {});
    holder.dirishaUsageCounts = { counts, at: Date.now() };
  }
  return { counts, ...(await readOverrides(db)) };
}

export type MostUsedEntry = { service: CatalogueService; source: "pinned" | "counted" | "featured" };

const byName = (locale: Locale) => (a: CatalogueService, b: CatalogueService) =>
  a.name[locale].localeCompare(b.name[locale], intlLocale[locale]);

/**
 * The list: pinned services in the administrators' order, then the counted ones, most visitors
 * first, then featured listings (alphabetically) while there is room. Hidden services never.
 */
export function chooseMostUsed(catalogue: Catalogue, usage: Usage, locale: Locale, limit: number): MostUsedEntry[] {
  const chosen: MostUsedEntry[] = [];
  const taken = new Set<string>();
  const add = (service: CatalogueService | undefined, source: MostUsedEntry["source"]) => {
    if (!service || taken.has(service.id) || usage.hidden.has(service.id) || chosen.length >= limit) return;
    taken.add(service.id);
    chosen.push({ service, source });
  };
  for (const id of usage.pinned) add(catalogue.serviceById.get(id), "pinned");
  const position = new Map(catalogue.services.map((s, i) => [s.id, i]));
  const counted = [...usage.counts.keys()]
    .filter((id) => catalogue.serviceById.has(id))
    .sort((a, b) => usage.counts.get(b)! - usage.counts.get(a)! || position.get(a)! - position.get(b)!);
  for (const id of counted) add(catalogue.serviceById.get(id), "counted");
  // Which featured listings fill the room does not depend on the language; their order does.
  const room = limit - chosen.length;
  const fill = catalogue.services.filter((s) => s.featured && !taken.has(s.id) && !usage.hidden.has(s.id)).slice(0, Math.max(0, room));
  for (const service of fill.sort(byName(locale))) add(service, "featured");
  return chosen;
}

/** How many services the home page lists. */
export const MOST_USED_LIMIT = 10;

export async function mostUsedServices(catalogue: Catalogue, locale: Locale, limit = MOST_USED_LIMIT): Promise<CatalogueService[]> {
  return chooseMostUsed(catalogue, await currentUsage(), locale, limit).map((entry) => entry.service);
}

/**
 * An institution's services, most used first (by the same counts and threshold; a service hidden
 * from "most used" is not moved up by its counts), then featured ones, then by name in the page's
 * language.
 */
export function orderByUse(services: CatalogueService[], usage: Usage, locale: Locale): CatalogueService[] {
  const count = (s: CatalogueService) => (usage.hidden.has(s.id) ? 0 : (usage.counts.get(s.id) ?? 0));
  const name = byName(locale);
  return [...services].sort((a, b) => count(b) - count(a) || Number(b.featured) - Number(a.featured) || name(a, b));
}

export async function servicesOfInstitutionByUse(catalogue: Catalogue, institutionId: string, locale: Locale): Promise<CatalogueService[]> {
  const services = catalogue.servicesOfInstitution.get(institutionId) ?? [];
  return services.length > 1 ? orderByUse(services, await currentUsage(), locale) : services;
}

/** For the administrators' page: the top of the counts, under the threshold too. */
export async function countsForReview(db: Pick<Database, "select">, now = new Date()) {
  return visitorCounts(db, { now, minVisitors: 1, limit: 30 });
}
