import type { ServiceDetail } from "@/lib/catalogue/queries";
import type { Locale } from "@/lib/i18n/config";
import { formatDate, getT } from "@/lib/i18n/server";

export function ServiceView({ locale, service }: { locale: Locale; service: ServiceDetail }) {
  const t = getT(locale, "catalogue");
  return (
    <article>
      <h1 className="text-3xl font-bold leading-tight">{service.name}</h1>
      <p className="mt-2 text-muted">
        {t("providedBy")} {service.institution.name}
        {service.institution.acronym ? ` (${service.institution.acronym})` : ""}
      </p>
      {service.needsReview ? (
        <p className="mt-4 border-l-4 border-yellow-500 bg-yellow-50 px-3 py-2">{t("needsReview")}</p>
      ) : null}
      <p className="mt-4 text-lg">{service.summary}</p>

      <h2 className="mt-8 text-2xl font-bold">{t("online.heading")}</h2>
      {service.onlineUrl ? (
        <p className="mt-2">
          <a href={service.onlineUrl} rel="noopener" className="text-lg font-semibold">
            {t("online.link")}
          </a>
        </p>
      ) : (
        <p className="mt-2">{t("online.none")}</p>
      )}
      {service.institutionWebsite ? (
        <p className="mt-2">
          <a href={service.institutionWebsite} rel="noopener">
            {t("institutionWebsite")}: {service.institution.acronym ?? service.institution.name}
          </a>
        </p>
      ) : null}

      <h2 className="mt-8 text-xl font-bold">{t("sources")}</h2>
      <ul className="mt-2 list-disc break-all pl-6 text-sm">
        {service.sources.map((source) => (
          <li key={source}>
            <a href={source} rel="noopener nofollow">
              {source}
            </a>
          </li>
        ))}
      </ul>
      <p className="mt-6 text-sm text-muted">{t("updated", { date: formatDate(locale, service.updatedAt) })}</p>
    </article>
  );
}
