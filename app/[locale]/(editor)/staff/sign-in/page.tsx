import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ProblemNotice } from "@/components/ProblemNotice";
import { StaffSignInForm } from "@/components/StaffSignInForm";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";
import { currentStaffActor } from "@/lib/staff/auth";
import { clientAddress } from "@/lib/identity/request";
import { STEP_COOKIE, readCookie, safeStaffReturn, staffWaitSentence } from "@/lib/staff/pages";
import { staffStepPause } from "@/lib/staff/service";
import { signInWithPassword } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("signIn.title"), robots: { index: false } };
}

const notices = ["stepGone", "locked", "signedOut", "enrolled"] as const;

export default async function StaffSignInPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const returnTo = safeStaffReturn(locale, query.return);
  if (can.useEditorialArea(await currentStaffActor())) redirect(returnTo);
  const t = getT(locale, "staff");
  const notice = notices.find((n) => n === query.problem);
  // A code step paused the account: until when, found from the sign-in's cookie (never from the address).
  const pause = notice === "locked" ? await staffStepPause(await readCookie(STEP_COOKIE), await clientAddress()) : null;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("signIn.title")}</h1>
      <p className="mt-2 text-lg">{t("signIn.intro")}</p>
      {notice === "stepGone" ? <ProblemNotice title={t("errorSummary")} message={t("signIn.problems.stepGone")} /> : null}
      {notice === "locked" ? (
        <ProblemNotice
          title={t("errorSummary")}
          message={staffWaitSentence(t, locale, { problem: "locked", until: pause?.until ?? null, scope: pause?.scope ?? null })}
        />
      ) : null}
      {notice === "signedOut" || notice === "enrolled" ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {t(`signIn.notices.${notice}`)}
        </p>
      ) : null}
      <StaffSignInForm
        action={signInWithPassword}
        locale={locale}
        returnTo={returnTo}
        strings={{ email: t("signIn.email"), password: t("signIn.password"), submit: t("signIn.submit"), errorSummary: t("errorSummary") }}
      />
      <p className="mt-6 text-sm">{t("signIn.help")}</p>
    </>
  );
}
