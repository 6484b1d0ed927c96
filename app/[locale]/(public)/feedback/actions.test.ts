import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { feedback, rateLimitHits } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { jobQueue } from "@/lib/jobs/queue";
import type { Actor } from "@/lib/security/permissions";
import { formData, redirectedTo } from "@/testing/actions";
import { testEngines, type TestDatabase } from "@/testing/database";

/*
 * Sending feedback as the browser posts the form, on a real database: only the caller, its
 * address and the database are replaced. Issue 21: a NUL in the message reached PostgreSQL,
 * which refuses it (22021); the citizen was told to try again, for ever, each try a slot of the
 * limit.
 */

// The rate limits' keyed hashes need a key of the test's own.
process.env.KEYS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-keys-"));

let database: TestDatabase;
const actor: Actor = { kind: "anonymous" };

vi.mock("@/db", async (original) => ({
  ...(await original<typeof import("@/db")>()),
  getDb: async () => database.db,
  databaseHandle: async () => database,
}));
vi.mock("@/lib/identity/auth", () => ({ currentActor: async () => actor }));
vi.mock("@/lib/staff/auth", () => ({ currentStaffActor: async () => actor }));
vi.mock("@/lib/identity/request", async (original) => ({
  ...(await original<typeof import("@/lib/identity/request")>()),
  clientAddress: async () => "192.0.2.21",
}));

const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../../../testing/fixtures/catalogue"));

describe.each(testEngines())("sending feedback on $name", ({ open }) => {
  let actions: typeof import("./actions");

  beforeAll(async () => {
    database = await open();
    await jobQueue(database);
    await seedCatalogue(database.db, fixture);
    // The process's copy of the catalogue is of the database before this one.
    const cached = (globalThis as { dirishaCatalogue?: { catalogue?: unknown } }).dirishaCatalogue;
    if (cached) cached.catalogue = undefined;
    actions = await import("./actions");
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const typed = {
    kind: "complaint",
    institution: "RITA",
    subject: "Cheti kimechelewa",
    message: "Nimesubiri cheti cha kuzaliwa kwa wiki sita.\r\nTafadhali nisaidieni.",
    name: "Amani",
    phone: "",
  };
  // A browser posts the file field even when no file is chosen: an empty file without a name.
  const send = (values: Record<string, string>) =>
    actions.sendFeedback(undefined, formData({ locale: "sw", ...typed, attachment: new File([], ""), ...values }));

  it("refuses a message with a NUL beside the field, keeps the text, stores nothing and counts no try", async () => {
    const answer = await send({ message: `${typed.message}\u0000`, name: "Amani\u001b" });
    expect(answer).toMatchObject({
      ok: false,
      message: null,
      fieldErrors: {
        message: expect.stringContaining("herufi iliyofichika"),
        name: expect.stringContaining("herufi iliyofichika"),
      },
      values: { subject: typed.subject, message: `${typed.message}\uFFFD`, name: "Amani\uFFFD" },
    });
    expect(await database.db.select().from(feedback)).toEqual([]);
    expect(await database.db.select().from(rateLimitHits)).toEqual([]);

    // The same text without the character goes, line breaks and all.
    expect(await redirectedTo(() => send({}))).toMatch(/^\/sw\/feedback\/received\?reference=MRJ-/);
    const [stored] = await database.db.select().from(feedback);
    expect(stored?.message).toContain("wiki sita.");
    expect(stored?.message).toContain("Tafadhali nisaidieni.");
  });
});
