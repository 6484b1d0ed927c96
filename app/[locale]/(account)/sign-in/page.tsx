import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NinForm } from "@/components/NinForm";
import { ProblemNotice } from "@/components/ProblemNotice";
import { PausedHelp } from "@/components/SignInParts";
import { currentCitizenId } from "@/lib/identity/auth";
import { pausedSentence, signInPageContext } from "@/lib/identity/pages";
import { clientAddress, signInToken } from "@/lib/identity/request";
import { findAttempt, signInStanding } from "@/lib/identity/service";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { startSignIn } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "auth")("signIn.title"), robots: { index: false } };
}

export default async function SignInPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const { returnTo, problemName, problem, t } = await signInPageContext(locale, searchParams);
  if (await currentCitizenId()) redirect(returnTo);
  let message = problem;
  let paused = false;
  if (problemName === "locked") {
    // The sign-in under way knows its NIN, so the page can say until when; the address never does.
    const attempt = await findAttempt(await signInToken());
    const standing = attempt ? await signInStanding(attempt.ninHash, await clientAddress()) : null;
    paused = !standing || standing.pausedUntil !== null;
    message = paused ? pausedSentence(t, locale, standing?.pausedUntil ?? null, standing?.pausedScope ?? null) : null;
  }
  const pausedHelp = <PausedHelp locale={locale} t={t} />;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("signIn.title")}</h1>
      <p className="mt-2 text-lg">{t("signIn.intro")}</p>
      <ProblemNotice message={message} title={t("errorSummary")} />
      {paused ? pausedHelp : null}
      <NinForm
        action={startSignIn}
        locale={locale}
        returnTo={returnTo}
        strings={{ label: t("signIn.nin"), hint: t("signIn.ninHint"), submit: t("signIn.continue"), errorSummary: t("errorSummary") }}
        pausedHelp={paused ? null : pausedHelp}
      />
      <p className="mt-6 text-sm text-muted">
        {t("signIn.privacy")} <a href={`/${locale}/privacy`}>{getT(locale, "privacy")("notice.title")}</a>
      </p>
    </>
  );
}
