import { randomUUID } from "node:crypto";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorialAudit } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue, servicesOfLifeEvent } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows, readCatalogueVersion } from "@/lib/catalogue/load";
import type { Actor } from "@/lib/security/permissions";
import { testEngines, type TestDatabase } from "@/testing/database";
import { listLifeEventServices, saveServiceOrder, saveTopic, type TopicValues } from "./taxonomy";

const data = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));
// Three services in the birth of a child, so that there is something to order.
const fixture = {
  ...data,
  services: data.services.map((s) =>
    s.slug.en === "birth-registration" ? s : { ...s, lifeEvents: [...new Set([...s.lifeEvents, "birth-of-a-child"])] },
  ),
};
const admin: Actor = { kind: "staff", staffId: randomUUID(), role: "admin", institutionId: null };
const values: TopicValues = {
  key: "starting-school",
  kind: "life",
  "slug.sw": "kuanza-shule",
  "slug.en": "starting-school",
  "name.sw": "Kuanza shule",
  "name.en": "Starting school",
  "description.sw": "Kumwandikisha mtoto shuleni.",
  "description.en": "Enrolling a child in school.",
};

describe.each(testEngines())("sectors and life events on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("are changed by administrators only", async () => {
    for (const role of ["editor", "publisher"] as const) {
      const actor: Actor = { kind: "staff", staffId: randomUUID(), role, institutionId: null };
      expect(await saveTopic(database.db, actor, "lifeEvent", null, values)).toEqual({ ok: false, refused: "forbidden" });
    }
    expect(await saveTopic(database.db, { kind: "anonymous" }, "category", null, values)).toEqual({ ok: false, refused: "forbidden" });
  });

  it("adds one in both languages, on the public catalogue at once; a taken address or a missing language is refused", async () => {
    const before = await readCatalogueVersion(database.db);
    expect(await saveTopic(database.db, admin, "lifeEvent", null, values)).toEqual({ ok: true, key: "starting-school" });
    expect(await readCatalogueVersion(database.db)).toBe(before + 1);
    expect((await loadCatalogueRows(database.db)).lifeEvents.find((e) => e.key === "starting-school")?.name).toEqual({
      sw: "Kuanza shule",
      en: "Starting school",
    });

    const again = await saveTopic(database.db, admin, "lifeEvent", null, { ...values, key: "school-again" });
    expect(again).toEqual({
      ok: false,
      problems: [
        { field: "slug.sw", code: "slugTaken" },
        { field: "slug.en", code: "slugTaken" },
      ],
    });
    const missing = await saveTopic(database.db, admin, "category", null, {
      ...values,
      key: "schools",
      "slug.sw": "shule",
      "slug.en": "schools",
      "name.en": "",
    });
    expect(missing).toEqual({ ok: false, problems: [{ field: "name.en", code: "required" }] });

    expect(
      await saveTopic(database.db, admin, "lifeEvent", "starting-school", { ...values, "name.en": "Starting primary school" }),
    ).toMatchObject({ ok: true });
    expect((await loadCatalogueRows(database.db)).lifeEvents.find((e) => e.key === "starting-school")?.name.en).toBe(
      "Starting primary school",
    );
  });
});

describe.each(testEngines())("the order of a life event's services on $name", ({ open }) => {
  let database: TestDatabase;
  let id: Record<string, string>;
  const event = async (key: string) => (await loadCatalogueRows(database.db)).lifeEvents.find((e) => e.key === key)!;
  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    id = Object.fromEntries((await loadCatalogueRows(database.db)).services.map((s) => [s.slug.en, s.id]));
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("is changed by administrators only", async () => {
    for (const role of ["editor", "publisher"] as const) {
      const actor: Actor = { kind: "staff", staffId: randomUUID(), role, institutionId: null };
      expect(await saveServiceOrder(database.db, actor, "birth-of-a-child", new Map([[id["national-id"]!, 1]]))).toEqual({
        ok: false,
        refused: "forbidden",
      });
    }
    expect(await saveServiceOrder(database.db, admin, "no-such-event", new Map())).toEqual({ ok: false, refused: "notFound" });
    expect((await event("birth-of-a-child")).serviceOrder).toEqual([]);
  });

  it("is saved from the positions given, shown on the public page at once, and kept in the audit log", async () => {
    const services = (await listLifeEventServices(database.db)).get((await event("birth-of-a-child")).id)!;
    expect(services.map((s) => s.slugEn).sort()).toEqual([
      "birth-registration",
      "business-name-registration",
      "death-registration",
      "national-id",
    ]);
    const before = await readCatalogueVersion(database.db);
    const positions = new Map([
      [id["death-registration"]!, 2],
      [id["birth-registration"]!, 1],
    ]);
    expect(await saveServiceOrder(database.db, admin, "birth-of-a-child", positions)).toEqual({
      ok: true,
      serviceOrder: [id["birth-registration"], id["death-registration"]],
    });
    expect(await readCatalogueVersion(database.db)).toBe(before + 1);

    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    const birth = catalogue.lifeEvents.find((e) => e.key === "birth-of-a-child")!;
    // The two with a position first; the others after them by name in each language.
    expect(servicesOfLifeEvent(catalogue, birth, "sw").map((s) => s.slug.en)).toEqual([
      "birth-registration",
      "death-registration",
      "national-id",
      "business-name-registration",
    ]);
    expect(servicesOfLifeEvent(catalogue, birth, "en").map((s) => s.slug.en)).toEqual([
      "birth-registration",
      "death-registration",
      "national-id",
      "business-name-registration",
    ]);

    const [entry] = await database.db
      .select()
      .from(editorialAudit)
      .where(and(eq(editorialAudit.action, "topic.order"), eq(editorialAudit.entityId, "birth-of-a-child")));
    expect(entry).toMatchObject({
      staffId: admin.staffId,
      entity: "lifeEvent",
      before: { serviceOrder: [] },
      after: { serviceOrder: ["birth-registration", "death-registration"] },
    });
  });

  it("places only the event's own services, and equal positions keep the order they had", async () => {
    const elsewhere = randomUUID();
    const positions = new Map([
      [id["national-id"]!, 1],
      [id["death-registration"]!, 1],
      [id["birth-registration"]!, 1],
      [elsewhere, 1],
    ]);
    const saved = await saveServiceOrder(database.db, admin, "birth-of-a-child", positions);
    expect(saved).toEqual({ ok: true, serviceOrder: [id["birth-registration"], id["death-registration"], id["national-id"]] });
    expect((await event("starting-a-business")).serviceOrder).toEqual([]);
  });

  it("survives a change to the event's names, and empties when no service has a position", async () => {
    expect(
      await saveTopic(database.db, admin, "lifeEvent", "birth-of-a-child", {
        ...values,
        key: "birth-of-a-child",
        "slug.sw": "kuzaliwa-kwa-mtoto",
        "slug.en": "birth-of-a-child",
        "name.en": "A child is born",
      }),
    ).toMatchObject({ ok: true });
    const changed = await event("birth-of-a-child");
    expect(changed.name.en).toBe("A child is born");
    expect(changed.serviceOrder).toEqual([id["birth-registration"], id["death-registration"], id["national-id"]]);
    expect(await saveServiceOrder(database.db, admin, "birth-of-a-child", new Map())).toEqual({ ok: true, serviceOrder: [] });
  });
});
