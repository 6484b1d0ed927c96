import { randomUUID } from "node:crypto";
import path from "node:path";
import { asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorialAudit, institutions, mostUsedOverrides, services } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue, type Catalogue } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows } from "@/lib/catalogue/load";
import { chooseMostUsed, readOverrides, readUsage } from "@/lib/catalogue/usage";
import type { Actor } from "@/lib/security/permissions";
import { testEngines, type TestDatabase } from "@/testing/database";
import { changeMostUsed, listOverrides } from "./most-used";

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));

describe.each(testEngines())('the administrators\' word on "most used" on $name', ({ open }) => {
  let database: TestDatabase;
  let catalogue: Catalogue;
  let rita: string;
  const admin: Actor = { kind: "staff", staffId: randomUUID(), role: "admin", institutionId: null };
  const id = (slug: string) => catalogue.services.find((s) => s.slug.en === slug)!.id;
  /** The home page's list (3 long here) in English, as the next request would show it. */
  const shown = async () => chooseMostUsed(catalogue, await readUsage(database.db), "en", 3).map((e) => `${e.service.slug.en}:${e.source}`);
  const audits = () =>
    database.db.select().from(editorialAudit).where(like(editorialAudit.action, "most_used.%")).orderBy(asc(editorialAudit.id));

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    rita = (await database.db.select({ id: institutions.id }).from(institutions).where(eq(institutions.slug, "rita")))[0]!.id;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("is refused to everyone but administrators, and nothing is written", async () => {
    const others: Actor[] = [
      { kind: "staff", staffId: randomUUID(), role: "editor", institutionId: rita },
      { kind: "staff", staffId: randomUUID(), role: "publisher", institutionId: rita },
      { kind: "citizen", citizenId: randomUUID() },
      { kind: "anonymous" },
    ];
    for (const actor of others) {
      for (const change of ["pin", "hide", "clear", "up", "down"] as const) {
        expect(await changeMostUsed(database.db, actor, id("death-registration"), change), `${JSON.stringify(actor)} ${change}`).toEqual({
          ok: false,
          refused: "forbidden",
        });
      }
    }
    expect(await database.db.select().from(mostUsedOverrides)).toEqual([]);
    expect(await audits()).toEqual([]);
  });

  it("pins in order, moves pins, hides and lets go; each change audited, the list following at once", async () => {
    // Nothing counted and nothing set: the featured listings, by name.
    expect(await shown()).toEqual(["birth-registration:featured", "national-id:featured"]);

    expect(await changeMostUsed(database.db, admin, id("death-registration"), "pin")).toEqual({ ok: true, changed: true });
    expect(await shown()).toEqual(["death-registration:pinned", "birth-registration:featured", "national-id:featured"]);
    expect(await changeMostUsed(database.db, admin, id("business-name-registration"), "pin")).toEqual({ ok: true, changed: true });
    expect(await shown()).toEqual(["death-registration:pinned", "business-name-registration:pinned", "national-id:featured"]);

    expect(await changeMostUsed(database.db, admin, id("business-name-registration"), "up")).toEqual({ ok: true, changed: true });
    expect(await shown()).toEqual(["business-name-registration:pinned", "death-registration:pinned", "national-id:featured"]);
    // Already first, already last, already pinned: nothing to do, nothing audited.
    expect(await changeMostUsed(database.db, admin, id("business-name-registration"), "up")).toEqual({ ok: true, changed: false });
    expect(await changeMostUsed(database.db, admin, id("death-registration"), "down")).toEqual({ ok: true, changed: false });
    expect(await changeMostUsed(database.db, admin, id("death-registration"), "pin")).toEqual({ ok: true, changed: false });

    // Hidden: a featured listing, then a pinned one (which stops being pinned).
    expect(await changeMostUsed(database.db, admin, id("national-id"), "hide")).toEqual({ ok: true, changed: true });
    expect(await shown()).toEqual(["business-name-registration:pinned", "death-registration:pinned", "birth-registration:featured"]);
    expect(await changeMostUsed(database.db, admin, id("death-registration"), "hide")).toEqual({ ok: true, changed: true });
    expect(await shown()).toEqual(["business-name-registration:pinned", "birth-registration:featured"]);
    const overrides = await readOverrides(database.db);
    expect(overrides.pinned).toEqual([id("business-name-registration")]);
    expect([...overrides.hidden].sort()).toEqual([id("national-id"), id("death-registration")].sort());

    // Let go: the counts (none here) decide again; a service that is not pinned cannot be moved.
    expect(await changeMostUsed(database.db, admin, id("death-registration"), "clear")).toEqual({ ok: true, changed: true });
    expect(await shown()).toEqual(["business-name-registration:pinned", "birth-registration:featured"]);
    expect(await changeMostUsed(database.db, admin, id("death-registration"), "up")).toEqual({ ok: false, refused: "notPinned" });
    const listed = await listOverrides(database.db);
    expect(listed.pinned.map((r) => r.nameEn)).toEqual(["Register a business name"]);
    expect(listed.hidden.map((r) => r.nameEn)).toEqual(["National ID card"]);

    const log = await audits();
    expect(log.map((a) => a.action)).toEqual([
      "most_used.pin",
      "most_used.pin",
      "most_used.up",
      "most_used.hide",
      "most_used.hide",
      "most_used.clear",
    ]);
    expect(log.every((a) => a.staffId === (admin as { staffId: string }).staffId)).toBe(true);
    expect(log[0]).toMatchObject({
      entity: "service",
      entityId: id("death-registration"),
      institutionId: rita,
      before: { pinned: [], hidden: [] },
      after: { pinned: ["death-registration"], hidden: [] },
    });
    expect(log[2]).toMatchObject({
      before: { pinned: ["death-registration", "business-name-registration"] },
      after: { pinned: ["business-name-registration", "death-registration"] },
    });
    expect(log[5]).toMatchObject({
      entityId: id("death-registration"),
      before: { pinned: ["business-name-registration"] },
      after: { pinned: ["business-name-registration"], hidden: ["national-id"] },
    });
  });

  it("pins only published listings, and only listings that exist", async () => {
    await database.db
      .update(services)
      .set({ status: "withdrawn" })
      .where(eq(services.id, id("death-registration")));
    const before = (await audits()).length;
    expect(await changeMostUsed(database.db, admin, id("death-registration"), "pin")).toEqual({ ok: false, refused: "notFound" });
    expect(await changeMostUsed(database.db, admin, randomUUID(), "pin")).toEqual({ ok: false, refused: "notFound" });
    expect(await changeMostUsed(database.db, admin, "not-a-service", "hide")).toEqual({ ok: false, refused: "notFound" });
    // A withdrawn listing can still be hidden, so that it stays out if it comes back.
    expect(await changeMostUsed(database.db, admin, id("death-registration"), "hide")).toEqual({ ok: true, changed: true });
    expect((await audits()).length).toBe(before + 1);
    await database.db
      .update(services)
      .set({ status: "published" })
      .where(eq(services.id, id("death-registration")));
  });
});
