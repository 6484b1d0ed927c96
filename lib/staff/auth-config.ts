import "server-only";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
// next-auth's own error class (it re-exports it), taken from its core so that this file loads
// without Next.js's runtime (lib/http/cookies.test.ts reads the configuration).
import { CredentialsSignin } from "@auth/core/errors";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { cookieOptions, secureCookies } from "@/lib/http/cookies";
import { authSecret } from "@/lib/keys";
import { staffCookieName } from "./cookie";
import { activeStaffSession, consumeStaffProof, type StaffRole } from "./accounts";

/** The staff's next-auth configuration, read when a request needs it (its cookies: lib/http/cookies.ts). */
export function staffAuthConfig(): NextAuthConfig {
  const config = env();
  const secure = secureCookies(config.PORTAL_URL);
  return {
    secret: authSecret(),
    basePath: "/api/staff-auth",
    trustHost: true,
    useSecureCookies: secure,
    cookies: {
      sessionToken: { name: staffCookieName(secure), options: cookieOptions() },
    },
    session: { strategy: "jwt", maxAge: config.STAFF_SESSION_IDLE_MINUTES * 60, updateAge: 60 },
    pages: { signIn: "/sw/staff/sign-in", error: "/sw/staff/sign-in" },
    providers: [
      Credentials({
        id: "staff-proof",
        name: "Staff",
        credentials: { proof: {} },
        async authorize(credentials) {
          const proof = typeof credentials?.proof === "string" ? credentials.proof : "";
          const member = await consumeStaffProof(await getDb(), proof);
          if (!member) throw new CredentialsSignin();
          return { id: member.id, name: member.name, role: member.role, institutionId: member.institutionId, sessionId: member.sessionId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const signedIn = user as { role?: StaffRole; institutionId?: string | null; sessionId?: string };
          token.authTime = Math.floor(Date.now() / 1000);
          token.sid = signedIn.sessionId;
          token.role = signedIn.role;
          token.institutionId = signedIn.institutionId ?? null;
          return token;
        }
        const member = await activeStaffSession(await getDb(), token.sid);
        if (!member) return null;
        return { ...token, role: member.role, institutionId: member.institutionId, name: member.name };
      },
      session({ session, token }) {
        return {
          ...session,
          staff: {
            id: token.sub ?? "",
            name: typeof token.name === "string" ? token.name : "",
            role: token.role as StaffRole,
            institutionId: (token.institutionId as string | null) ?? null,
            sessionId: typeof token.sid === "string" ? token.sid : "",
          },
        };
      },
    },
  };
}
