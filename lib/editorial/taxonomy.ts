import "server-only";
import { and, asc, eq, ne, or, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { categories, lifeEvents, serviceLifeEvents, services } from "@/db/schema";
import { lifeEventSchema, taxonomySchema } from "@/db/seed/catalogue-schema";
import { bumpCatalogueVersion } from "@/db/seed/load";
import { can, type Actor } from "@/lib/security/permissions";
import { recordAudit } from "@/lib/staff/audit";
import { formFieldOf, type FieldProblem } from "./document";

/**
 * Sectors (categories) and life and business events: the ways into the catalogue. Only an
 * administrator changes them; each change bumps the catalogue's version like a publication.
 */

export type TopicKind = "category" | "lifeEvent";
export type TopicValues = Record<
  "key" | "kind" | "slug.sw" | "slug.en" | "name.sw" | "name.en" | "description.sw" | "description.en",
  string
>;

export async function listTopics(db: Pick<Database, "select">) {
  return {
    categories: await db.select().from(categories).orderBy(asc(categories.position)),
    lifeEvents: await db.select().from(lifeEvents).orderBy(asc(lifeEvents.position)),
  };
}

/** Adds a topic (no key yet given) or changes one; the key never changes once made. */
export async function saveTopic(
  db: Database,
  actor: Actor,
  kind: TopicKind,
  existingKey: string | null,
  values: TopicValues,
): Promise<{ ok: true; key: string } | { ok: false; problems: FieldProblem[] } | { ok: false; refused: "forbidden" | "notFound" }> {
  if (!can.manageTopics(actor) || actor.kind !== "staff") return { ok: false, refused: "forbidden" };
  const candidate = {
    key: (existingKey ?? values.key).trim(),
    slug: { sw: values["slug.sw"].trim(), en: values["slug.en"].trim() },
    name: { sw: values["name.sw"].trim(), en: values["name.en"].trim() },
    description: { sw: values["description.sw"].trim(), en: values["description.en"].trim() },
    ...(kind === "lifeEvent" ? { kind: values.kind === "business" ? "business" : "life" } : {}),
  };
  // The order of a life event's services is changed on its own (saveServiceOrder), never here.
  const parsed = (kind === "lifeEvent" ? lifeEventSchema.omit({ serviceOrder: true }) : taxonomySchema).safeParse(candidate);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        field: formFieldOf(issue.path as (string | number)[]).field,
        code: issue.code === "too_small" || issue.input === "" ? "required" : "invalid",
      })),
    };
  }
  const table = kind === "category" ? categories : lifeEvents;
  const topic = parsed.data;
  const eventKind: "life" | "business" = "kind" in topic && topic.kind === "business" ? "business" : "life";
  const problems: FieldProblem[] = [];
  for (const lang of ["sw", "en"] as const) {
    const [taken] = await db
      .select({ key: table.key })
      .from(table)
      .where(and(or(eq(table.slugSw, topic.slug[lang]), eq(table.slugEn, topic.slug[lang])), ne(table.key, topic.key)));
    if (taken) problems.push({ field: `slug.${lang}`, code: "slugTaken" });
  }
  if (!existingKey && (await db.select({ key: table.key }).from(table).where(eq(table.key, topic.key))).length)
    problems.push({ field: "key", code: "keyTaken" });
  if (problems.length) return { ok: false, problems };
  return db.transaction(async (tx) => {
    const columns = {
      slugSw: topic.slug.sw,
      slugEn: topic.slug.en,
      nameSw: topic.name.sw,
      nameEn: topic.name.en,
      descriptionSw: topic.description.sw,
      descriptionEn: topic.description.en,
      updatedAt: sql`now()`,
    };
    let before: unknown = null;
    if (existingKey) {
      const [row] = await tx.select().from(table).where(eq(table.key, existingKey)).for("update");
      if (!row) return { ok: false as const, refused: "notFound" as const };
      before = row;
      if (kind === "category") await tx.update(categories).set(columns).where(eq(categories.key, existingKey));
      else
        await tx
          .update(lifeEvents)
          .set({ ...columns, kind: eventKind })
          .where(eq(lifeEvents.key, existingKey));
    } else {
      const [last] = await tx.select({ n: sql<number>`coalesce(max(${table.position}), -1)::int` }).from(table);
      const position = Number(last?.n ?? -1) + 1;
      if (kind === "category") await tx.insert(categories).values({ key: topic.key, position, ...columns });
      else await tx.insert(lifeEvents).values({ key: topic.key, kind: eventKind, position, ...columns });
    }
    await bumpCatalogueVersion(tx);
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: existingKey ? "topic.update" : "topic.create",
      entity: kind,
      entityId: topic.key,
      before,
      after: topic,
    });
    return { ok: true as const, key: topic.key };
  });
}

