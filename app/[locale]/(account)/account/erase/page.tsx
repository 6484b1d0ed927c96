import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ProblemNotice } from "@/components/ProblemNotice";
import { currentActor } from "@/lib/identity/auth";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { erasurePlan } from "@/lib/privacy/service";
import { RETENTION } from "@/lib/privacy/retention";
import { can } from "@/lib/security/permissions";
import { eraseMyData } from "../actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const problems = ["confirm", "failed"] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "privacy")("erase.title"), robots: { index: false } };
}

/** What erasure would delete now and what must stay (and why), then one confirmed button. */
export default async function ErasePage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const actor = await currentActor();
  if (!can.eraseOwnData(actor) || actor.kind !== "citizen") {
    redirect(`/${locale}/sign-in?return=${encodeURIComponent(`/${locale}/account/erase`)}`);
  }
  const t = getT(locale, "privacy");
  const plan = await erasurePlan(actor.citizenId);
  const named = (await searchParams).problem;
  const problem = problems.find((p) => p === named);
  const message = problem ? t(`erase.problems.${problem}`) : null;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("erase.title")}</h1>
      <p className="mt-2 text-lg">{t("erase.intro")}</p>
      <ProblemNotice message={message} title={getT(locale, "auth")("errorSummary")} />

      <h2 className="mt-6 text-2xl font-bold">{t("erase.goesTitle")}</h2>
      <ul className="mt-2 list-disc space-y-1 pl-6">
        <li>{t("erase.goesAccount")}</li>
        {plan.deleted.applications > 0 ? (
          <li>{t("erase.goesApplications", { count: plan.deleted.applications, documents: plan.deleted.documents })}</li>
        ) : null}
        <li>{t("erase.goesFeedback", { count: plan.deleted.feedback })}</li>
      </ul>

      <h2 className="mt-6 text-2xl font-bold">{t("erase.keptTitle")}</h2>
      <ul className="mt-2 list-disc space-y-1 pl-6">
        {plan.kept.bills > 0 ? <li>{t("erase.keptBills", { count: plan.kept.bills })}</li> : null}
        {plan.kept.applicationsInProgress > 0 ? <li>{t("erase.keptApplications", { count: plan.kept.applicationsInProgress })}</li> : null}
        {plan.kept.feedbackOpen > 0 ? (
          <li>{t("erase.keptFeedback", { count: plan.kept.feedbackOpen, days: RETENTION.feedbackContactDays })}</li>
        ) : null}
        <li>{t("erase.keptSecurity", { days: RETENTION.auditDays })}</li>
      </ul>

      <p className="mt-6">
        {t("erase.downloadFirst")} <a href={`/${locale}/account/data/download`}>{t("data.download")}</a>
      </p>

      <form action={eraseMyData} className="mt-6 space-y-4">
        <input type="hidden" name="locale" value={locale} />
        <div className={problem === "confirm" ? "border-l-4 border-red-700 pl-3" : undefined}>
          {problem === "confirm" ? (
            <p id="confirm-error" className="font-bold text-red-700">
              {message}
            </p>
          ) : null}
          <label className="flex items-start gap-2">
            <input
              type="checkbox"
              name="confirm"
              value="yes"
              className="mt-1 h-6 w-6"
              aria-describedby={problem === "confirm" ? "confirm-error" : undefined}
            />
            <span>{t("erase.confirm")}</span>
          </label>
        </div>
        <button type="submit" className="bg-red-700 px-5 py-2 font-bold text-white hover:bg-red-800">
          {t("erase.submit")}
        </button>
      </form>
      <p className="mt-4">
        <a href={`/${locale}/account`}>{t("erase.cancel")}</a>
      </p>
    </>
  );
}
