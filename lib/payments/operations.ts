import { desc, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Database } from "@/db";
import { bills, reconciliations } from "@/db/schema";
import { QUEUES } from "@/lib/jobs/queue";
import { can, type Actor } from "@/lib/security/permissions";

/** What operators watch: bills that need a look, jobs that gave up, and reconciliations. */
export async function paymentOperations(db: Database, boss: PgBoss, actor: Actor) {
  if (!can.operatePayments(actor)) return null;
  const counts = await db.select({ state: bills.state, n: sql<number>`count(*)::int` }).from(bills).groupBy(bills.state);
  const attention = await db
    .select()
    .from(bills)
    .where(sql`${bills.state} = 'failed' or (${bills.state} = 'pending' and ${bills.createdAt} < now() - interval '10 minutes')`)
    .orderBy(desc(bills.createdAt))
    .limit(100);
  const dead = await boss.findJobs<{ bill: string }>(QUEUES.billSubmitDead, { limit: 100 });
  const runs = await db.select().from(reconciliations).orderBy(desc(reconciliations.requestedAt)).limit(30);
  return { counts, attention, dead, runs };
}

/** Sends every dead-lettered bill back to the delivery queue (after GePG's outage is over). */
export async function redriveBills(boss: PgBoss, actor: Actor): Promise<number | null> {
  if (!can.operatePayments(actor)) return null;
  return boss.redrive(QUEUES.billSubmitDead);
}
