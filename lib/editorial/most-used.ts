import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { mostUsedOverrides, services } from "@/db/schema";
import { bumpCatalogueVersion } from "@/db/seed/load";
import { readOverrides } from "@/lib/catalogue/usage";
import { can, type Actor } from "@/lib/security/permissions";
import { recordAudit } from "@/lib/staff/audit";

/**
 * The administrators' word on "most used": pin a service into the list (pins come first, in the
 * order set here), hide one from it, move a pin up or down, or let the counts decide again.
 * Each change is audited in its own transaction and bumps the catalogue's version: the home page
 * shows it at the next request, on other instances within seconds.
 */

export type MostUsedChange = "pin" | "hide" | "clear" | "up" | "down";
export const mostUsedChanges: readonly MostUsedChange[] = ["pin", "hide", "clear", "up", "down"];
export type MostUsedResult = { ok: true; changed: boolean } | { ok: false; refused: "forbidden" | "notFound" | "notPinned" };

// Changes to the list are taken one at a time: each rewrites the whole (short) list.
const LOCK_KEY = 1_407_140_014;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function changeMostUsed(db: Database, actor: Actor, serviceId: string, change: MostUsedChange): Promise<MostUsedResult> {
  if (!can.manageMostUsed(actor) || actor.kind !== "staff") return { ok: false, refused: "forbidden" };
  if (!uuidPattern.test(serviceId) || !mostUsedChanges.includes(change)) return { ok: false, refused: "notFound" };
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    const [service] = await tx
      .select({ id: services.id, status: services.status, institutionId: services.institutionId })
      .from(services)
      .where(eq(services.id, serviceId));
    // Only a published listing can be pinned; any listing can be hidden or let go.
    if (!service || (change === "pin" && service.status !== "published")) return { ok: false as const, refused: "notFound" as const };

    const before = await readOverrides(tx);
    const pinned = [...before.pinned];
    const hidden = new Set(before.hidden);
    const at = pinned.indexOf(serviceId);
    if ((change === "up" || change === "down") && at < 0) return { ok: false as const, refused: "notPinned" as const };
    if (change === "pin" && at < 0) pinned.push(serviceId);
    if (change === "pin" || change === "clear") hidden.delete(serviceId);
    if (change === "hide") hidden.add(serviceId);
    if ((change === "hide" || change === "clear") && at >= 0) pinned.splice(at, 1);
    const to = change === "up" ? at - 1 : change === "down" ? at + 1 : -1;
    if (to >= 0 && to < pinned.length) [pinned[at], pinned[to]] = [pinned[to]!, pinned[at]!];

    const unchanged =
      pinned.join() === before.pinned.join() && hidden.size === before.hidden.size && [...hidden].every((id) => before.hidden.has(id));
    if (unchanged) return { ok: true as const, changed: false };

    await tx.delete(mostUsedOverrides);
    const rows = [
      ...pinned.map((id, position) => ({ serviceId: id, mode: "pin" as const, position })),
      ...[...hidden].map((id) => ({ serviceId: id, mode: "hide" as const, position: 0 })),
    ];
    if (rows.length) await tx.insert(mostUsedOverrides).values(rows);
    // What the public pages show changed: every instance's rendered pages give way (lib/http/page-cache.mjs).
    await bumpCatalogueVersion(tx);

    // The record before and after, by the listings' English addresses, so that the log reads plainly.
    const ids = [...new Set([...before.pinned, ...before.hidden, ...pinned, ...hidden])];
    const slugs = new Map(
      (await tx.select({ id: services.id, slug: services.slugEn }).from(services).where(inArray(services.id, ids))).map((r) => [
        r.id,
        r.slug,
      ]),
    );
    const named = (list: Iterable<string>) => [...list].map((id) => slugs.get(id) ?? id);
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: `most_used.${change}`,
      entity: "service",
      entityId: serviceId,
      institutionId: service.institutionId,
      before: { pinned: named(before.pinned), hidden: named(before.hidden) },
      after: { pinned: named(pinned), hidden: named(hidden) },
    });
    return { ok: true as const, changed: true };
  });
}

/** The pins (in order) and hidden services with their names, published or not, for the administrators' page. */
export async function listOverrides(db: Pick<Database, "select">) {
  const rows = await db
    .select({
      serviceId: mostUsedOverrides.serviceId,
      mode: mostUsedOverrides.mode,
      nameSw: services.nameSw,
      nameEn: services.nameEn,
      status: services.status,
    })
    .from(mostUsedOverrides)
    .innerJoin(services, eq(services.id, mostUsedOverrides.serviceId))
    .orderBy(asc(mostUsedOverrides.position), asc(mostUsedOverrides.changedAt));
  return { pinned: rows.filter((r) => r.mode === "pin"), hidden: rows.filter((r) => r.mode === "hide") };
}
