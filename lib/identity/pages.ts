import "server-only";
import type { TFunction } from "i18next";
import { intlLocale, type Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { safeReturn } from "./request";

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
  "expired",
  "wrongCode",
  "codeFormat",
  "answerEmpty",
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
    problem: problemName ? t(`problems.${problemName}`) : null,
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

/** "Signing in with this NIN is paused until 15:42 (in 58 minutes)…", or "for an hour" when the end is not known. */
export function pausedSentence(t: TFunction<"auth">, locale: Locale, until: Date | null, now = new Date()): string {
  if (!until) return t("problems.locked");
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return t("problems.lockedUntil", { count: minutes, time: clockTime(locale, until) });
}
