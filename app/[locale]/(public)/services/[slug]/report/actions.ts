"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { currentCatalogue } from "@/lib/catalogue/current";
import { submitProblemReport } from "@/lib/feedback/problem-reports";
import { problemReportInput, type ProblemReportField } from "@/lib/feedback/schema";
import { defaultLocale, isLocale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { describeError, log } from "@/lib/log";
import { clientAddress } from "@/lib/identity/request";
import { can, currentActor } from "@/lib/security/permissions";
import { takeRateLimit } from "@/lib/security/rate-limit";

export type ReportFormState = {
  errors: Partial<Record<ProblemReportField, string>>;
  message: string | null;
  values: { kind: string; details: string; contact: string };
};

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

/** "Report a problem with this page": checked, limited per address, stored for the institution. */
export async function reportProblem(_previous: ReportFormState, form: FormData): Promise<ReportFormState> {
  const locale = isLocale(form.get("locale")) ? (form.get("locale") as "sw" | "en") : defaultLocale;
  const t = getT(locale, "report");
  const values = { kind: text(form.get("kind")), details: text(form.get("details")), contact: text(form.get("contact")) };
  const refuse = (message: string): ReportFormState => ({ errors: {}, message, values });

  if (!can.reportListingProblem(await currentActor())) return refuse(t("errors.failed"));

  const parsed = problemReportInput.safeParse({ ...values, website: text(form.get("website")) });
  if (!parsed.success) {
    const errors: ReportFormState["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "website") return refuse(t("errors.robot"));
      if (field === "kind" || field === "details" || field === "contact") errors[field] ??= t(issue.message as "errors.kind");
    }
    return { errors, message: null, values };
  }

  const service = (await currentCatalogue()).serviceById.get(text(form.get("serviceId")));
  if (!service) return refuse(t("errors.failed"));

  try {
    const db = await getDb();
    const address = await clientAddress();
    if (!(await takeRateLimit(db, { bucket: "problem-report", limit: 5, windowSeconds: 3600 }, address))) {
      return refuse(t("errors.rateLimited"));
    }
    const { kind, details, contact } = parsed.data;
    await submitProblemReport(db, { serviceId: service.id, locale, kind, details, contact });
  } catch (error) {
    log.error("problem report not stored", { error: describeError(error) });
    return refuse(t("errors.failed"));
  }
  redirect(`/${locale}/services/${service.slug[locale]}/report?sent=1`);
}
