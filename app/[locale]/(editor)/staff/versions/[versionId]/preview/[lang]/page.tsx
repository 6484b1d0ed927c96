import type { Metadata } from "next";
import { ServiceView } from "@/components/ServiceView";
import { StaffNotFound } from "@/components/StaffPieces";
import { currentCatalogue } from "@/lib/catalogue/current";
import { findVersion, liveMaintenanceNotice } from "@/lib/editorial/service";
import { previewService } from "@/lib/editorial/preview";
import { isLocale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { requireStaff } from "@/lib/staff/auth";

type Props = { params: Promise<{ locale: string; versionId: string; lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("version.previewTitle"), robots: { index: false } };
}

/** A version exactly as the public page will show it, in the language asked for, with a banner above. */
export default async function PreviewPage({ params }: Props) {
  const { locale: segment, versionId, lang } = await params;
  const locale = localeFrom(segment);
  const actor = await requireStaff(locale, `/${locale}/staff/versions/${versionId}/preview/${lang}`);
  const t = getT(locale, "staff");
  const version = await findVersion(actor, versionId);
  const previewLocale = isLocale(lang) ? lang : locale;
  const service = version
    ? previewService(
        version.content,
        await currentCatalogue(),
        version.serviceId ?? version.id,
        await liveMaintenanceNotice(version.serviceId),
      )
    : null;
  if (!version || !service) {
    return <StaffNotFound locale={locale} />;
  }
  return (
    <>
      <div role="note" className="mb-6 border-4 border-yellow-500 bg-yellow-50 p-4">
        <p className="font-bold">
          {t("version.previewBanner", { n: version.number, state: t(`state.${version.state}`), lang: t(`langs.${previewLocale}`) })}
        </p>
        <p className="mt-1 flex flex-wrap gap-4">
          <a href={`/${locale}/staff/versions/${version.id}`}>← {t("version.backToVersion")}</a>
          <a href={`/${locale}/staff/versions/${version.id}/preview/${previewLocale === "sw" ? "en" : "sw"}`}>
            {t("version.preview", { lang: t(`langs.${previewLocale === "sw" ? "en" : "sw"}`) })}
          </a>
        </p>
      </div>
      <div lang={previewLocale} className="mx-auto max-w-3xl">
        <ServiceView locale={previewLocale} service={service} />
      </div>
    </>
  );
}
