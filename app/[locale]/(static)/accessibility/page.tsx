import type { Metadata } from "next";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string }> };

const measures = ["noScript", "light", "small", "keyboard", "tested"] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "static")("accessibility.title") };
}

export default async function AccessibilityPage({ params }: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "static");
  return (
    <article className="space-y-4">
      <h1 className="text-3xl font-bold leading-tight">{t("accessibility.title")}</h1>
      <p className="text-lg">{t("accessibility.intro")}</p>
      <h2 className="pt-4 text-2xl font-bold">{t("accessibility.standardHeading")}</h2>
      <p>{t("accessibility.standard")}</p>
      <h2 className="pt-4 text-2xl font-bold">{t("accessibility.doneHeading")}</h2>
      <ul className="list-disc space-y-1 pl-6">
        {measures.map((measure) => (
          <li key={measure}>{t(`accessibility.done.${measure}`)}</li>
        ))}
      </ul>
      <h2 className="pt-4 text-2xl font-bold">{t("accessibility.reportHeading")}</h2>
      <p>
        {t("accessibility.report")} <a href={`/${locale}/contact`}>{getT(locale)("footer.contact")}</a>
      </p>
    </article>
  );
}
