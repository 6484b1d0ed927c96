"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { handleProblemReport } from "@/lib/editorial/problem-reports";
import { currentStaffActor } from "@/lib/security/permissions";
import { localeOf, text } from "@/lib/staff/pages";

/** Marks a problem report seen or resolved; handleProblemReport checks can.handleProblemReport. */
export async function handleReportAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const status = text(form.get("status")) === "resolved" ? "resolved" : "seen";
  const back = `/${locale}/staff/reports?institution=${encodeURIComponent(text(form.get("institution")).slice(0, 100))}&status=${text(form.get("from")) === "seen" ? "seen" : "new"}`;
  const result = await handleProblemReport(await getDb(), await currentStaffActor(), text(form.get("reportId")).slice(0, 40), status, text(form.get("resolution")).trim().slice(0, 2000) || null);
  redirect(`${back}&${result.ok ? `done=${status}` : `problem=${result.problem}`}`);
}
