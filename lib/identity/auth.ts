import "server-only";
import NextAuth from "next-auth";
import { safeAuthHandler } from "@/lib/security/auth-requests";
import type { Actor } from "@/lib/security/permissions";
import { citizenAuthConfig } from "./auth-config";
import { markPersonal } from "@/lib/http/request-context.mjs";

/**
 * Citizens' sessions (next-auth v5, JWT in an HttpOnly cookie). The only way in is the
 * "nin-proof" provider, which accepts nothing but a short-lived, single-use proof made by a
 * completed NIDA verification: the portal never learns or stores a password.
 */
const citizens = NextAuth(citizenAuthConfig);
export const { auth, signIn, signOut } = citizens;
/** next-auth's routes, never shown a callbackUrl it cannot read (lib/security/auth-requests.ts: a 500 otherwise). */
export const handlers = { GET: safeAuthHandler(citizens.handlers.GET), POST: safeAuthHandler(citizens.handlers.POST) };

/** The signed-in citizen's id, or null. */
export async function currentCitizenId(): Promise<string | null> {
  const session = await auth();
  const citizenId = session?.user?.id ?? null;
  // A page rendered for a citizen is never kept for others (lib/http/page-cache.mjs).
  if (citizenId) markPersonal();
  return citizenId;
}

/** Who is calling: a signed-in citizen, or anonymous. */
export async function currentActor(): Promise<Actor> {
  const citizenId = await currentCitizenId();
  return citizenId ? { kind: "citizen", citizenId } : { kind: "anonymous" };
}

/** The current session's id (for signing it out), or null. */
export async function currentSessionId(): Promise<string | null> {
  const session = (await auth()) as { sessionId?: string | null } | null;
  return session?.sessionId ?? null;
}
