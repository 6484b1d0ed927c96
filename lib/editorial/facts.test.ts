import { randomUUID } from "node:crypto";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorialAudit, institutions, services } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows, readCatalogueVersion } from "@/lib/catalogue/load";
import { factTrust } from "@/lib/catalogue/trust";
import { tanzaniaDay } from "@/lib/catalogue/usage";
import type { Actor, StaffActor } from "@/lib/security/permissions";
import { testEngines, type TestDatabase } from "@/testing/database";
import { confirmFact, correctFact, listingFactsForReview, reviewOrder } from "./facts";

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));
const blog = { url: "https://someone.blogspot.com/rita", kind: "blog" as const, date: "2019", confidence: "LOW" as const, note: "A blog." };
const official = {
  url: "https://www.rita.go.tz/contacts",
  kind: "official" as const,
  date: "2025",
  confidence: "HIGH" as const,
  note: "RITA.",
};
// Birth registration with a fee from a blog of 2019, an online link and an official phone.
const data = {
  ...fixture,
  services: fixture.services.map((s) =>
    s.slug.en === "birth-registration"
      ? {
          ...s,
          sources: [...s.sources, blog, official],
          fees: [{ ...s.fees[0]!, source: blog.url, asOf: "2019" }],
          channels: [
            {
              kind: "online" as const,
              url: "https://erita.rita.go.tz",
              label: { sw: "eRITA", en: "eRITA" },
              source: official.url,
              confirmedOn: null,
            },
            { kind: "phone" as const, number: "0800117482", label: { sw: "Simu", en: "Phone" }, source: official.url, confirmedOn: null },
          ],
        }
      : s.slug.en === "death-registration"
        ? {
            ...s,
            sources: [...s.sources, blog],
            processingTime: { iso: "P7D", text: { sw: "Siku 7", en: "7 days" }, source: blog.url, confirmedOn: null },
          }
        : s,
  ),
};

describe.each(testEngines())("reviewing a listing fact by fact on $name", ({ open }) => {
  let database: TestDatabase;
  let rita: string;
  let birth: string;
  const staff = (role: StaffActor["role"], institutionId: string | null): StaffActor => ({
    kind: "staff",
    staffId: randomUUID(),
    role,
    institutionId,
  });
  let publisher: StaffActor;
  let editor: StaffActor;
  let otherPublisher: StaffActor;
  const today = tanzaniaDay(new Date());
  const live = async () => buildCatalogue(await loadCatalogueRows(database.db)).serviceById.get(birth)!;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, data);
    const rows = await database.db.select({ id: institutions.id, slug: institutions.slug }).from(institutions);
    rita = rows.find((r) => r.slug === "rita")!.id;
    birth = (await database.db.select({ id: services.id }).from(services).where(eq(services.slugEn, "birth-registration")))[0]!.id;
    publisher = staff("publisher", rita);
    editor = staff("editor", rita);
    otherPublisher = staff("publisher", rows.find((r) => r.slug === "brela")!.id);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("shows the facts with their trust to the institution's staff, and lets only its publishers act", async () => {
    const review = await listingFactsForReview(database.db, editor, birth);
    expect(review!.facts.map((f) => [f.key, f.trust.state === "sourced" && f.trust.unconfirmed])).toEqual([
      ["fee:0", true],
      ["channel:0", false],
      ["channel:1", false],
    ]);
    expect(review!.canReview).toBe(false);
    expect((await listingFactsForReview(database.db, publisher, birth))!.canReview).toBe(true);
    expect(await listingFactsForReview(database.db, otherPublisher, birth)).toBeNull();

    const anonymous: Actor = { kind: "anonymous" };
    for (const actor of [editor, otherPublisher, anonymous]) {
      expect((await confirmFact(database.db, actor, birth, "fee:0")).ok).toBe(false);
      expect((await correctFact(database.db, actor, birth, "fee:0", { value: "9000" })).ok).toBe(false);
    }
    expect((await live()).fees[0]!.confirmedOn).toBeNull();
  });

  it("confirms a fact as it stands: the live listing says so at once, audited, the catalogue's version bumped", async () => {
    const version = await readCatalogueVersion(database.db);
    expect(await confirmFact(database.db, publisher, birth, "fee:0")).toEqual({ ok: true });
    const service = await live();
    expect(service.fees[0]!.confirmedOn).toBe(today);
    expect(factTrust(service.fees[0]!, service.sources, today)).toEqual({ state: "confirmed", on: today });
    expect(service.fees[0]!.amount).toBe("8000.00");
    expect(await readCatalogueVersion(database.db)).not.toBe(version);
    const [entry] = await database.db
      .select()
      .from(editorialAudit)
      .where(and(eq(editorialAudit.entityId, birth), eq(editorialAudit.action, "listing.fact_confirm")));
    expect(entry).toMatchObject({ staffId: publisher.staffId, institutionId: rita });
    expect(entry!.after).toMatchObject({ fact: "fee:0", value: { confirmedOn: today } });
  });

  it("corrects a fact and so confirms it; a wrong or unchanged value is refused beside its field and nothing is written", async () => {
    expect(await correctFact(database.db, publisher, birth, "channel:1", { value: "call us" })).toEqual({
      ok: false,
      problem: "invalid",
      field: "value",
    });
    expect(await correctFact(database.db, publisher, birth, "channel:1", { value: "0800117482" })).toEqual({
      ok: false,
      problem: "unchanged",
      field: "value",
    });
    expect(await correctFact(database.db, publisher, birth, "channel:0", { value: "javascript:alert(1)" })).toMatchObject({ ok: false });
    expect(await correctFact(database.db, publisher, birth, "fee:0", { value: "eight thousand" })).toMatchObject({ problem: "invalid" });
    expect(await correctFact(database.db, publisher, birth, "fee:7", { value: "1" })).toEqual({ ok: false, problem: "notFound" });
    expect((await live()).channels[1]).toMatchObject({ number: "0800117482", confirmedOn: null });

    expect(await correctFact(database.db, publisher, birth, "channel:1", { value: "0800110000" })).toEqual({ ok: true });
    expect(await correctFact(database.db, publisher, birth, "fee:0", { value: "10,000" })).toEqual({ ok: true });
    const service = await live();
    expect(service.channels[1]).toMatchObject({ kind: "phone", number: "0800110000", confirmedOn: today });
    expect(service.channels[0]!.confirmedOn ?? null).toBeNull();
    expect(service.fees[0]).toMatchObject({ amount: "10000.00", confirmedOn: today });
    const corrections = await database.db
      .select()
      .from(editorialAudit)
      .where(and(eq(editorialAudit.entityId, birth), eq(editorialAudit.action, "listing.fact_correct")));
    expect(corrections.map((c) => c.before)).toEqual([
      { fact: "channel:1", value: expect.objectContaining({ number: "0800117482" }) },
      { fact: "fee:0", value: expect.objectContaining({ amount: 8000 }) },
    ]);
  });

  it("orders an institution's listings by what most needs checking", async () => {
    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    const order = await reviewOrder(database.db, publisher, catalogue, rita);
    expect(order!.map((row) => [row.service.slug.en, row.marked])).toEqual([
      // Death registration's time rests on an old blog; birth registration's facts are now
      // confirmed or from a recent official source.
      ["death-registration", 1],
      ["birth-registration", 0],
    ]);
    expect(await reviewOrder(database.db, otherPublisher, catalogue, rita)).toBeNull();
  });
});
