import { desc, gte, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { serviceViews } from "@/db/schema";
import { describeError, log } from "@/lib/log";
import type { Catalogue } from "./catalogue";
import type { CatalogueService } from "./model";

/**
 * "Most used" is counted, not claimed: one count per service page view and day, summed over
 * the last 30 days. Until there are enough views, featured listings fill the list.
 */

/** Counts a view without delaying the page; a lost count is only a lost count. */
export function recordServiceView(serviceId: string): void {
  void (async () => {
    const db = await getDb();
    await db
      .insert(serviceViews)
      .values({ serviceId, day: sql`current_date`, views: 1 })
      .onConflictDoUpdate({
        target: [serviceViews.serviceId, serviceViews.day],
        set: { views: sql`${serviceViews.views} + 1` },
      });
  })().catch((error: unknown) => log.warn("view not counted", { error: describeError(error) }));
}

const RECOUNT_EVERY_MS = 5 * 60_000;
const holder = globalThis as typeof globalThis & { dirishaMostUsed?: { ids: string[]; at: number } };

async function topViewedIds(limit: number): Promise<string[]> {
  const cached = holder.dirishaMostUsed;
  if (cached && Date.now() - cached.at < RECOUNT_EVERY_MS) return cached.ids;
  const db = await getDb();
  const total = sql<number>`sum(${serviceViews.views})`;
  const rows = await db
    .select({ serviceId: serviceViews.serviceId, total })
    .from(serviceViews)
    .where(gte(serviceViews.day, sql`current_date - 30`))
    .groupBy(serviceViews.serviceId)
    .orderBy(desc(total))
    .limit(limit);
  holder.dirishaMostUsed = { ids: rows.map((r) => r.serviceId), at: Date.now() };
  return holder.dirishaMostUsed.ids;
}

export async function mostUsedServices(catalogue: Catalogue, limit = 8): Promise<CatalogueService[]> {
  const chosen: CatalogueService[] = [];
  for (const id of await topViewedIds(limit)) {
    const service = catalogue.serviceById.get(id);
    if (service) chosen.push(service);
  }
  for (const service of catalogue.services) {
    if (chosen.length >= limit) break;
    if (service.featured && !chosen.includes(service)) chosen.push(service);
  }
  return chosen.slice(0, limit);
}
