import "server-only";
import type { Database } from "@/db";
import { searchServices, type Catalogue } from "@/lib/catalogue/catalogue";
import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { queueFor } from "@/lib/jobs/queue";
import { toInternationalMobile } from "@/lib/notifications/phone";
import { queueSms } from "@/lib/notifications/sms";
import { takeRateLimit } from "@/lib/security/rate-limit";
import { clip, toGsm } from "./gsm";
import { serviceSms } from "./sessions";

/**
 * mGov's pull messages to the short code: "HUDUMA pasipoti" (or "SERVICE passport") is answered
 * with the best service's fee, documents and where to apply, in the message's language, within
 * two SMS; anything else with how to ask. The answer is a job in the queue, sent once per message
 * id however often mGov delivers it, and each phone gets a few answers an hour at most.
 */

const ANSWERS_PER_PHONE = { bucket: "sms-inbound", limit: 10, windowSeconds: 3600 };
const KEYWORDS: Record<string, Locale> = { huduma: "sw", service: "en", info: "en", msaada: "sw", help: "en" };

export type InboundSms = { from: string; text: string; messageId: string };
export type InboundOutcome = "answered" | "limited" | "ignored";

/** The language and the words asked about: "HUDUMA cheti cha kuzaliwa" → sw, "cheti cha kuzaliwa". */
export function readRequest(text: string): { locale: Locale; query: string } {
  const words = toGsm(text).trim().replace(/\s+/g, " ");
  const [first = "", ...rest] = words.split(" ");
  // Only the keywords' own names: "__proto__" or "constructor" is the object's, not a language (issue 21: a crash, retried for ever).
  const keyword = first.toLowerCase();
  const locale = Object.hasOwn(KEYWORDS, keyword) ? KEYWORDS[keyword] : undefined;
  return locale ? { locale, query: rest.join(" ").slice(0, 100) } : { locale: "sw", query: words.slice(0, 100) };
}

export async function answerInboundSms(db: Database, catalogue: Catalogue, sms: InboundSms, now = new Date()): Promise<InboundOutcome> {
  const phone = toInternationalMobile(sms.from);
  if (!phone) return "ignored";
  if (!(await takeRateLimit(db, ANSWERS_PER_PHONE, phone, now))) return "limited";
  const { locale, query } = readRequest(sms.text);
  const t = getT(locale, "ussd");
  const help = ["", "msaada", "help"].includes(query.toLowerCase());
  const best = help ? undefined : searchServices(catalogue, query, 1, { locale })[0];
  const message = help ? toGsm(t("smsHelp")) : best ? serviceSms(best, locale) : toGsm(t("smsNotFound", { query: clip(query, 40) }));
  const boss = await queueFor(db);
  await db.transaction(async (tx) => {
    await queueSms(tx, boss, { to: phone, message, dedupeKey: `inbound:${sms.messageId}` });
  });
  return "answered";
}
