import "server-only";
import { decode, encode } from "next-auth/jwt";

/**
 * Sliding sessions: next-auth renews its cookie only where it handles the request itself, which
 * a page rendered on the server is not. The proxy calls this on each page request, so that a
 * citizen's session lasts SESSION_IDLE_MINUTES after their last page, not after signing in.
 */

export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/** The renewed cookie value, or null when there is nothing (valid) to renew or it is fresh. */
/** However active, a session is not renewed past this long after signing in. */
export const SESSION_LIFETIME_SECONDS = 12 * 3600;

export async function renewedSession(
  cookieValue: string | undefined,
  options: { secret: string; secure: boolean; maxAgeSeconds: number; renewAfterSeconds?: number; now?: number },
): Promise<string | null> {
  if (!cookieValue) return null;
  const salt = sessionCookieName(options.secure);
  const token = await decode({ token: cookieValue, secret: options.secret, salt }).catch(() => null);
  const issuedAt = typeof token?.iat === "number" ? token.iat : undefined;
  if (!token || issuedAt === undefined) return null;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (now - issuedAt < (options.renewAfterSeconds ?? 60)) return null;
  const signedInAt = typeof token.authTime === "number" ? token.authTime : issuedAt;
  if (now - signedInAt > SESSION_LIFETIME_SECONDS) return null;
  // encode() stamps a new issue time, expiry and id; the rest of the token is kept as it was.
  const claims = Object.fromEntries(Object.entries(token).filter(([key]) => !["iat", "exp", "jti"].includes(key)));
  return encode({ token: claims, secret: options.secret, salt, maxAge: options.maxAgeSeconds });
}

/** Who a session cookie names (its subject), or null when there is no valid one. */
export async function sessionSubject(
  cookieValue: string | undefined,
  options: { secret: string; secure: boolean },
): Promise<string | null> {
  if (!cookieValue) return null;
  const token = await decode({ token: cookieValue, secret: options.secret, salt: sessionCookieName(options.secure) }).catch(() => null);
  if (!token || typeof token.sub !== "string") return null;
  if (typeof token.exp === "number" && token.exp * 1000 < Date.now()) return null;
  return token.sub;
}
