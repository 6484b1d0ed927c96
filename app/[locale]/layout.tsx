import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "../globals.css";
import { SiteFooter } from "@/components/SiteFooter";
import { SiteHeader } from "@/components/SiteHeader";
import { SkipLink } from "@/components/SkipLink";
import { env } from "@/lib/env";
import { locales } from "@/lib/i18n/config";
import { currentPage, localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";

type Props = { children: ReactNode; params: Promise<{ locale: string }> };

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b5d2a" };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = localeFrom((await params).locale);
  const { path } = await currentPage();
  const t = getT(locale);
  const suffix = path === "/" ? "" : path;
  return {
    metadataBase: new URL(env().PORTAL_URL),
    title: { default: `${t("siteName")}: ${t("tagline")}`, template: `%s · ${t("siteName")}` },
    description: t("footer.about"),
    alternates: {
      canonical: `/${locale}${suffix}`,
      languages: {
        ...Object.fromEntries(locales.map((l) => [l, `/${l}${suffix}`])),
        "x-default": `/sw${suffix}`,
      },
    },
  };
}

export default async function LocaleLayout({ children, params }: Props) {
  const locale = localeFrom((await params).locale);
  const { path, search } = await currentPage();
  const t = getT(locale);
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col font-sans leading-normal">
        <SkipLink label={t("skipLink")} />
        <SiteHeader locale={locale} path={path} search={search} />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-3xl flex-1 px-4 py-6 focus:outline-none">
          {children}
        </main>
        <SiteFooter locale={locale} />
      </body>
    </html>
  );
}
