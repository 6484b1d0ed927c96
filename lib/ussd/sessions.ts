import "server-only";
import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { ussdPhones, ussdSessions } from "@/db/schema";
import type { Catalogue } from "@/lib/catalogue/catalogue";
import { formatAmount } from "@/lib/catalogue/format";
import type { CatalogueService } from "@/lib/catalogue/model";
import { tanzaniaDay } from "@/lib/catalogue/usage";
import { env } from "@/lib/env";
import { feedbackByReference, submitFeedback } from "@/lib/feedback/feedback";
import { FEEDBACK_LOOKUPS, normaliseReference } from "@/lib/feedback/reference";
import { isLocale, type Locale } from "@/lib/i18n/config";
import { formatDate, getT } from "@/lib/i18n/server";
import { queueFor } from "@/lib/jobs/queue";
import { toInternationalMobile } from "@/lib/notifications/phone";
import { queueSms } from "@/lib/notifications/sms";
import { billByControlNumber } from "@/lib/payments/bills";
import { withoutControlCharacters } from "@/lib/security/control-characters";
import { keyedHash } from "@/lib/security/hash";
import { takeRateLimit } from "@/lib/security/rate-limit";
import { clip, toGsm } from "./gsm";
import { START, step, type Screen, type UssdDeps, type UssdState } from "./menus";

/**
 * The USSD channel's sessions in the database: any portal process answers any step. Each step
 * locks its session's row, tells the new answer from those already handled (the aggregator sends
 * every answer so far, joined by "*"), runs the menus and saves where the caller is. A step the
 * network repeats gets the same screen again. A call dropped mid-way resumes at its last menu when
 * the same phone dials again within two minutes.
 */

/** Aggregators give up on a session after 20–180 seconds; a row lives a little longer. */
const SESSION_SECONDS = 180;
const RESUME_SECONDS = 120;
const STEPS_PER_SESSION = 200;
const PHONE_STEPS = { bucket: "ussd-phone", limit: 120, windowSeconds: 300 };
const SMS_PER_PHONE = { bucket: "ussd-sms", limit: 5, windowSeconds: 3600 };

export type UssdRequest = { sessionId: string; phoneNumber: string; text: string };
export type UssdAnswer = { screen: string; end: boolean };

const phoneHashOf = (phone: string) => keyedHash("ussd-phone", phone);

function parseState(value: unknown): UssdState | null {
  if (!value || typeof value !== "object") return null;
  const state = value as { locale?: unknown; stack?: unknown };
  if (!isLocale(String(state.locale)) || !Array.isArray(state.stack) || state.stack.length === 0) return null;
  return { locale: state.locale as Locale, stack: state.stack as Screen[] };
}

/** The answers in `text` not yet handled, given what the session had seen. */
export function newAnswers(seen: string, text: string): string[] {
  if (text === seen) return [];
  if (!seen) return text.split("*");
  if (text.startsWith(`${seen}*`)) return text.slice(seen.length + 1).split("*");
  // The aggregator's history no longer extends ours (it should): take its last answer.
  return [text.split("*").at(-1) ?? ""];
}

/** The text a service's SMS carries: what it is, the fee, the documents and where to apply, in two SMS at most. */
export function serviceSms(service: CatalogueService, locale: Locale): string {
  const t = getT(locale, "ussd");
  const fee = service.fees.length
    ? `${t("fee")}: ${service.fees.map((f) => `${f.label[locale]} ${formatAmount(locale, f.amount, f.currency)}`).join("; ")}.`
    : t("noFee");
  const documents = service.documents.length ? `${t("documents")}: ${service.documents.map((d) => d[locale]).join("; ")}.` : "";
  const online = service.channels.find((c) => c.kind === "online");
  const apply = online?.kind === "online" ? `${t("online")}: ${online.url}` : "";
  const link = `${env().PORTAL_URL.replace(/^https?:\/\//, "")}/${locale}/services/${service.slug[locale]}`;
  const text = toGsm(t("smsService", { name: service.name[locale], fee, documents, apply, link }).replace(/\s+/g, " "));
  // Two SMS of 153 characters each (a long message carries a header in each part).
  if (text.length <= 306) return text;
  const rest = toGsm(t("smsService", { name: service.name[locale], fee, documents: "", apply, link }).replace(/\s+/g, " "));
  return rest.length <= 306 ? rest : clip(rest, 306);
}

