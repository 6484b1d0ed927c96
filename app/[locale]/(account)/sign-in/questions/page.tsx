import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FieldError } from "@/components/FormParts";
import { ProblemNotice } from "@/components/ProblemNotice";
import { StepButton, TriesNote } from "@/components/SignInParts";
import { signInPageContext, triesLeftSentence } from "@/lib/identity/pages";
import { clientAddress, signInToken } from "@/lib/identity/request";
import { findAttempt, signInStanding } from "@/lib/identity/service";
import { failuresHere } from "@/lib/identity/sign-in";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { answerQuestion, sendSmsCode } from "../actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "auth")("questions.title"), robots: { index: false } };
}

export default async function QuestionsPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const { returnTo, problemName, problem, previous, t } = await signInPageContext(locale, searchParams);
  const attempt = await findAttempt(await signInToken());
  if (!attempt?.questionCode) redirect(`/${locale}/sign-in?problem=sessionGone&return=${encodeURIComponent(returnTo)}`);
  const standing = await signInStanding(attempt.ninHash, await clientAddress());
  if (standing.pausedUntil) redirect(`/${locale}/sign-in?problem=locked&return=${encodeURIComponent(returnTo)}`);
  // NIDA gives each question in both languages; the page asks it in its own.
  const question = locale === "sw" ? attempt.questionSw : attempt.questionEn;
  // After a wrong answer the message beside the field says how many tries are left before the pause.
  const wrong = previous === "wrong" && !problemName;
  const fieldProblem = wrong
    ? `${t("questions.wasWrong")} ${triesLeftSentence(t, standing.triesLeft)}`
    : problemName === "answerEmpty" || problemName === "controlCharacters"
      ? problem
      : null;
  const triesNote = !wrong && standing.triesLeft < failuresHere.limit ? triesLeftSentence(t, standing.triesLeft) : null;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("questions.title")}</h1>
      <p className="mt-2 text-lg">{t("questions.intro")}</p>
      <ProblemNotice message={problem} title={t("errorSummary")} />
      {previous === "right" ? <p className="mt-4 border-l-4 border-brand pl-3">{t("questions.wasRight")}</p> : null}
      <TriesNote text={triesNote} />
      <form action={answerQuestion} className="mt-6 space-y-4">
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="return" value={returnTo} />
        <p id="question" className="text-xl font-semibold">
          {question}
        </p>
        <div>
          <label htmlFor="answer" className="block text-lg font-bold">
            {t("questions.answer")}
          </label>
          <FieldError field="answer" message={fieldProblem ?? undefined} />
          <input
            id="answer"
            name="answer"
            type="text"
            autoComplete="off"
            maxLength={200}
            aria-describedby={fieldProblem ? "question answer-error" : "question"}
            aria-invalid={problemName === "answerEmpty" || problemName === "controlCharacters" ? true : undefined}
            className="mt-1 w-full max-w-md border-2 border-ink p-2 text-lg"
          />
        </div>
        <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
          {t("questions.submit")}
        </button>
      </form>
      {attempt.phone ? (
        <section aria-labelledby="other-ways" className="mt-8">
          <h2 id="other-ways" className="text-xl font-bold">
            {t("questions.otherWays")}
          </h2>
          <p className="mt-1">{t("questions.otherWaysIntro")}</p>
          <div className="mt-3">
            <StepButton action={sendSmsCode} locale={locale} returnTo={returnTo} label={t("questions.useSms")} />
          </div>
          <p className="mt-3 text-sm text-muted">{t("tries.shared")}</p>
        </section>
      ) : null}
    </>
  );
}
