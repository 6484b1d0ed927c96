import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ProblemNotice } from "@/components/ProblemNotice";
import { TriesNote } from "@/components/SignInParts";
import { signInPageContext, tooManyCodesSentence, triesLeftSentence } from "@/lib/identity/pages";
import { clientAddress, signInToken } from "@/lib/identity/request";
import { codesAgainAt, findAttempt, signInStanding } from "@/lib/identity/service";
import { codesPerNin, failuresHere } from "@/lib/identity/sign-in";
import { maskMobile } from "@/lib/notifications/phone";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sendSmsCode, startQuestions } from "../actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "auth")("verify.title"), robots: { index: false } };
}

export default async function VerifyPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const { returnTo, problemName, problem, t } = await signInPageContext(locale, searchParams);
  const attempt = await findAttempt(await signInToken());
  if (!attempt) redirect(`/${locale}/sign-in?problem=sessionGone&return=${encodeURIComponent(returnTo)}`);
  const standing = await signInStanding(attempt.ninHash, await clientAddress());
  if (standing.pausedUntil) redirect(`/${locale}/sign-in?problem=locked&return=${encodeURIComponent(returnTo)}`);
  const tries = standing.triesLeft < failuresHere.limit ? triesLeftSentence(t, standing.triesLeft) : null;
  // NIDA ended its questions: say so with the tries left, above the two ways still open.
  const ended = problemName === "questionsEnded";
  let message = ended && tries ? `${problem} ${tries}` : problem;
  if (problemName === "tooManyCodes") {
    // Until when, from the limit's own window; nothing once that has passed, and a code may be asked for again.
    const until = await codesAgainAt(attempt.ninHash);
    message = until ? tooManyCodesSentence(t, locale, codesPerNin.limit, until) : null;
  }
  const hidden = (
    <>
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="return" value={returnTo} />
    </>
  );
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("verify.title")}</h1>
      <p className="mt-2 text-lg">{t("verify.intro")}</p>
      <ProblemNotice message={message} title={t("errorSummary")} />
      <TriesNote text={ended ? null : tries} />
      <section className="mt-6 border-l-4 border-brand pl-4">
        {attempt.phone ? (
          <form action={sendSmsCode}>
            {hidden}
            <p>{t("verify.smsOption", { phone: maskMobile(attempt.phone) })}</p>
            <button type="submit" className="mt-3 bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
              {t("verify.sendSms")}
            </button>
          </form>
        ) : (
          <p>{t("verify.noPhone")}</p>
        )}
      </section>
      <section className="mt-6 border-l-4 border-gray-400 pl-4">
        <form action={startQuestions}>
          {hidden}
          <p>{t("verify.questionsOption")}</p>
          <button type="submit" className="mt-3 border-2 border-brand px-5 py-3 text-lg font-bold text-brand hover:bg-gray-100">
            {t("verify.startQuestions")}
          </button>
        </form>
      </section>
      <p className="mt-8">
        <a href={`/${locale}/sign-in?return=${encodeURIComponent(returnTo)}`}>{t("verify.startAgain")}</a>
      </p>
    </>
  );
}
