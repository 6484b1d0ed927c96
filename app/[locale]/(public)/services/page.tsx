import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { ServiceList } from "@/components/ServiceList";
import { currentCatalogue } from "@/lib/catalogue/current";
import { intlLocale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "catalogue")("allServices") };
}

export default async function AllServicesPage({ params }: Props) {
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "catalogue");
  const catalogue = await currentCatalogue();
  const services = [...catalogue.services].sort((a, b) => a.name[locale].localeCompare(b.name[locale], intlLocale[locale]));
  return (
    <>
      <Breadcrumbs locale={locale} trail={[]} />
      <h1 className="text-3xl font-bold leading-tight">{t("allServices")}</h1>
      <p className="mt-2">{t("allServicesIntro")}</p>
      <p className="mt-1 text-muted">{t("servicesCount", { count: services.length })}</p>
      <ServiceList locale={locale} services={services} />
    </>
  );
}
