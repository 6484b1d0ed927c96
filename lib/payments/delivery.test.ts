import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bills, citizens, services } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { GepgUnavailable, gepgPortalKey } from "@/lib/integrations/gepg/client";
import { testEngines, type TestDatabase } from "@/testing/database";
import { startSandbox, type SandboxProcess } from "@/testing/sandbox-process";
import { deliverBill } from "./bills";

/*
 * Delivering bills to the sandbox's GePG over HTTP, signed both ways: accepted once; delivered
 * again (a worker killed after GePG took it) it is GePG's 7226, and still one bill at GePG; GePG
 * down leaves the bill waiting with the reason, for the queue to try again.
 */
const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-gepg-keys-"));
process.env.KEYS_DIR = keys;
const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));
let sandbox: SandboxProcess;

beforeAll(async () => {
  sandbox = await startSandbox({ SANDBOX_KEYS_DIR: keys, SANDBOX_PORTAL_GEPG_URL: "http://127.0.0.1:9/api/gepg" });
  process.env.GEPG_URL = `${sandbox.url}/gepg`;
  gepgPortalKey(); // makes the portal's key pair, which the sandbox reads
});
afterAll(async () => {
  await sandbox?.stop();
  fs.rmSync(keys, { recursive: true, force: true });
});

const control = (mode: string) =>
  fetch(`${sandbox.url}/gepg/_control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  });

describe.each(testEngines())("bills delivered to the sandbox's GePG on $name", ({ open, name }) => {
  let database: TestDatabase;
  let bill: string;
  const billId = `DRS2611${name === "pglite" ? "1" : "2"}0000000042`;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    const [citizen] = await database.db
      .insert(citizens)
      .values({ ninHash: `h-${name}`, ninLast4: "0042", firstName: "Neema", surname: "Mollel" })
      .returning();
    const [service] = await database.db.select({ id: services.id }).from(services).where(eq(services.slugEn, "birth-registration"));
    const [row] = await database.db
      .insert(bills)
      .values({
        billId,
        citizenId: citizen!.id,
        serviceId: service!.id,
        feePosition: 0,
        descriptionSw: "Usajili wa kizazi: ada",
        descriptionEn: "Birth registration: fee",
        amountMinor: 800000n,
        currency: "TZS",
        gfsCode: "99999999",
        spCode: "SP99001",
        payerName: "Neema Mollel",
        payerPhone: "255700000042",
        expiresAt: new Date(Date.now() + 7 * 86400_000),
      })
      .returning();
    bill = row!.id;
  });
  afterAll(async () => {
    await control("normal");
    await database?.dispose();
  });

  it("waits, with the reason, while GePG is down; nothing reaches GePG", async () => {
    await control("down");
    await expect(deliverBill(database.db, bill)).rejects.toBeInstanceOf(GepgUnavailable);
    const [row] = await database.db.select().from(bills).where(eq(bills.id, bill));
    expect([row!.state, row!.deliveries]).toEqual(["pending", 1]);
    expect(row!.lastError).toMatch(/GePG unavailable/);
    await control("normal");
  });

  it("is accepted once; delivered again after a crash it is GePG's duplicate (7226), and GePG holds one bill", async () => {
    expect(await deliverBill(database.db, bill)).toBe("submitted");
    expect(await deliverBill(database.db, bill)).toBe("skipped");
    // A worker killed after GePG took the bill, before it could record so: the bill is still "pending" here.
    await database.db.update(bills).set({ state: "pending" }).where(eq(bills.id, bill));
    expect(await deliverBill(database.db, bill)).toBe("submitted");
    const [row] = await database.db.select().from(bills).where(eq(bills.id, bill));
    expect(row!.statusCode).toBe("7226");
    const snapshot = (await (await fetch(`${sandbox.url}/gepg/bills.json`)).json()) as { bills: unknown[] };
    expect(snapshot.bills.filter((b) => JSON.stringify(b).includes(billId))).toHaveLength(1);
  });
});
