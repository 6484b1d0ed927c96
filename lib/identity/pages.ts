import "server-only";
import type { TFunction } from "i18next";
import { intlLocale, type Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { safeReturn } from "./request";
import { MAX_CODES_PER_ATTEMPT, attemptsPerAddress, type PauseScope } from "./sign-in";

const problems = [
  "empty",
  "notDigits",
  "length",
  "date",
  "notFound",
  "invalid",
  "locked",
  "unavailable",
  "rateLimited",
  "tooManyCodes",
  "codesThisSignIn",
  "expired",
  "wrongCode",
  "codeFormat",
  "answerEmpty",
  "controlCharacters",
  "sessionGone",
  "signInFailed",
  "questionsEnded",
  "failed",
] as const;
export type PageProblem = (typeof problems)[number];

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** What every sign-in page reads from its address: where to go afterwards, and a problem to show. */
export async function signInPageContext(locale: Locale, searchParams: SearchParams) {
  const params = await searchParams;
  const one = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const name = one("problem");
  const t = getT(locale, "auth");
  const problemName = problems.find((p) => p === name) ?? null;
  return {
    returnTo: safeReturn(locale, one("return")),
    problemName,
    problem: problemName
      ? t(`problems.${problemName}`, { max: MAX_CODES_PER_ATTEMPT, minutes: attemptsPerAddress.windowSeconds / 60 })
      : null,
    previous: one("previous"),
    t,
  };
}

/** "You have 2 tries left before signing in with this NIN is paused for an hour." */
export function triesLeftSentence(t: TFunction<"auth">, triesLeft: number): string {
  return t("tries.left", { count: triesLeft });
}

/** The clock time in Tanzania, 24-hour ("15:42"), as a time until which something waits. */
export function clockTime(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(intlLocale[locale], {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Africa/Dar_es_Salaam",
  }).format(date);
}

/** Whole minutes from now until then, one at least: what "in 14 minutes" says. */
export const minutesUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));

/**
 * "Signing in with this NIN is paused until 15:42 (in 58 minutes)…" (or "from this connection",
 * when the address is what is paused), or "for an hour" when the end is not known.
 */
export function pausedSentence(
  t: TFunction<"auth">,
  locale: Locale,
  until: Date | null,
  scope: PauseScope | null,
  now = new Date(),
): string {
  if (!until) return t("problems.locked");
  const words = { count: minutesUntil(until, now), time: clockTime(locale, until) };
  return scope === "address" ? t("problems.lockedHereUntil", words) : t("problems.lockedUntil", words);
}

/**
 * "Too many sign-ins have been started from this connection… Try again at 14:40 (in 7
 * minutes)": the end of the limit's window, so the words say the rule's real time.
 */
export function rateLimitedSentence(t: TFunction<"auth">, locale: Locale, until: Date, now = new Date()): string {
  return t("problems.rateLimitedUntil", { count: minutesUntil(until, now), time: clockTime(locale, until) });
}

/**
 * "We have sent 5 codes to this phone, the most we send before 15:00…": the number and the time
 * from the limit itself (its count and the end of its window), so the words cannot drift from it.
 */
export function tooManyCodesSentence(t: TFunction<"auth">, locale: Locale, limit: number, until: Date, now = new Date()): string {
  return t("problems.tooManyCodesUntil", { limit, count: minutesUntil(until, now), time: clockTime(locale, until) });
}
