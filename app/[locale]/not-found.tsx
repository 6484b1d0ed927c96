import { currentLocale } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";

// A not-found page receives no params: its language comes from the path the proxy saw.
export default async function NotFound() {
  const locale = await currentLocale();
  const t = getT(locale);
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("notFound.title")}</h1>
      <p className="mt-3 text-lg">{t("notFound.body")}</p>
      <p className="mt-3">
        <a href={`/${locale}`}>{t("notFound.back")}</a>
      </p>
    </>
  );
}
