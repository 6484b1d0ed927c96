import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";

type Props = { locale: Locale };

export function SiteFooter({ locale }: Props) {
  const t = getT(locale);
  return (
    <footer className="no-print mt-12 border-t-4 border-brand bg-gray-100">
      <div className="mx-auto max-w-3xl px-4 py-6 text-sm">
        <nav aria-label={t("footer.label")}>
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            <li>
              <a href={`/${locale}/contact`}>{t("footer.contact")}</a>
            </li>
            <li>
              <a href={`/${locale}/feedback`}>{t("footer.feedback")}</a>
            </li>
            <li>
              <a href={`/${locale}/accessibility`}>{t("footer.accessibility")}</a>
            </li>
            <li>
              <a href={`/${locale}/privacy`}>{t("footer.privacy")}</a>
            </li>
          </ul>
        </nav>
        <p className="mt-4 text-muted">{t("footer.about")}</p>
      </div>
    </footer>
  );
}
