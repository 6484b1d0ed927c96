import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FieldError } from "@/components/FormParts";
import { ProblemNotice } from "@/components/ProblemNotice";
import { getDb } from "@/db";
import { signInPageContext } from "@/lib/identity/pages";
import { signInToken } from "@/lib/identity/request";
import { findAttempt } from "@/lib/identity/sign-in";
import { maskMobile } from "@/lib/notifications/phone";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sendSmsCode, verifySmsCode } from "../actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "auth")("code.title"), robots: { index: false } };
}

export default async function CodePage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const { returnTo, problem, t } = await signInPageContext(locale, searchParams);
  const attempt = await findAttempt(await getDb(), await signInToken());
  if (!attempt?.phone) redirect(`/${locale}/sign-in?problem=sessionGone&return=${encodeURIComponent(returnTo)}`);
  const fieldProblem = problem && /codeFormat|wrongCode/.test(String((await searchParams).problem)) ? problem : null;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("code.title")}</h1>
      <p className="mt-2 text-lg">{t("code.intro", { phone: maskMobile(attempt.phone) })}</p>
      <ProblemNotice message={problem} title={t("errorSummary")} />
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
      <form action={sendSmsCode} className="mt-6">
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="return" value={returnTo} />
        <button type="submit" className="underline text-[#0b4f8a]">
          {t("code.resend")}
        </button>
      </form>
    </>
  );
}
