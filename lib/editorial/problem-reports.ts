import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { problemReports, services } from "@/db/schema";
import { can, type Actor } from "@/lib/security/permissions";
import { recordAudit } from "@/lib/staff/audit";
import { isRecordId } from "@/lib/security/record-id";

/**
 * The institution's queue of "report a problem with this page" messages from its public listings.
 * A report belongs to the institution that keeps the listing it was sent from.
 */

export async function newProblemReportCount(db: Database, institutionId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(problemReports)
    .innerJoin(services, eq(services.id, problemReports.serviceId))
    .where(and(eq(services.institutionId, institutionId), eq(problemReports.status, "new")));
  return Number(row?.n ?? 0);
}

export type QueueStatus = "new" | "seen" | "resolved";

export async function problemReportQueue(db: Database, actor: Actor, institutionId: string, status: QueueStatus) {
  if (!can.viewProblemReports(actor, institutionId)) return null;
  return db
    .select({
      id: problemReports.id,
      kind: problemReports.kind,
      details: problemReports.details,
      contact: problemReports.contact,
      locale: problemReports.locale,
      status: problemReports.status,
      createdAt: problemReports.createdAt,
      resolution: problemReports.resolution,
      handledAt: problemReports.handledAt,
      serviceId: services.id,
      nameSw: services.nameSw,
      nameEn: services.nameEn,
    })
    .from(problemReports)
    .innerJoin(services, eq(services.id, problemReports.serviceId))
    .where(and(eq(services.institutionId, institutionId), eq(problemReports.status, status)))
    .orderBy(desc(problemReports.createdAt))
    .limit(200);
}

/** Marks a report seen or resolved (with what was done), for the institution that owns its listing. */
export async function handleProblemReport(
  db: Database,
  actor: Actor,
  reportId: string,
  status: "seen" | "resolved",
  resolution: string | null,
): Promise<{ ok: true } | { ok: false; problem: "notFound" | "forbidden" }> {
  if (!isRecordId(reportId)) return { ok: false, problem: "notFound" };
  const [report] = await db
    .select({ id: problemReports.id, status: problemReports.status, institutionId: services.institutionId })
    .from(problemReports)
    .innerJoin(services, eq(services.id, problemReports.serviceId))
    .where(eq(problemReports.id, reportId));
  if (!report || !can.viewProblemReports(actor, report.institutionId)) return { ok: false, problem: "notFound" };
  if (!can.handleProblemReport(actor, report.institutionId) || actor.kind !== "staff") return { ok: false, problem: "forbidden" };
  await db.transaction(async (tx) => {
    await tx
      .update(problemReports)
      .set({ status, resolution, handledBy: actor.staffId, handledAt: sql`now()` })
      .where(eq(problemReports.id, reportId));
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: `report.${status}`,
      entity: "problem_report",
      entityId: reportId,
      institutionId: report.institutionId,
      before: { status: report.status },
      after: { status, resolution },
    });
  });
  return { ok: true };
}
