import "server-only";
import { cookies, headers } from "next/headers";
import { cookieOptions, removedCookie } from "@/lib/http/cookies";
import type { Locale } from "@/lib/i18n/config";

/** The cookie that carries a sign-in under way: a random token, HttpOnly, never in a URL. */
const SIGN_IN_COOKIE = "dirisha_signin";

export async function signInToken(): Promise<string | undefined> {
  return (await cookies()).get(SIGN_IN_COOKIE)?.value;
}

export async function keepSignInToken(token: string): Promise<void> {
  (await cookies()).set(SIGN_IN_COOKIE, token, cookieOptions(15 * 60));
}

export async function dropSignInToken(): Promise<void> {
  (await cookies()).set(SIGN_IN_COOKIE, "", removedCookie());
}

/**
 * The visitor's address for rate limits (only ever hashed), as server.mjs established it from
 * the socket and the trusted proxies, never as the client claims it.
 */
export async function clientAddress(): Promise<string> {
  return (await headers()).get("x-dirisha-client-address") || "unknown";
}

/** Where to go after signing in: a page of this portal in this language, never elsewhere. */
export function safeReturn(locale: Locale, value: unknown): string {
  const fallback = `/${locale}/account`;
  if (typeof value !== "string") return fallback;
  return /^\/(sw|en)(\/[^\s\\]*)?$/.test(value) && !value.startsWith("//") ? value : fallback;
}
