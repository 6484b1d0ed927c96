import type { Metadata } from "next";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "auth")("account.signedOut"), robots: { index: false } };
}

export default async function SignedOutPage({ params }: Props) {
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "auth");
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("account.signedOut")}</h1>
      <p className="mt-4">
        <a href={`/${locale}`}>{getT(locale)("home")}</a> · <a href={`/${locale}/sign-in`}>{t("header.signIn")}</a>
      </p>
    </>
  );
}
