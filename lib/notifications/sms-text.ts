import { env } from "@/lib/env";
import { intlLocale, type Locale } from "@/lib/i18n/config";
import { resources } from "@/lib/i18n/resources";

/**
 * Text messages as a citizen reads them on any phone: in their language (locales/<lang>/sms.json),
 * in one SMS where possible (160 characters of the GSM alphabet: no curly quotes, dashes or
 * ellipsis characters, which would halve the length), names shortened on word boundaries,
 * dates as people write them (4 Desemba 2026 / 4 December 2026), and a short link to the page
 * the message is about. Plain module: the worker process sends these too, outside Next.js.
 */

export const SMS_LENGTH = 160;
type SmsKey = keyof (typeof resources)["sw"]["sms"];

/** A message template with its {{placeholders}} filled in. */
export function smsText(locale: Locale, key: SmsKey, values: Record<string, string>): string {
  return resources[locale].sms[key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? "");
}

/** Characters outside the GSM 7-bit alphabet that names and labels commonly carry, made plain. */
export function gsmPlain(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\u2026/g, "...")
    .replace(/\s+/g, " ")
    .trim();
}

/** `text` cut to at most `max` characters at a word boundary, with "..." when cut. */
export function shortenOnWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(1, max - 3);
  const cut = text.slice(0, room + 1);
  const boundary = cut.lastIndexOf(" ");
  const kept = (boundary > 0 ? cut.slice(0, boundary) : text.slice(0, room)).replace(/[\s,.;:(/-]+$/, "");
  return `${kept}...`;
}

/**
 * Renders a message around a name (a service's), shortening the name on word boundaries just
 * enough for the whole message to fit one SMS; the rest of the message is never cut.
 */
export function fitOneSms(render: (name: string) => string, name: string): string {
  const plain = gsmPlain(name);
  const full = render(plain);
  if (full.length <= SMS_LENGTH) return full;
  const room = plain.length - (full.length - SMS_LENGTH);
  return render(shortenOnWords(plain, Math.max(room, 12)));
}

/** A date as people write it, in Tanzania's time zone. */
export function smsDate(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "long", timeZone: "Africa/Dar_es_Salaam" }).format(date);
}

/** The portal's address without its scheme, for links in messages: dirisha.go.tz/sw/b/DRS… */
export function shortLink(locale: Locale, kind: "a" | "b" | "f", reference: string): string {
  return `${env().PORTAL_URL.replace(/^https?:\/\//, "")}/${locale}/${kind}/${reference}`;
}
