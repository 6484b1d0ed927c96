import type { Metadata } from "next";
import { sharePage } from "@/lib/http/request-context.mjs";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { RETENTION } from "@/lib/privacy/retention";

type Props = { params: Promise<{ locale: string }> };

/** The flows in the order a citizen meets them; each says what, why, how long and who else. */
const rows = ["browsing", "signIn", "account", "session", "security", "payments", "applications", "feedback", "phones"] as const;

/** The periods each row's "how long" names, from the rules the clean-up job enforces. */
const periods: Record<(typeof rows)[number], Record<string, number>> = {
  browsing: {},
  signIn: { minutes: RETENTION.signInMinutes },
  account: { years: RETENTION.inactiveDays / 365 },
  session: { hours: RETENTION.sessionHours, days: RETENTION.endedSessionDays },
  security: { days: RETENTION.auditDays },
  payments: { days: RETENTION.billPhoneDays },
  applications: {
    draftDays: RETENTION.draftDays,
    documentDays: RETENTION.finishedDocumentDays,
    years: RETENTION.finishedApplicationDays / 365,
  },
  feedback: { days: RETENTION.feedbackContactDays, maxDays: RETENTION.feedbackContactMaxDays },
  phones: {},
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "privacy")("notice.title") };
}

export default async function PrivacyPage({ params }: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "privacy");
  return (
    <article className="space-y-4">
      <h1 className="text-3xl font-bold leading-tight">{t("notice.title")}</h1>
      <p className="text-lg">{t("notice.intro")}</p>
      <h2 className="pt-4 text-2xl font-bold">{t("notice.tableCaption")}</h2>
      {rows.map((row) => (
        <section key={row} aria-labelledby={`row-${row}`} className="border-t border-gray-400 pt-3">
          <h3 id={`row-${row}`} className="text-xl font-bold">
            {t(`notice.rows.${row}.name`)}
          </h3>
          <dl className="mt-1 space-y-1">
            {(["what", "why", "howLong", "who"] as const).map((part) => (
              <div key={part}>
                <dt className="font-semibold">{t(`notice.${part}`)}</dt>
                <dd>{t(`notice.rows.${row}.${part}`, periods[row])}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <h2 className="pt-4 text-2xl font-bold">{t("notice.neverTitle")}</h2>
      <p>{t("notice.never")}</p>
      <h2 className="pt-4 text-2xl font-bold">{t("notice.rightsTitle")}</h2>
      <ul className="list-disc space-y-1 pl-6">
        <li>
          {t("notice.rightSee")} <a href={`/${locale}/account/data`}>{t("notice.rightSeeLink")}</a>
        </li>
        <li>
          {t("notice.rightErase")} <a href={`/${locale}/account/erase`}>{t("notice.rightEraseLink")}</a>
        </li>
        <li>{t("notice.rightCorrect")}</li>
        <li>
          {t("notice.rightComplain")} <a href={`/${locale}/contact`}>{t("notice.contactLink")}</a>
        </li>
      </ul>
    </article>
  );
}
