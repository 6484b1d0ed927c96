import { intlLocale, type Locale } from "@/lib/i18n/config";

/** "TZS 150,000" / "USD 90": the currency code first, as on GePG bills and receipts. */
export function formatAmount(locale: Locale, amount: string, currency: string): string {
  const value = new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 2 }).format(Number(amount));
  return `${currency} ${value}`;
}

/** A source date given as YYYY, YYYY-MM or YYYY-MM-DD, in words of the page's language. */
export function formatPartialDate(locale: Locale, value: string): string {
  const [year, month, day] = value.split("-").map(Number);
  if (!month) return String(year);
  const date = new Date(Date.UTC(year!, month - 1, day ?? 1));
  const options: Intl.DateTimeFormatOptions = day
    ? { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }
    : { month: "long", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(intlLocale[locale], options).format(date);
}

/** A tel: link for a number or USSD code ("#" must be escaped in a URL). */
export function telHref(value: string): string {
  return `tel:${value.replace(/\s+/g, "").replace(/#/g, "%23")}`;
}

type Named = { name: { sw: string; en: string }; acronym: string | null };

/** " (ACRONYM)" to write after an institution's name, or nothing when the name already carries it ("… (GePG)"). */
export function acronymSuffix(institution: Named, locale: Locale): string {
  const { acronym } = institution;
  if (!acronym) return "";
  const words = ` ${institution.name[locale].toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ")} `;
  return words.includes(
    ` ${acronym
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim()} `,
  )
    ? ""
    : ` (${acronym})`;
}

/** "Name (ACRONYM)", the acronym written once. */
export function institutionLabel(institution: Named, locale: Locale): string {
  return `${institution.name[locale]}${acronymSuffix(institution, locale)}`;
}
