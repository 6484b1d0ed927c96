import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { loadCatalogueRows, readCatalogueVersion } from "@/lib/catalogue/load";
import type { Actor } from "@/lib/security/permissions";
import { testEngines, type TestDatabase } from "@/testing/database";
import { saveTopic, type TopicValues } from "./taxonomy";

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));
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
    expect((await loadCatalogueRows(database.db)).lifeEvents.find((e) => e.key === "starting-school")?.name).toEqual({ sw: "Kuanza shule", en: "Starting school" });

    const again = await saveTopic(database.db, admin, "lifeEvent", null, { ...values, key: "school-again" });
    expect(again).toEqual({ ok: false, problems: [{ field: "slug.sw", code: "slugTaken" }, { field: "slug.en", code: "slugTaken" }] });
    const missing = await saveTopic(database.db, admin, "category", null, { ...values, key: "schools", "slug.sw": "shule", "slug.en": "schools", "name.en": "" });
    expect(missing).toEqual({ ok: false, problems: [{ field: "name.en", code: "required" }] });

    expect(await saveTopic(database.db, admin, "lifeEvent", "starting-school", { ...values, "name.en": "Starting primary school" })).toMatchObject({ ok: true });
    expect((await loadCatalogueRows(database.db)).lifeEvents.find((e) => e.key === "starting-school")?.name.en).toBe("Starting primary school");
  });
});
