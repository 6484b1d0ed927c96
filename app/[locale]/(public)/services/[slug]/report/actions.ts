"use server";

import { redirect } from "next/navigation";
import { citizenAction } from "@/lib/actions/client";
import { currentCatalogue } from "@/lib/catalogue/current";
import { submitProblemReport } from "@/lib/feedback/problem-reports";
import { problemReportInput } from "@/lib/feedback/schema";
import { can } from "@/lib/security/permissions";

/** "Report a problem with this page": checked, limited per address, stored for the institution. */
export const reportProblem = citizenAction.withState({
  name: "reportProblem",
  namespace: "report",
  problemsAt: ["errors"],
  permission: can.reportListingProblem,
  honeypot: true,
  schema: problemReportInput,
  rateLimits: [{ rule: { bucket: "problem-report", limit: 5, windowSeconds: 3600 }, key: "address" }],
  keep: ["kind", "details", "contact"],
  run: async (report, { db, locale, text }) => {
    const service = (await currentCatalogue()).serviceById.get(text("serviceId"));
    // A listing that is not (or no longer) published: the hidden field is not what the page sent.
    if (!service) return { ok: false, problem: "unreadable" };
    await submitProblemReport(db, { ...report, serviceId: service.id, locale });
    redirect(`/${locale}/services/${service.slug[locale]}/report?sent=1`);
  },
});
