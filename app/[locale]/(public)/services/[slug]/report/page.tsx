import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { counterWords, Enhancement } from "@/components/Enhancement";
import { ProblemReportForm } from "@/components/ProblemReportForm";
import { findService } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import { problemKinds } from "@/lib/feedback/schema";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { reportProblem } from "./actions";

type Props = { params: Promise<{ locale: string; slug: string }>; searchParams: Promise<{ sent?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "report")("title"), robots: { index: false } };
}

export default async function ReportProblemPage({ params, searchParams }: Props) {
  const { locale: segment, slug } = await params;
  const locale = localeFrom(segment);
  const service = findService(await currentCatalogue(), locale, decodeURIComponent(slug))?.service;
  if (!service) notFound(); // the proxy answers 404 first; see docs/decisions/0002
  const t = getT(locale, "report");
  const serviceHref = `/${locale}/services/${service.slug[locale]}`;
  const sent = (await searchParams).sent === "1";

  return (
    <>
      <Breadcrumbs locale={locale} trail={[{ href: serviceHref, label: service.name[locale] }]} />
      {sent ? (
        <div role="status" className="border-l-8 border-brand bg-gray-100 px-4 py-4">
          <h1 className="text-3xl font-bold leading-tight">{t("sent")}</h1>
          <p className="mt-2 text-lg">{t("sentNext")}</p>
        </div>
      ) : (
        <>
          <h1 className="text-3xl font-bold leading-tight">{t("title")}</h1>
          <p className="mt-2 text-lg">{t("intro", { service: service.name[locale] })}</p>
          <p className="mt-2 border-l-4 border-yellow-600 bg-yellow-50 px-3 py-2">{t("notForHelp")}</p>
          <ProblemReportForm
            action={reportProblem}
            locale={locale}
            serviceId={service.id}
            strings={{
              kind: t("kind"),
              kinds: problemKinds.map((value) => ({ value, label: t(`kinds.${value}`) })),
              details: t("details"),
              detailsHint: t("detailsHint"),
              contact: t("contact"),
              contactHint: t("contactHint"),
              submit: t("submit"),
              errorSummary: t("errorSummary"),
              counter: counterWords(locale),
            }}
          />
          <Enhancement name="counter" />
        </>
      )}
      <p className="mt-6">
        <a href={serviceHref}>{t("back")}</a>
      </p>
    </>
  );
}
