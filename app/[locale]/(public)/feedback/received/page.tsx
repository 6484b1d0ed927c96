import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FEEDBACK_LOOKUPS, normaliseReference } from "@/lib/feedback/reference";
import { feedbackByReference } from "@/lib/feedback/service";
import { clientAddress } from "@/lib/identity/request";
import { takeRateLimit } from "@/lib/security/service";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ reference?: string; sms?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "feedback")("received.title"), robots: { index: false } };
}

export default async function FeedbackReceivedPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "feedback");
  const { reference = "", sms } = await searchParams;
  // Whether a reference exists is told within the look-ups a caller has (as on the status page):
  // past them a real one goes where an unknown one does, so this page is no way around the limit.
  const allowed = normaliseReference(reference) !== null && (await takeRateLimit(FEEDBACK_LOOKUPS, await clientAddress()));
  const item = allowed ? await feedbackByReference(reference) : undefined;
  if (!item) redirect(`/${locale}/feedback/status?reference=${encodeURIComponent(reference.slice(0, 40))}`);
  return (
    <div role="status" className="border-l-8 border-brand bg-gray-100 px-4 py-4">
      <h1 className="text-3xl font-bold leading-tight">{t("received.title")}</h1>
      <p className="mt-4">{t("received.reference")}</p>
      <p className="mt-1 font-mono text-3xl font-bold tracking-wider">{item.reference}</p>
      <p className="mt-3">{t("received.keep")}</p>
      {sms === "1" ? <p className="mt-1">{t("received.sms")}</p> : null}
      <p className="mt-4">
        <a href={`/${locale}/feedback/status?reference=${item.reference}`}>{t("received.track")}</a>
      </p>
    </div>
  );
}
