import { otherLocale, type Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";

type Props = { locale: Locale; path: string; search: string; signedIn: boolean };

/**
 * The portal's name and the language switch. The switch is a plain link to the same page in
 * the other language, so it works without JavaScript and keeps the page (and its query).
 */
export function SiteHeader({ locale, path, search, signedIn }: Props) {
  const t = getT(locale);
  const auth = getT(locale, "auth");
  const other = otherLocale(locale);
  const otherHref = `/${other}${path === "/" ? "" : path}${search}`;
  return (
    <header className="bg-brand text-white">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <a href={`/${locale}`} className="text-white no-underline visited:text-white hover:underline">
          <span className="block text-2xl font-bold leading-tight">{t("siteName")}</span>
          <span className="block text-sm">{t("tagline")}</span>
        </a>
        <div className="no-print flex items-center gap-4">
          <a
            href={signedIn ? `/${locale}/account` : `/${locale}/sign-in`}
            className="font-semibold text-white underline visited:text-white"
          >
            {signedIn ? auth("header.account") : auth("header.signIn")}
          </a>
          <nav aria-label={t("languageSwitch.label")}>
            <a
              href={otherHref}
              hrefLang={other}
              lang={other}
              className="inline-block rounded border-2 border-white px-3 py-1 font-semibold text-white visited:text-white"
            >
              <span className="sr-only" lang={locale}>
                {t("languageSwitch.switchTo")}:{" "}
              </span>
              {t("languageSwitch.otherName")}
            </a>
          </nav>
        </div>
      </div>
    </header>
  );
}
