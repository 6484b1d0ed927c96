import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { JsonLd } from "@/components/JsonLd";
import { PayFees } from "@/components/PayFees";
import { ServiceView } from "@/components/ServiceView";
import { SmsMeForm } from "@/components/SmsMeForm";
import { findService } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import { governmentServiceJsonLd } from "@/lib/catalogue/jsonld";
import { recordServiceView } from "@/lib/catalogue/record-view";
import { env } from "@/lib/env";
import { currentCitizenId } from "@/lib/identity/auth";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { payFee } from "@/app/[locale]/(account)/payments/actions";
import { hasPublishedForm } from "@/lib/applications/service";
import { smsServiceDetails } from "./actions";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string; slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function load(props: Props) {
  const { locale: segment, slug } = await props.params;
  const locale = localeFrom(segment);
  const found = findService(await currentCatalogue(), locale, decodeURIComponent(slug));
  return { locale, service: found?.service };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { locale, service } = await load(props);
  if (!service) return {};
  return {
    title: service.name[locale],
    description: service.summary[locale],
    alternates: {
      canonical: `/${locale}/services/${service.slug[locale]}`,
      languages: {
        sw: `/sw/services/${service.slug.sw}`,
        en: `/en/services/${service.slug.en}`,
        "x-default": `/sw/services/${service.slug.sw}`,
      },
    },
  };
}

export default async function ServicePage(props: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const { locale, service } = await load(props);
  // The proxy already answered 404 for a missing listing; this covers one withdrawn meanwhile.
  if (!service) notFound();
  await recordServiceView(service.id);
  const query = await props.searchParams;
  const category = service.categories[0];
  const t = getT(locale, "catalogue");
  const applications = getT(locale, "applications");
  const applyOnline = await hasPublishedForm(service.id);
  const provider = service.competentAuthority ?? service.institution;
  return (
    <>
      {category ? (
        <Breadcrumbs locale={locale} trail={[{ href: `/${locale}/categories/${category.slug[locale]}`, label: category.name[locale] }]} />
      ) : null}
      <ServiceView
        locale={locale}
        service={service}
        apply={
          applyOnline ? (
            <div className="mt-4 border-l-8 border-brand bg-gray-50 px-4 py-3" data-testid="apply-online">
              <a
                href={`/${locale}/services/${service.slug[locale]}/apply`}
                className="inline-block bg-brand px-5 py-3 text-lg font-bold text-white no-underline visited:text-white hover:bg-brand-dark"
              >
                {applications("applyOnline")} →
              </a>
              <p className="mt-2">{applications("applyOnlineHint", { institution: provider.acronym ?? provider.name[locale] })}</p>
            </div>
          ) : undefined
        }
        payment={
          <PayFees
            action={payFee}
            locale={locale}
            service={service}
            citizenId={await currentCitizenId()}
            problem={typeof query.problem === "string" ? query.problem : undefined}
            problemFee={typeof query.fee === "string" && /^\d{1,3}$/.test(query.fee) ? Number(query.fee) : undefined}
          />
        }
      />
      <SmsMeForm
        action={smsServiceDetails}
        locale={locale}
        serviceId={service.id}
        strings={{
          title: t("smsMe.title"),
          intro: t("smsMe.intro"),
          phone: t("smsMe.phone"),
          phoneHint: t("smsMe.phoneHint"),
          submit: t("smsMe.submit"),
          sent: t("smsMe.sent"),
          errorSummary: t("smsMe.errorSummary"),
        }}
      />
      <JsonLd data={governmentServiceJsonLd(env().PORTAL_URL, locale, service)} />
    </>
  );
}
