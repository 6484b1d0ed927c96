import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { authSecret } from "@/lib/keys";
import type { Actor } from "@/lib/security/permissions";
import { consumeProof, sessionIsActive } from "./sign-in";
import { markPersonal } from "@/lib/http/request-context.mjs";

/**
 * Citizens' sessions (next-auth v5, JWT in an HttpOnly cookie). The only way in is the
 * "nin-proof" provider, which accepts nothing but a short-lived, single-use proof made by a
 * completed NIDA verification: the portal never learns or stores a password.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = env();
  return {
    secret: authSecret(),
    // Behind the load balancer the host comes from the request; PORTAL_URL says whether it is https.
    trustHost: true,
    useSecureCookies: config.PORTAL_URL.startsWith("https://"),
    session: { strategy: "jwt", maxAge: config.SESSION_IDLE_MINUTES * 60, updateAge: 60 },
    pages: { signIn: "/sw/sign-in", error: "/sw/sign-in" },
    providers: [
      Credentials({
        id: "nin-proof",
        name: "NIDA",
        credentials: { proof: {} },
        async authorize(credentials) {
          const proof = typeof credentials?.proof === "string" ? credentials.proof : "";
          const citizen = await consumeProof(await getDb(), proof);
          if (!citizen) throw new CredentialsSignin();
          return { id: citizen.id, name: citizen.name, sessionId: citizen.sessionId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          // When the citizen signed in: however active, a session ends 12 hours after it.
          token.authTime = Math.floor(Date.now() / 1000);
          token.sid = (user as { sessionId?: string }).sessionId;
          return token;
        }
        // A session signed out elsewhere (or its copied cookie) is refused.
        return (await sessionIsActive(await getDb(), token.sid)) ? token : null;
      },
      session({ session, token }) {
        if (token.sub) session.user = { ...session.user, id: token.sub };
        return { ...session, sessionId: typeof token.sid === "string" ? token.sid : null };
      },
    },
  };
});

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
