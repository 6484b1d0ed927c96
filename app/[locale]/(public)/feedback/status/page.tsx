import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FeedbackStatus } from "@/components/FeedbackStatus";
import { feedbackByReference } from "@/lib/feedback/service";
import { FEEDBACK_LOOKUPS, normaliseReference } from "@/lib/feedback/reference";
import { clientAddress } from "@/lib/identity/request";
import { takeRateLimit } from "@/lib/security/service";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ reference?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "feedback")("status.title"), robots: { index: false } };
}

/** Anyone with a reference can follow it, without signing in (a GET form). */
export default async function FeedbackStatusPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "feedback");
  const raw = (await searchParams).reference;
  const typed = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  // "mrj dams trkn", "MRJDAMSTRKN" or "MRJ–DAMS–TRKN" is MRJ-DAMS-TRKN: shown at that one address.
  const reference = normaliseReference(typed);
  if (reference && reference !== typed) redirect(`/${locale}/feedback/status?reference=${reference}`);
  const malformed = !reference && typed.trim() !== "";
  // A reference is the only key to a submission's page: guessing them is slowed down. What is
  // not a reference at all is answered without a look-up.
  const allowed = !reference || (await takeRateLimit(FEEDBACK_LOOKUPS, await clientAddress()));
  const item = reference && allowed ? await feedbackByReference(reference) : undefined;
  const error = malformed ? t("status.malformed") : reference && !item ? (allowed ? t("status.notFound") : t("status.tooMany")) : null;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("status.title")}</h1>
      <p className="mt-2">{t("status.intro")}</p>
      <form action={`/${locale}/feedback/status`} method="get" className="mt-4">
        <label htmlFor="reference" className="block font-bold">
          {t("status.label")}
        </label>
        <p id="reference-hint" className="text-sm text-muted">
          {t("status.hint")}
        </p>
        {error ? (
          <p id="reference-error" className="mt-1 font-bold text-red-700" role="alert">
            {error}
          </p>
        ) : null}
        <div className="mt-1 flex gap-2">
          <input
            id="reference"
            name="reference"
            defaultValue={reference ?? typed.slice(0, 40)}
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={error ? "reference-hint reference-error" : "reference-hint"}
            aria-invalid={error ? true : undefined}
            className="w-60 border-2 border-ink p-2 font-mono uppercase"
          />
          <button type="submit" className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
            {t("status.button")}
          </button>
        </div>
      </form>
      {item ? <FeedbackStatus locale={locale} item={item} /> : null}
    </>
  );
}
