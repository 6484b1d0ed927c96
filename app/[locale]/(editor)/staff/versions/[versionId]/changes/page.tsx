import type { Metadata } from "next";
import { ChangesTable } from "@/components/ChangesTable";
import { StaffNotFound } from "@/components/StaffPieces";
import { diffDocuments } from "@/lib/editorial/document";
import { findVersion, previousVersion } from "@/lib/editorial/service";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { requireStaff } from "@/lib/staff/auth";

type Props = { params: Promise<{ locale: string; versionId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("changes.title"), robots: { index: false } };
}

/** The diff between a version and the publication before it. */
export default async function ChangesPage({ params }: Props) {
  const { locale: segment, versionId } = await params;
  const locale = localeFrom(segment);
  const actor = await requireStaff(locale, `/${locale}/staff/versions/${versionId}/changes`);
  const t = getT(locale, "staff");
  const version = await findVersion(actor, versionId);
  if (!version) {
    return <StaffNotFound locale={locale} />;
  }
  const previous = await previousVersion(version);
  return (
    <>
      <p>
        <a href={`/${locale}/staff/versions/${version.id}`}>← {t("listing.versionN", { n: version.number })}</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold leading-tight">{t("changes.title")}</h1>
      <p className="mt-1">
        {previous ? t("changes.between", { from: previous.number, to: version.number }) : t("changes.first", { to: version.number })}
      </p>
      <ChangesTable locale={locale} changes={diffDocuments(previous?.content ?? null, version.content)} />
    </>
  );
}
