import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";

/** What changed between two versions, value by value: before struck through, after in bold. */
export function ChangesTable({ locale, changes }: { locale: Locale; changes: { path: string; before: string; after: string }[] }) {
  const t = getT(locale, "staff");
  if (changes.length === 0) return <p className="mt-3">{t("changes.none")}</p>;
  return (
    <table className="mt-3 w-full table-fixed border-collapse text-left">
      <caption className="sr-only">{t("changes.caption", { count: changes.length })}</caption>
      <thead>
        <tr className="border-b-2 border-ink">
          <th scope="col" className="w-1/4 py-2 pr-3">
            {t("changes.field")}
          </th>
          <th scope="col" className="py-2 pr-3">
            {t("changes.before")}
          </th>
          <th scope="col" className="py-2">
            {t("changes.after")}
          </th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.path} className="border-b border-gray-400 align-top">
            <th scope="row" className="break-words py-2 pr-3 font-mono text-sm font-normal">
              {change.path}
            </th>
            <td className="break-words py-2 pr-3">
              {change.before ? (
                <del className="bg-red-50">{change.before}</del>
              ) : (
                <span className="text-gray-600">{t("changes.empty")}</span>
              )}
            </td>
            <td className="break-words py-2">
              {change.after ? (
                <ins className="bg-green-50 font-semibold no-underline">{change.after}</ins>
              ) : (
                <span className="text-gray-600">{t("changes.empty")}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
