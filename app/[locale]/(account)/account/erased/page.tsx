import type { Metadata } from "next";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "privacy")("erase.doneTitle"), robots: { index: false } };
}

/** Where "Erase my data" ends: the citizen is signed out, and told what stayed and where to read why. */
export default async function ErasedPage({ params }: Props) {
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "privacy");
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("erase.doneTitle")}</h1>
      <p className="mt-4 text-lg">{t("erase.done")}</p>
      <p className="mt-4">
        <a href={`/${locale}/privacy`}>{t("data.noticeLink")}</a> · <a href={`/${locale}`}>{getT(locale)("home")}</a>
      </p>
    </>
  );
}
