import { randomUUID } from "node:crypto";
import { like } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { editorialAudit } from "@/db/schema";
import { jobQueue, QUEUES } from "@/lib/jobs/queue";
import type { Actor } from "@/lib/security/permissions";
import { testEngines, type TestDatabase } from "@/testing/database";

/*
 * The dead letters' actions as the browser calls them: a FormData from the administrators' page,
 * sent by an administrator, by staff who are not, by a citizen and by nobody. The request's
 * identity and database are the only things replaced; the permission check is the real one.
 */

let actor: Actor = { kind: "anonymous" };
let database: TestDatabase;

class Redirected extends Error {
  constructor(readonly url: string) {
    super(`redirect ${url}`);
  }
}

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirected(url);
  },
}));
vi.mock("@/db", async (original) => ({ ...(await original<typeof import("@/db")>()), getDb: async () => database.db }));
// The caller is the only thing the session modules decide here; next-auth itself is not loaded.
vi.mock("@/lib/staff/auth", () => ({ currentStaffActor: async () => actor }));
vi.mock("@/lib/identity/auth", () => ({ currentActor: async () => actor }));

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "returned";
  } catch (error) {
    if (error instanceof Redirected) return error.url;
    throw error;
  }
}

describe.each(testEngines())("the dead letters' actions on $name", ({ open }) => {
  let boss: PgBoss;
  let letter: string;
  let actions: typeof import("./actions");

  beforeAll(async () => {
    database = await open();
    boss = await jobQueue(database);
    const id = (await boss.send(QUEUES.reconcile, { day: "2026-11-24" }, { retryLimit: 0 }))!;
    await boss.fail(QUEUES.reconcile, id, { error: "GePG unavailable: timed out", tries: 25 });
    letter = (await boss.findJobs(QUEUES.reconcileDead, { queued: true }))[0]!.id;
    actions = await import("./actions");
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("is refused to publishers, editors, citizens and nobody, and changes nothing", async () => {
    const others: Actor[] = [
      { kind: "staff", staffId: randomUUID(), role: "publisher", institutionId: null },
      { kind: "staff", staffId: randomUUID(), role: "editor", institutionId: null },
      { kind: "citizen", citizenId: randomUUID() },
      { kind: "anonymous" },
    ];
    for (const who of others) {
      actor = who;
      expect(await outcome(() => actions.sendAgainLetters(form({ locale: "sw", kind: "reconciliation", id: letter })))).toBe(
        "/sw/staff/admin/queue?problem=forbidden",
      );
      expect(await outcome(() => actions.dismissLetter(form({ locale: "en", kind: "reconciliation", id: letter })))).toBe(
        "/en/staff/admin/queue?problem=forbidden",
      );
    }
    expect(await boss.findJobs(QUEUES.reconcileDead, { queued: true })).toHaveLength(1);
    expect(await database.db.select().from(editorialAudit).where(like(editorialAudit.action, "queue.%"))).toEqual([]);
  });

  it("sends a dead letter again for an administrator, audited, and says so in the page's language", async () => {
    actor = { kind: "staff", staffId: randomUUID(), role: "admin", institutionId: null };
    expect(await outcome(() => actions.sendAgainLetters(form({ locale: "en", kind: "parcel", id: letter })))).toBe(
      "/en/staff/admin/queue?problem=notFound",
    );
    expect(await outcome(() => actions.sendAgainLetters(form({ locale: "en", kind: "reconciliation", id: letter })))).toBe(
      "/en/staff/admin/queue?done=sent&n=1",
    );
    expect(await outcome(() => actions.dismissLetter(form({ locale: "sw", kind: "reconciliation", id: letter })))).toBe(
      "/sw/staff/admin/queue?problem=notFound",
    );
    expect((await boss.findJobs(QUEUES.reconcile, { queued: true })).map((job) => job.data)).toEqual([{ day: "2026-11-24" }]);
    const audited = await database.db.select().from(editorialAudit).where(like(editorialAudit.action, "queue.%"));
    expect(audited.map((a) => [a.action, a.staffId, a.entityId])).toEqual([
      ["queue.send_again", (actor as { staffId: string }).staffId, letter],
    ]);
  });
});
