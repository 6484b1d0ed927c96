import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FieldError } from "@/components/FormParts";
import { ProblemNotice } from "@/components/ProblemNotice";
import { StepButton, TriesNote } from "@/components/SignInParts";
import { signInPageContext, triesLeftSentence } from "@/lib/identity/pages";
import { clientAddress, signInToken } from "@/lib/identity/request";
import { findAttempt, signInStanding } from "@/lib/identity/service";
import { failuresHere } from "@/lib/identity/sign-in";
import { maskMobile } from "@/lib/notifications/phone";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sendSmsCode, startQuestions, verifySmsCode } from "../actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "auth")("code.title"), robots: { index: false } };
}

export default async function CodePage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const { returnTo, problemName, problem, t } = await signInPageContext(locale, searchParams);
  const attempt = await findAttempt(await signInToken());
  if (!attempt?.phone) redirect(`/${locale}/sign-in?problem=sessionGone&return=${encodeURIComponent(returnTo)}`);
  const standing = await signInStanding(attempt.ninHash, await clientAddress());
  if (standing.pausedUntil) redirect(`/${locale}/sign-in?problem=locked&return=${encodeURIComponent(returnTo)}`);
  // After a wrong code the error says how many tries are left before the pause.
  const wrong = problemName === "wrongCode";
  const fieldProblem = wrong
    ? `${t("problems.wrongCode")} ${triesLeftSentence(t, standing.triesLeft)}`
    : problemName === "codeFormat"
      ? problem
      : null;
  const triesNote = !wrong && standing.triesLeft < failuresHere.limit ? triesLeftSentence(t, standing.triesLeft) : null;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("code.title")}</h1>
      <p className="mt-2 text-lg">{t("code.intro", { phone: maskMobile(attempt.phone) })}</p>
      <ProblemNotice message={fieldProblem ?? problem} title={t("errorSummary")} />
      <TriesNote text={triesNote} />
      <form action={verifySmsCode} className="mt-6 space-y-4">
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="return" value={returnTo} />
        <div>
          <label htmlFor="code" className="block text-lg font-bold">
            {t("code.label")}
          </label>
          <FieldError field="code" message={fieldProblem ?? undefined} />
          <input
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            aria-describedby={fieldProblem ? "code-error" : undefined}
            aria-invalid={fieldProblem ? true : undefined}
            className="mt-1 w-40 border-2 border-ink p-2 font-mono text-2xl tracking-widest"
          />
        </div>
        <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
          {t("code.submit")}
        </button>
      </form>
      <section aria-labelledby="other-ways" className="mt-8">
        <h2 id="other-ways" className="text-xl font-bold">
          {t("code.otherWays")}
        </h2>
        <p className="mt-1">{t("code.otherWaysIntro")}</p>
        <div className="mt-3 flex flex-wrap gap-3">
          <StepButton action={sendSmsCode} locale={locale} returnTo={returnTo} label={t("code.resend")} />
          <StepButton action={startQuestions} locale={locale} returnTo={returnTo} label={t("code.useQuestions")} />
        </div>
        <p className="mt-3 text-sm text-muted">{t("tries.shared")}</p>
      </section>
    </>
  );
}
