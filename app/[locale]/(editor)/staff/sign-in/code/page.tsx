import type { Metadata } from "next";
import { FieldError } from "@/components/FormParts";
import { ProblemNotice } from "@/components/ProblemNotice";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { safeStaffReturn } from "@/lib/staff/pages";
import { signInWithCode } from "../actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("code.title"), robots: { index: false } };
}

const problems = ["codeFormat", "wrongCode"] as const;

export default async function StaffCodePage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const returnTo = safeStaffReturn(locale, query.return);
  const t = getT(locale, "staff");
  const problem = problems.find((p) => p === query.problem);
  const message = problem ? t(`code.problems.${problem}`) : undefined;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("code.title")}</h1>
      <p className="mt-2 text-lg">{t("code.intro")}</p>
      <ProblemNotice title={t("errorSummary")} message={message ?? (query.problem === "failed" ? t("problems.failed") : null)} />
      <form action={signInWithCode} className="mt-6 space-y-4">
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="return" value={returnTo} />
        <div>
          <label htmlFor="code" className="block text-lg font-bold">
            {t("code.label")}
          </label>
          <FieldError field="code" message={message} />
          <input
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? "code-error" : undefined}
            className="mt-1 w-40 border-2 border-ink p-2 font-mono text-2xl tracking-widest"
          />
        </div>
        <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
          {t("code.submit")}
        </button>
      </form>
      <p className="mt-6">
        <a href={`/${locale}/staff/sign-in?return=${encodeURIComponent(returnTo)}`}>{t("code.restart")}</a>
      </p>
    </>
  );
}
