import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";

/** Pieces the editorial area's pages share. */

/** The answer for a listing or version that does not exist or belongs to another institution. */
export function StaffNotFound({ locale }: { locale: Locale }) {
  const t = getT(locale, "staff");
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("problems.notFoundTitle")}</h1>
      <p className="mt-2">{t("problems.notFound")}</p>
      <p className="mt-4">
        <a href={`/${locale}/staff`}>{t("nav.listings")}</a>
      </p>
    </>
  );
}

/** A labelled choice of institution, for the GET forms that filter a page by institution. */
export function InstitutionSelect({
  locale,
  options,
  chosen,
  id = "institution",
  all,
}: {
  locale: Locale;
  options: { slug: string; name: { sw: string; en: string } }[];
  chosen: string;
  id?: string;
  /** The label of an extra first option for "every institution", if any. */
  all?: string;
}) {
  const t = getT(locale, "staff");
  return (
    <div>
      <label htmlFor={id} className="block font-bold">
        {t("dashboard.institution")}
      </label>
      <select id={id} name="institution" defaultValue={chosen} className="mt-1 max-w-full border-2 border-ink p-2">
        {all !== undefined ? <option value="">{all}</option> : null}
        {options.map((i) => (
          <option key={i.slug} value={i.slug}>
            {i.name[locale]}
          </option>
        ))}
      </select>
    </div>
  );
}
