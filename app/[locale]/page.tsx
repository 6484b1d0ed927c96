import { listPublishedServices } from "@/lib/catalogue/queries";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { ServiceList } from "@/components/ServiceList";

type Props = { params: Promise<{ locale: string }> };

export default async function HomePage({ params }: Props) {
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "home");
  const services = await listPublishedServices(locale);
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("title")}</h1>
      <p className="mt-3 text-lg">{t("intro")}</p>
      <h2 className="mt-8 text-2xl font-bold">{t("servicesHeading")}</h2>
      {services.length === 0 ? <p className="mt-3">{t("empty")}</p> : <ServiceList locale={locale} services={services} />}
    </>
  );
}
