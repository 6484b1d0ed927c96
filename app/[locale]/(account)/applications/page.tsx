import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { applicationsOfCitizen } from "@/lib/applications/service";
import { currentActor } from "@/lib/identity/auth";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "applications")("title"), robots: { index: false } };
}

/** My applications: those that need the citizen first (a question, a payment, a draft), then the rest. */
export default async function MyApplicationsPage({ params }: Props) {
  const locale = localeFrom((await params).locale);
  const actor = await currentActor();
  if (!can.apply(actor) || actor.kind !== "citizen") redirect(`/${locale}/sign-in?return=${encodeURIComponent(`/${locale}/applications`)}`);
  const t = getT(locale, "applications");
  const mine = await applicationsOfCitizen(actor.citizenId);
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("title")}</h1>
      <p className="mt-2 text-lg">{mine.length ? t("intro") : t("empty")}</p>
      <ul className="mt-6 space-y-4" data-testid="my-applications">
        {mine.map((item) => (
          <li key={item.id} className="border-b border-gray-400 pb-3">
            <a href={`/${locale}/applications/${item.id}`} className="text-lg font-semibold">
              {item.service[locale]}
            </a>
            <p>
              <strong>{item.answered ? t("answeredStatus") : t(`statuses.${item.status}`)}</strong>
              {item.reference ? <span className="font-mono"> · {item.reference}</span> : null}
            </p>
            <p className="text-sm text-muted">
              {item.institution.acronym ?? item.institution[locale]} ·{" "}
              {item.expiresAt
                ? t("savedUntil", { date: formatDate(locale, item.expiresAt) })
                : `${t("updatedOn")} ${formatDate(locale, item.updatedAt)}`}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
