import type { Metadata } from "next";
import { env } from "@/lib/env";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "static")("contact.title") };
}

export default async function ContactPage({ params }: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "static");
  const { PORTAL_CONTACT_EMAIL: email, PORTAL_CONTACT_PHONE: phone } = env();
  return (
    <article className="space-y-4">
      <h1 className="text-3xl font-bold leading-tight">{t("contact.title")}</h1>
      <p className="text-lg">{t("contact.intro")}</p>
      <h2 className="pt-4 text-2xl font-bold">{t("contact.portalHeading")}</h2>
      {email || phone ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          {email ? (
            <>
              <dt className="font-semibold">{t("contact.email")}</dt>
              <dd>
                <a href={`mailto:${email}`}>{email}</a>
              </dd>
            </>
          ) : null}
          {phone ? (
            <>
              <dt className="font-semibold">{t("contact.phone")}</dt>
              <dd>
                <a href={`tel:${phone.replace(/ /g, "")}`}>{phone}</a>
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>{t("contact.noPortalContact")}</p>
      )}
      <p className="border-l-4 border-brand pl-3">{t("contact.privacy")}</p>
    </article>
  );
}
