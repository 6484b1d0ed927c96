import { defaultLocale, isLocale, type Locale } from "./config";

/**
 * Picks the language for a visitor who came without one in the URL: the one they chose before
 * (cookie), else the first of their browser's languages that the portal has, else Swahili.
 */
export function negotiateLocale(acceptLanguage: string | null, remembered: string | undefined): Locale {
  if (isLocale(remembered)) return remembered;
  if (!acceptLanguage) return defaultLocale;

  const ranked = acceptLanguage
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { language: tag.toLowerCase().split("-")[0] ?? "", quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);

  return ranked.map((entry) => entry.language).find(isLocale) ?? defaultLocale;
}

/**
 * The part of a request path after its language prefix, safe to put back into a link:
 * always starting with one "/", never a protocol-relative "//host".
 */
export function pathAfterLocale(pathname: string): string {
  const rest = pathname.replace(/^\/(sw|en)(?=\/|$)/, "");
  const cleaned = `/${rest.replace(/^\/+/, "")}`;
  return cleaned;
}
