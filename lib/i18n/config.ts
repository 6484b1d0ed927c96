/** Swahili first: the default for anyone whose browser states no language we have. */
export const locales = ["sw", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "sw";

/** The cookie that remembers the language a person last chose. */
export const localeCookie = "dirisha_lang";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export function otherLocale(locale: Locale): Locale {
  return locale === "sw" ? "en" : "sw";
}

/** BCP 47 tags for formatting dates and numbers the way people in Tanzania read them. */
export const intlLocale: Record<Locale, string> = { sw: "sw-TZ", en: "en-GB" };
