import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";

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
  (await cookies()).set(name, value, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().PORTAL_URL.startsWith("https://"),
    path: "/",
    maxAge: maxAgeSeconds,
  });
}

export async function readCookie(name: string): Promise<string | undefined> {
  return (await cookies()).get(name)?.value;
}

export async function dropCookie(name: string): Promise<void> {
  (await cookies()).delete(name);
}
