import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { ServiceList } from "@/components/ServiceList";
import { currentCatalogue } from "@/lib/catalogue/current";
import { telHref } from "@/lib/catalogue/format";
import { servicesOfInstitutionByUse } from "@/lib/catalogue/usage";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { acronymSuffix } from "@/lib/catalogue/format";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string; slug: string }> };

async function load(props: Props) {
  const { locale: segment, slug } = await props.params;
  const locale = localeFrom(segment);
  const catalogue = await currentCatalogue();
  const institution = catalogue.institutionBySlug.get(decodeURIComponent(slug));
  const parent = institution?.parentId ? catalogue.institutions.find((i) => i.id === institution.parentId) : undefined;
  return { locale, catalogue, institution, parent };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { locale, institution } = await load(props);
  return institution ? { title: institution.name[locale], description: institution.description[locale] } : {};
}

export default async function InstitutionPage(props: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const { locale, catalogue, institution, parent } = await load(props);
  if (!institution) notFound(); // the proxy answers 404 first; see docs/decisions/0002
  // Most used first (counted visitors), then featured, then by name in this language.
  const services = await servicesOfInstitutionByUse(catalogue, institution.id, locale);
  const t = getT(locale, "catalogue");
  const hasContacts = institution.website || institution.phones.length || institution.emails.length || institution.address;
  return (
    <>
      <Breadcrumbs locale={locale} trail={[{ href: `/${locale}/institutions`, label: t("institutions.title") }]} />
      <h1 className="text-3xl font-bold leading-tight">
        {institution.name[locale]}
        {acronymSuffix(institution, locale)}
      </h1>
      <p className="mt-1 text-muted">{t(`institutions.kind.${institution.kind as "agency"}`)}</p>
      <p className="mt-3 text-lg">{institution.description[locale]}</p>
      {parent ? (
        <p className="mt-2">
          {t("institutions.parent")}: <a href={`/${locale}/institutions/${parent.slug}`}>{parent.name[locale]}</a>
        </p>
      ) : null}

      <h2 className="mt-8 text-2xl font-bold">{t("institutions.contacts")}</h2>
      {hasContacts ? (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          {institution.website ? (
            <>
              <dt className="font-semibold">{t("institutions.website")}</dt>
              <dd className="break-all">
                <a href={institution.website} rel="noopener">
                  {institution.website.replace(/^https?:\/\//, "")}
                </a>
              </dd>
            </>
          ) : null}
          {institution.phones.map((phone) => (
            <div key={phone} className="contents">
              <dt className="font-semibold">{t("institutions.phone")}</dt>
              <dd>
                <a href={telHref(phone)}>{phone}</a>
              </dd>
            </div>
          ))}
          {institution.emails.map((email) => (
            <div key={email} className="contents">
              <dt className="font-semibold">{t("institutions.email")}</dt>
              <dd className="break-all">
                <a href={`mailto:${email}`}>{email}</a>
              </dd>
            </div>
          ))}
          {institution.address ? (
            <>
              <dt className="font-semibold">{t("institutions.address")}</dt>
              <dd>{institution.address[locale]}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="mt-2">{t("institutions.noContacts")}</p>
      )}

      <h2 className="mt-8 text-2xl font-bold">{t("services")}</h2>
      {services.length > 0 ? (
        <ServiceList locale={locale} services={services} label={t("services")} />
      ) : (
        <p className="mt-2">{t("noServices")}</p>
      )}
    </>
  );
}
