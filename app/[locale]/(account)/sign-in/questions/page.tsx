import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FieldError } from "@/components/FormParts";
import { ProblemNotice } from "@/components/ProblemNotice";
import { getDb } from "@/db";
import { signInPageContext } from "@/lib/identity/pages";
import { signInToken } from "@/lib/identity/request";
import { findAttempt } from "@/lib/identity/sign-in";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { answerQuestion } from "../actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "auth")("questions.title"), robots: { index: false } };
}

export default async function QuestionsPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const { returnTo, problem, previous, t } = await signInPageContext(locale, searchParams);
  const attempt = await findAttempt(await getDb(), await signInToken());
  if (!attempt?.questionCode) redirect(`/${locale}/sign-in?problem=sessionGone&return=${encodeURIComponent(returnTo)}`);
  // NIDA gives each question in both languages; the page asks it in its own.
  const question = locale === "sw" ? attempt.questionSw : attempt.questionEn;
  const fieldProblem = String((await searchParams).problem) === "answerEmpty" ? problem : null;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("questions.title")}</h1>
      <p className="mt-2 text-lg">{t("questions.intro")}</p>
      <ProblemNotice message={problem} title={t("errorSummary")} />
      {previous === "right" ? <p className="mt-4 border-l-4 border-brand pl-3">{t("questions.wasRight")}</p> : null}
      {previous === "wrong" ? <p className="mt-4 border-l-4 border-yellow-600 pl-3">{t("questions.wasWrong")}</p> : null}
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
            aria-invalid={fieldProblem ? true : undefined}
            className="mt-1 w-full max-w-md border-2 border-ink p-2 text-lg"
          />
        </div>
        <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
          {t("questions.submit")}
        </button>
      </form>
    </>
  );
}
