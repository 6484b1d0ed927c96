import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { Enhancement } from "./Enhancement";

/**
 * The one search box: a plain GET form that works without JavaScript. Suggestions while
 * typing fill its <datalist> when the small "suggest" script runs (lib/enhancements).
 */
export function SearchForm({ locale, query = "", large = false }: { locale: Locale; query?: string; large?: boolean }) {
  const t = getT(locale, "search");
  return (
    <form action={`/${locale}/search`} method="get" role="search" className="mt-4">
      <label htmlFor="q" className={large ? "block text-xl font-bold" : "block font-bold"}>
        {t("label")}
      </label>
      <p id="q-hint" className="text-sm text-muted">
        {t("hint")}
      </p>
      <div className="mt-2 flex gap-2">
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={query}
          maxLength={200}
          autoComplete="off"
          aria-describedby="q-hint"
          list="q-suggestions"
          data-suggest={`/api/v1/suggest?lang=${locale}&q=`}
          className="min-w-0 flex-1 border-2 border-ink px-3 py-2 text-lg"
        />
        <button type="submit" className="bg-brand px-4 py-2 text-lg font-bold text-white hover:bg-brand-dark">
          {t("button")}
        </button>
      </div>
      <datalist id="q-suggestions" />
      <Enhancement name="suggest" />
    </form>
  );
}
