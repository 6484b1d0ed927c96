import type { Metadata } from "next";
import { ImportForm } from "@/components/ImportForm";
import { InstitutionSelect } from "@/components/StaffPieces";
import { actorInstitutions } from "@/lib/editorial/service";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";
import { requireStaff } from "@/lib/staff/auth";
import { importListings } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("import.title"), robots: { index: false } };
}

export default async function ImportPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/import`);
  const t = getT(locale, "staff");
  const mine = await actorInstitutions(actor);
  const chosen = mine.find((i) => i.slug === query.institution) ?? mine.find((i) => i.id === actor.institutionId) ?? mine[0];
  if (!chosen) return <p>{t("dashboard.noInstitution")}</p>;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("import.title")}</h1>
      <section aria-labelledby="export" className="mt-6">
        <h2 id="export" className="text-2xl font-bold">
          {t("import.exportTitle")}
        </h2>
        <p className="mt-1">{t("import.exportIntro")}</p>
        <form method="get" action={`/${locale}/staff/export`} className="mt-3 flex flex-wrap items-end gap-3">
          {mine.length > 1 ? (
            <InstitutionSelect locale={locale} options={mine} chosen={chosen.slug} id="export-institution" />
          ) : (
            <input type="hidden" name="institution" value={chosen.slug} />
          )}
          <button type="submit" name="format" value="csv" className="border-2 border-ink px-4 py-2 font-bold">
            {t("import.exportCsv")}
          </button>
          <button type="submit" name="format" value="json" className="border-2 border-ink px-4 py-2 font-bold">
            {t("import.exportJson")}
          </button>
        </form>
      </section>
      <section aria-labelledby="import" className="mt-8">
        <h2 id="import" className="text-2xl font-bold">
          {t("import.importTitle")}
        </h2>
        <p className="mt-1">{t("import.importIntro")}</p>
        <ImportForm
          action={importListings}
          locale={locale}
          institutions={mine.map((i) => ({ value: i.slug, label: i.name[locale] }))}
          chosen={chosen.slug}
          canPublish={can.publishListing(actor, chosen.id)}
          strings={{
            file: t("import.fileLabel"),
            fileHint: t("import.fileHint"),
            institution: t("dashboard.institution"),
            publish: t("import.publishAtOnce"),
            submit: t("import.submit"),
            report: t("import.report"),
          }}
        />
      </section>
    </>
  );
}
