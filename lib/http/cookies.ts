import "server-only";
import { env } from "@/lib/env";

/*
 * The attributes of every cookie the portal sets (issue 21): the language, the sign-in under way,
 * the staff sign-in step and invitation, and the sessions the proxy renews; next-auth's own
 * cookies (sessions, CSRF, callback address) get the same from its configuration
 * (lib/identity/auth.ts, lib/staff/auth.ts). No script of the portal reads a cookie, so every one
 * is HttpOnly; SameSite=Lax keeps them off other sites' posts and embeds while a link followed
 * from an SMS still arrives signed in; Secure wherever the portal is served over https.
 */

/** Whether cookies are Secure: the portal's address (PORTAL_URL) is https. */
export function secureCookies(portalUrl: string = env().PORTAL_URL): boolean {
  return portalUrl.startsWith("https://");
}

export type CookieOptions = { httpOnly: true; sameSite: "lax"; secure: boolean; path: "/"; maxAge?: number };

/** The options a cookie is set with, kept `maxAgeSeconds` when given (else for the browser's session). */
export function cookieOptions(maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** The options that remove a cookie: the same attributes, expired at once. */
export function removedCookie(): CookieOptions & { maxAge: 0 } {
  return { ...cookieOptions(), maxAge: 0 };
}
