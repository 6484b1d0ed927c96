import { randomUUID } from "node:crypto";
import path from "node:path";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { editorialAudit, institutions, mostUsedOverrides, services } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import type { Actor } from "@/lib/security/permissions";
import { formData, redirectedTo as outcome } from "@/testing/actions";
import { testEngines, type TestDatabase } from "@/testing/database";

/*
 * The "most used" action as the browser calls it: a FormData from the administrators' page,
 * sent by an administrator, by staff who are not, by a citizen and by nobody. The request's
 * identity and database are the only things replaced; the permission check is the real one.
 */

let actor: Actor = { kind: "anonymous" };
let database: TestDatabase;

vi.mock("@/db", () => ({ getDb: async () => database.db }));
// The caller is the only thing the session modules decide here; next-auth itself is not loaded.
vi.mock("@/lib/staff/auth", () => ({ currentStaffActor: async () => actor }));
vi.mock("@/lib/identity/auth", () => ({ currentActor: async () => actor }));

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../../../../../testing/fixtures/catalogue"));

describe.each(testEngines())('the "most used" action on $name', ({ open }) => {
  let death: string;
  let rita: string;
  let actions: typeof import("./actions");

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    death = (await database.db.select({ id: services.id }).from(services).where(eq(services.slugEn, "death-registration")))[0]!.id;
    rita = (await database.db.select({ id: institutions.id }).from(institutions).where(eq(institutions.slug, "rita")))[0]!.id;
    actions = await import("./actions");
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("is refused to editors, publishers, citizens and nobody, and changes nothing", async () => {
    const others: Actor[] = [
      { kind: "staff", staffId: randomUUID(), role: "editor", institutionId: rita },
      { kind: "staff", staffId: randomUUID(), role: "publisher", institutionId: rita },
      { kind: "citizen", citizenId: randomUUID() },
      { kind: "anonymous" },
    ];
    for (const who of others) {
      actor = who;
      expect(await outcome(() => actions.changeMostUsed(formData({ locale: "sw", service: death, change: "pin" })))).toBe(
        "/sw/staff/admin/most-used?problem=forbidden",
      );
    }
    expect(await database.db.select().from(mostUsedOverrides)).toEqual([]);
    expect(await database.db.select().from(editorialAudit).where(like(editorialAudit.action, "most_used.%"))).toEqual([]);
  });

  it("pins for an administrator, audited, and says so in the page's language; an unknown change is refused", async () => {
    actor = { kind: "staff", staffId: randomUUID(), role: "admin", institutionId: null };
    expect(await outcome(() => actions.changeMostUsed(formData({ locale: "en", service: death, change: "pin" })))).toBe(
      `/en/staff/admin/most-used?done=pin&service=${death}`,
    );
    expect(await outcome(() => actions.changeMostUsed(formData({ locale: "sw", service: death, change: "pin" })))).toBe(
      `/sw/staff/admin/most-used?done=unchanged&service=${death}`,
    );
    expect(await outcome(() => actions.changeMostUsed(formData({ locale: "en", service: death, change: "delete" })))).toBe(
      "/en/staff/admin/most-used?problem=notFound",
    );
    expect(await outcome(() => actions.changeMostUsed(formData({ locale: "en", service: death, change: "up" })))).toBe(
      `/en/staff/admin/most-used?done=unchanged&service=${death}`,
    );
    expect(
      await database.db.select({ serviceId: mostUsedOverrides.serviceId, mode: mostUsedOverrides.mode }).from(mostUsedOverrides),
    ).toEqual([{ serviceId: death, mode: "pin" }]);
    const audited = await database.db.select().from(editorialAudit).where(like(editorialAudit.action, "most_used.%"));
    expect(audited.map((a) => [a.action, a.staffId, a.entityId])).toEqual([
      ["most_used.pin", (actor as { staffId: string }).staffId, death],
    ]);
  });
});