/** One step of a USSD session, from the aggregator's fields to the screen to show. */
export async function answerUssd(db: Database, catalogue: Catalogue, given: UssdRequest, now = new Date()): Promise<UssdAnswer> {
  // A keypad cannot type a control character, so one is the aggregator's or a forger's, never
  // the caller's: dropped before anything is counted or stored (PostgreSQL refuses a NUL in
  // text). Dropped rather than refused: the aggregator sends every answer so far with each step,
  // so a refused one would come back with every later step and end the session.
  const request = { ...given, text: withoutControlCharacters(given.text) };
  const phone = toInternationalMobile(request.phoneNumber);
  const sw = getT("sw", "ussd");
  if (!phone) return { screen: sw("bye"), end: true };
  const phoneHash = phoneHashOf(phone);
  if (!(await takeRateLimit(db, PHONE_STEPS, phone, now))) return { screen: toGsm(sw("busy")), end: true };

  return db.transaction(async (tx) => {
    const [session] = await tx.select().from(ussdSessions).where(eq(ussdSessions.sessionId, request.sessionId)).for("update");
    let state: UssdState;
    let answers: string[];
    if (session && session.phoneHash === phoneHash) {
      if (session.ended) return { screen: toGsm(getT(parseState(session.state)?.locale ?? "sw", "ussd")("bye")), end: true };
      answers = newAnswers(session.answered, request.text);
      if (answers.length === 0 && session.screen) return { screen: session.screen, end: false };
      state = parseState(session.state) ?? START;
    } else if (session) {
      // Another phone under this session's id: not this caller's session.
      return { screen: sw("bye"), end: true };
    } else {
      const [chosen] = await tx.select().from(ussdPhones).where(eq(ussdPhones.phoneHash, phoneHash));
      const locale: Locale = chosen && isLocale(chosen.locale) ? chosen.locale : "sw";
      // A call dropped within two minutes resumes at its last menu.
      const [dropped] = await tx
        .select()
        .from(ussdSessions)
        .where(
          and(
            eq(ussdSessions.phoneHash, phoneHash),
            eq(ussdSessions.ended, false),
            gt(ussdSessions.updatedAt, new Date(now.getTime() - RESUME_SECONDS * 1000)),
          ),
        )
        .orderBy(desc(ussdSessions.updatedAt))
        .limit(1);
      state = (dropped && parseState(dropped.state)) || { ...START, locale };
      if (dropped) await tx.update(ussdSessions).set({ ended: true }).where(eq(ussdSessions.sessionId, dropped.sessionId));
      answers = request.text ? request.text.split("*") : [];
    }

    const boss = await queueFor(db);
    const deps: UssdDeps = {
      catalogue,
      t: (locale) => getT(locale, "ussd"),
      today: tanzaniaDay(now),
      billByControlNumber: async (number, locale) => {
        const bill = await billByControlNumber(tx as unknown as Database, number, now);
        return bill && { ...bill, expiresOn: formatDate(locale, bill.expiresAt) };
      },
      feedbackByReference: async (reference, locale) => {
        // The phone's look-ups are limited as an address's are on the web (lib/feedback/reference.ts).
        if (normaliseReference(reference) && !(await takeRateLimit(tx as unknown as Database, FEEDBACK_LOOKUPS, phone, now)))
          return "limited";
        const found = await feedbackByReference(tx as unknown as Database, reference);
        return found
          ? {
              reference: found.reference,
              institution: found.institution[locale],
              status: found.status,
              date: formatDate(locale, found.createdAt),
            }
          : null;
      },
      submitFeedback: async ({ kind, institutionId, message, locale }) =>
        submitFeedback(
          tx as unknown as Database,
          {
            kind,
            institutionId,
            serviceId: null,
            subject: getT(locale, "ussd")("fbSubject"),
            message,
            senderName: null,
            senderPhone: phone,
            citizenId: null,
            locale,
            attachment: null,
          },
          boss,
        ),
      smsService: async (service: CatalogueService, locale) => {
        if (!(await takeRateLimit(tx as unknown as Database, SMS_PER_PHONE, phone, now))) return "limited";
        const queued = await queueSms(tx, boss, {
          to: phone,
          message: serviceSms(service, locale),
          dedupeKey: `ussd:${request.sessionId}:${service.id}`,
        });
        return queued ? "queued" : "failed";
      },
    };

    let result = await step(deps, state, answers.length === 0 ? null : answers[0]!);
    for (const answer of answers.slice(1)) {
      if (result.end) break;
      result = await step(deps, result.state, answer);
    }
    const steps = (session ? Number((session.state as { steps?: number }).steps ?? 0) : 0) + Math.max(1, answers.length);
    const end = result.end || steps > STEPS_PER_SESSION;
    const values = {
      phoneHash,
      state: { ...result.state, steps },
      answered: request.text.slice(0, 4000),
      screen: result.screen,
      ended: end,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000),
    };
    await tx
      .insert(ussdSessions)
      .values({ sessionId: request.sessionId, ...values })
      .onConflictDoUpdate({ target: ussdSessions.sessionId, set: values });
    if (result.state.locale !== state.locale || !session) {
      await tx
        .insert(ussdPhones)
        .values({ phoneHash, locale: result.state.locale, updatedAt: now })
        .onConflictDoUpdate({ target: ussdPhones.phoneHash, set: { locale: result.state.locale, updatedAt: now } });
    }
    return { screen: result.screen, end };
  });
}

/** Sessions past their time go; the language each phone chose stays (a hash and two letters). */
export async function pruneUssdSessions(db: Database): Promise<void> {
  await db.delete(ussdSessions).where(lt(ussdSessions.expiresAt, sql`now() - interval '1 day'`));
}