export type EventService = { id: string; slugEn: string; name: { sw: string; en: string } };

/** Each life event's published services (by event id), for the form that orders them. */
export async function listLifeEventServices(db: Pick<Database, "select">): Promise<Map<string, EventService[]>> {
  const rows = await db
    .select({
      eventId: serviceLifeEvents.lifeEventId,
      id: services.id,
      slugEn: services.slugEn,
      nameSw: services.nameSw,
      nameEn: services.nameEn,
    })
    .from(serviceLifeEvents)
    .innerJoin(services, eq(services.id, serviceLifeEvents.serviceId))
    .where(eq(services.status, "published"));
  const map = new Map<string, EventService[]>();
  for (const row of rows) {
    const list = map.get(row.eventId) ?? [];
    list.push({ id: row.id, slugEn: row.slugEn, name: { sw: row.nameSw, en: row.nameEn } });
    map.set(row.eventId, list);
  }
  return map;
}

/**
 * Orders a life event's services from the positions an administrator gave (1 first): those with
 * a position in that order (equal positions keep the order they had), the rest after them in
 * alphabetical order on the public pages. Only the event's published services can be placed.
 */
export async function saveServiceOrder(
  db: Database,
  actor: Actor,
  eventKey: string,
  positions: Map<string, number>,
): Promise<{ ok: true; serviceOrder: string[] } | { ok: false; refused: "forbidden" | "notFound" }> {
  if (!can.manageTopics(actor) || actor.kind !== "staff") return { ok: false, refused: "forbidden" };
  return db.transaction(async (tx) => {
    const [event] = await tx
      .select({ id: lifeEvents.id, serviceOrder: lifeEvents.serviceOrder })
      .from(lifeEvents)
      .where(eq(lifeEvents.key, eventKey))
      .for("update");
    if (!event) return { ok: false as const, refused: "notFound" as const };
    const linked = (await listLifeEventServices(tx)).get(event.id) ?? [];
    const before = new Map(event.serviceOrder.map((id, i) => [id, i]));
    const placed = linked
      .filter((service) => positions.has(service.id))
      .sort(
        (a, b) =>
          positions.get(a.id)! - positions.get(b.id)! ||
          (before.get(a.id) ?? Infinity) - (before.get(b.id) ?? Infinity) ||
          a.slugEn.localeCompare(b.slugEn),
      );
    const serviceOrder = placed.map((service) => service.id);
    await tx
      .update(lifeEvents)
      .set({ serviceOrder, updatedAt: sql`now()` })
      .where(eq(lifeEvents.id, event.id));
    await bumpCatalogueVersion(tx);
    const slugs = (ids: string[]) => ids.map((id) => linked.find((s) => s.id === id)?.slugEn ?? id);
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "topic.order",
      entity: "lifeEvent",
      entityId: eventKey,
      before: { serviceOrder: slugs(event.serviceOrder) },
      after: { serviceOrder: slugs(serviceOrder) },
    });
    return { ok: true as const, serviceOrder };
  });
}
