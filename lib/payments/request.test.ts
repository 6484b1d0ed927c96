import path from "node:path";
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bills, citizens } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { buildCatalogue } from "@/lib/catalogue/catalogue";
import { loadCatalogueRows } from "@/lib/catalogue/load";
import { openJobQueue, QUEUES } from "@/lib/jobs/queue";
import { testEngines, type TestDatabase } from "@/testing/database";
import { payableFees, requestBill } from "./bills";

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
    boss = await openJobQueue(database);
    const [citizen] = await database.db.insert(citizens).values({ ninHash: "h2", ninLast4: "0002", firstName: "Juma", surname: "Ali", dateOfBirth: "1985-05-05" }).returning();
    citizenId = citizen!.id;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, timeout: 2000 }).catch(() => undefined);
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
    const again = await requestBill(database.db, boss, { citizenId, service, feePosition: fee.position, payerPhone: null });
    expect(again).toEqual({ ok: true, bill: first.bill });
    expect(await database.db.select().from(bills).where(eq(bills.citizenId, citizenId))).toHaveLength(1);
    // Sending the same job id again adds nothing.
    expect(await boss.send(QUEUES.billSubmit, { bill: first.bill }, { id: first.bill })).toBeNull();
  });

  it("refuses a fee that is not paid through GePG", async () => {
    const catalogue = buildCatalogue(await loadCatalogueRows(database.db));
    const service = catalogue.services.find((s) => s.fees.every((f) => !f.gepg))!;
    expect(await requestBill(database.db, boss, { citizenId, service, feePosition: 0, payerPhone: null })).toEqual({ ok: false, problem: "notPayable" });
  });
});
