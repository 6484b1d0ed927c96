import path from "node:path";
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bills, citizens } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows } from "@/lib/catalogue/load";
import { jobQueue, QUEUES } from "@/lib/jobs/queue";
import { testEngines, type TestDatabase } from "@/testing/database";
import { feeBilling, payableFees, requestBill } from "./bills";

// RITA bills through the portal here, under its own SP code; NIDA does not.
process.env.GEPG_PORTAL_BILLING = "rita:SP77001";

/*
 * A bill and its delivery job are written together (pg-boss 12 inside the Drizzle transaction,
 * on PGlite through its adapter and on PostgreSQL), the job's id being the bill's: one job per
 * bill, whatever is asked again.
 */
const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));

describe.each(testEngines())("bills and their delivery jobs on $name", ({ open }) => {
  let database: TestDatabase;
  let boss: PgBoss;
  let citizenId: string;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    boss = await jobQueue(database);
    const [citizen] = await database.db
      .insert(citizens)
      .values({ ninHash: "h2", ninLast4: "0002", firstName: "Juma", surname: "Ali" })
      .returning();
    citizenId = citizen!.id;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("stores the bill and queues its delivery in one transaction, once; asking again gives the same bill", async () => {
    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    const service = catalogue.services.find((s) => s.slug.en === "birth-registration")!;
    const fee = payableFees(service)[0]!;
    expect(fee.amount).toBe("8000.00");
    const first = await requestBill(database.db, boss, { citizenId, service, feePosition: fee.position, payerPhone: "255700000002" });
    if (!first.ok) throw new Error(first.problem);
    const [bill] = await database.db.select().from(bills).where(eq(bills.id, first.bill));
    expect(bill!.amountMinor).toBe(800000n);
    expect(bill!.billId).toMatch(/^DRS\d{15}$/);
    const job = await boss.getJobById(QUEUES.billSubmit, first.bill);
    expect(job?.data).toEqual({ bill: first.bill });
    expect(bill!.spCode).toBe("SP77001");
    expect(bill!.descriptionEn).toMatch(/^RITA – /);
    const again = await requestBill(database.db, boss, { citizenId, service, feePosition: fee.position, payerPhone: null });
    expect(again).toEqual({ ok: true, bill: first.bill, existing: true });
    expect(await database.db.select().from(bills).where(eq(bills.citizenId, citizenId))).toHaveLength(1);
    // Sending the same job id again adds nothing.
    expect(await boss.send(QUEUES.billSubmit, { bill: first.bill }, { id: first.bill })).toBeNull();
  });

  it("warns before a second bill for a fee already paid, and makes one only when asked to pay again", async () => {
    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    const service = catalogue.services.find((s) => s.slug.en === "birth-registration")!;
    const [open] = await database.db.select().from(bills).where(eq(bills.citizenId, citizenId));
    await database.db.update(bills).set({ state: "paid", paidAt: new Date() }).where(eq(bills.id, open!.id));
    expect(await requestBill(database.db, boss, { citizenId, service, feePosition: 0, payerPhone: null })).toEqual({
      ok: false,
      problem: "alreadyPaid",
    });
    expect(await database.db.select().from(bills).where(eq(bills.citizenId, citizenId))).toHaveLength(1);
    const again = await requestBill(database.db, boss, { citizenId, service, feePosition: 0, payerPhone: null, payAgain: true });
    expect(again.ok).toBe(true);
    expect(await database.db.select().from(bills).where(eq(bills.citizenId, citizenId))).toHaveLength(2);
  });

  it("bills only fees of institutions that bill through the portal, never one another system or an embassy bills", async () => {
    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    const service = catalogue.services.find((s) => s.slug.en === "birth-registration")!;
    const fee = service.fees[0]!;
    expect(feeBilling(service, fee)).toBe("portal");
    expect(feeBilling(service, { ...fee, issuer: { system: "eRITA", how: { sw: "…", en: "…" }, url: null } })).toBe("own-system");
    expect(feeBilling(service, { ...fee, abroad: true })).toBe("abroad");
    expect(feeBilling(service, { ...fee, currency: "USD" })).toBe("institution");
    expect(feeBilling(service, { ...fee, gepg: false })).toBe("not-gepg");
    const elsewhere = { ...service, institution: catalogue.institutions.find((i) => i.slug === "nida")! };
    expect(feeBilling(elsewhere, fee)).toBe("institution");
    expect(payableFees(elsewhere)).toEqual([]);
    expect(payableFees({ ...service, fees: [{ ...fee, issuer: { system: "eRITA", how: { sw: "…", en: "…" }, url: null } }] })).toEqual([]);
  });

  it("refuses a fee that is not paid through GePG", async () => {
    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    const service = catalogue.services.find((s) => s.fees.every((f) => !f.gepg))!;
    expect(await requestBill(database.db, boss, { citizenId, service, feePosition: 0, payerPhone: null })).toEqual({
      ok: false,
      problem: "notPayable",
    });
  });
});
