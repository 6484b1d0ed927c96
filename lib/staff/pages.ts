import "server-only";
import { cookies } from "next/headers";
import type { TFunction } from "i18next";
import { env } from "@/lib/env";
import { cookieOptions, removedCookie } from "@/lib/http/cookies";
import type { Locale } from "@/lib/i18n/config";
import { clockTime, minutesUntil } from "@/lib/identity/pages";
import type { StaffPauseScope } from "./lockout";

/** Problems any page of the editorial area may be sent back with, worded under "problems". */
const SHARED_PROBLEMS = ["forbidden", "failed", "notFound", "controlCharacters"] as const;
/** Sections whose pages word problems of their own, under "<section>.problems". */
type ProblemSection = "queue" | "mostUsed" | "people";

/**
 * The message for the `?problem=` an action redirected back with: the page's own problem (listed
 * in `own`, worded under `<section>.problems`) or one the whole area shares; any other value, or
 * none, shows nothing. One reading for every page, so that a value in the address never shows
 * more than the fixed texts.
 */
export function problemMessage(
  t: TFunction<"staff">,
  value: unknown,
  own?: { section: ProblemSection; problems: readonly string[] },
): string | null {
  if (typeof value !== "string") return null;
  if (own?.problems.includes(value)) return t(`${own.section}.problems.${value}` as "problems.failed");
  const shared = SHARED_PROBLEMS.find((p) => p === value);
  return shared ? t(`problems.${shared}`) : null;
}

/**
 * Until when signing in waits, from the rule that made it wait: "paused until 14:35 (in 15
 * minutes)" for an account paused from here or from everywhere, "try again at 15:00" for an
 * address that has tried too often; "paused for up to 15 minutes" when the end is not known.
 */
export function staffWaitSentence(
  t: TFunction<"staff">,
  locale: Locale,
  wait: { problem: "locked"; until: Date | null; scope: StaffPauseScope | null } | { problem: "tooMany"; until: Date },
  now = new Date(),
): string {
  if (!wait.until) return t("signIn.problems.locked");
  const words = { count: minutesUntil(wait.until, now), time: clockTime(locale, wait.until) };
  if (wait.problem === "tooMany") return t("signIn.problems.tooManyUntil", words);
  return wait.scope === "account" ? t("signIn.problems.lockedAccountUntil", words) : t("signIn.problems.lockedHereUntil", words);
}

/** Where to go after signing in: a page of the editorial area, never elsewhere. */
export function safeStaffReturn(locale: Locale, value: unknown): string {
  const fallback = `/${locale}/staff`;
  if (typeof value !== "string") return fallback;
  return /^\/(sw|en)\/staff(\/[^\s\\]*)?(\?[^\s\\]*)?$/.test(value) && !value.includes("//") ? value : fallback;
}

/** The one-time link that sets up (or sets up again) a staff account, to be passed on by hand. */
export function invitationLink(locale: Locale, token: string): string {
  return `${env().PORTAL_URL}/${locale}/staff/invitation/${token}`;
}

// Cookies that carry a step under way (a sign-in between password and code, an invitation being
// accepted): random tokens, HttpOnly, never in an address after the first.
export const STEP_COOKIE = "dirisha_staff_step";
export const INVITATION_COOKIE = "dirisha_staff_invitation";

export async function keepCookie(name: string, value: string, maxAgeSeconds: number): Promise<void> {
  (await cookies()).set(name, value, cookieOptions(maxAgeSeconds));
}

export async function readCookie(name: string): Promise<string | undefined> {
  return (await cookies()).get(name)?.value;
}

export async function dropCookie(name: string): Promise<void> {
  (await cookies()).set(name, "", removedCookie());
}
