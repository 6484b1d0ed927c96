import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { SiteFooter } from "@/components/SiteFooter";
import { SiteHeader } from "@/components/SiteHeader";
import { SkipLink } from "@/components/SkipLink";
import { StaffHeader } from "@/components/StaffHeader";
import { env } from "@/lib/env";
import { currentCitizenId } from "@/lib/identity/auth";
import { locales } from "@/lib/i18n/config";
import { currentLocale, currentPage } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { currentStaff } from "@/lib/staff/auth";
import { signOutStaff } from "@/app/[locale]/(editor)/staff/sign-in/actions";

/*
 * The one document shell for every page, the 404 page included. It takes the language from the
 * proxy (which puts it in a request header) rather than from a [locale] layout: a not-found page
 * rendered from a [locale] layout reaches the browser as an empty shell filled in by JavaScript
 * (vercel/next.js#62228), and ours must be complete without scripts.
 */

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b5d2a" };

export async function generateMetadata(): Promise<Metadata> {
  const locale = await currentLocale();
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

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await currentLocale();
  const { path, search } = await currentPage();
  const t = getT(locale);
  // The editorial area is for office laptops: wider, with its own header and no citizen sign-in.
  const staffArea = path === "/staff" || path.startsWith("/staff/");
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col font-sans leading-normal">
        <SkipLink label={t("skipLink")} />
        {staffArea ? (
          <StaffHeader locale={locale} path={path} search={search} member={await currentStaff()} signOut={signOutStaff} />
        ) : (
          <SiteHeader locale={locale} path={path} search={search} signedIn={(await currentCitizenId()) !== null} />
        )}
        <main
          id="main"
          tabIndex={-1}
          className={`mx-auto w-full flex-1 px-4 py-6 focus:outline-none ${staffArea ? "max-w-6xl" : "max-w-3xl"}`}
        >
          {children}
        </main>
        <SiteFooter locale={locale} />
      </body>
    </html>
  );
}
