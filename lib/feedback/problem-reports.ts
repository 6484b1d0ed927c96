import "server-only";
import type { Database } from "@/db";
import { problemReports } from "@/db/schema";
import type { ProblemReportInput } from "./schema";

/** Stores a report for the institution that keeps the listing. */
export async function submitProblemReport(
  db: Database,
  report: { serviceId: string; locale: string } & ProblemReportInput,
): Promise<{ id: string }> {
  const [row] = await db
    .insert(problemReports)
    .values({
      serviceId: report.serviceId,
      kind: report.kind,
      details: report.details,
      contact: report.contact,
      locale: report.locale,
    })
    .returning({ id: problemReports.id });
  return { id: row!.id };
}
