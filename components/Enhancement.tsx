import { enhancement, type EnhancementName } from "@/lib/enhancements";
import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";

/**
 * One of the portal's own small scripts (lib/enhancements), for the page that renders this. It
 * runs after the page is parsed and usable; the page does everything without it. server.mjs
 * keeps these (and only these) on citizens' pages, and drops them too when the visitor saves data.
 */
export function Enhancement({ name }: { name: EnhancementName }) {
  return <script src={enhancement(name).href} defer data-enhancement={name} />;
}

/** The words of the "counter" script, "{n}" standing for the number of characters left. */
export function counterWords(locale: Locale): { one: string; other: string } {
  const t = getT(locale);
  return { one: t("charactersLeft.one", { n: "{n}" }), other: t("charactersLeft.other", { n: "{n}" }) };
}
