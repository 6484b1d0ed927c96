import "server-only";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
// next-auth's own error class (it re-exports it), taken from its core so that this file loads
// without Next.js's runtime (lib/http/cookies.test.ts reads the configuration).
import { CredentialsSignin } from "@auth/core/errors";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { secureCookies } from "@/lib/http/cookies";
import { authSecret } from "@/lib/keys";
import { consumeProof, sessionIsActive } from "./sign-in";

/** The citizens' next-auth configuration, read when a request needs it (its cookies: lib/http/cookies.ts). */
export function citizenAuthConfig(): NextAuthConfig {
  const config = env();
  return {
    secret: authSecret(),
    // Behind the load balancer the host comes from the request; PORTAL_URL says whether it is https.
    trustHost: true,
    // Every cookie of next-auth's (session, CSRF, callback address) HttpOnly and SameSite=Lax, Secure over https.
    useSecureCookies: secureCookies(config.PORTAL_URL),
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
}
