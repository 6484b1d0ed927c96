import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { authSecret } from "@/lib/keys";
import type { Locale } from "@/lib/i18n/config";
import { can, type Actor, type StaffActor } from "@/lib/security/permissions";
import { staffCookieName } from "./cookie";
import { activeStaffSession, consumeStaffProof, type StaffRole } from "./accounts";
import { safeStaffReturn } from "./pages";
import { markPersonal } from "@/lib/http/request-context.mjs";

/**
 * Staff sessions: a next-auth instance of their own, with its own cookie, provider and idle
 * timeout, so that a citizen's session and an editor's never mix (an editor is also a citizen).
 * The provider accepts only the single-use proof made by a right password and authenticator code.
 * The token carries the role claims; they are read again from the account on every request, so
 * a changed role, a reset or a disabled account counts at once.
 */

export const {
  handlers: staffHandlers,
  auth: staffAuth,
  signIn: staffSignIn,
  signOut: staffSignOut,
} = NextAuth(() => {
  const config = env();
  const secure = config.PORTAL_URL.startsWith("https://");
  return {
    secret: authSecret(),
    basePath: "/api/staff-auth",
    trustHost: true,
    useSecureCookies: secure,
    cookies: {
      sessionToken: { name: staffCookieName(secure), options: { httpOnly: true, sameSite: "lax", path: "/", secure } },
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
});

export type StaffIdentity = { id: string; name: string; role: StaffRole; institutionId: string | null; sessionId: string };

/** The signed-in staff member, or null. */
export async function currentStaff(): Promise<StaffIdentity | null> {
  const session = (await staffAuth()) as { staff?: StaffIdentity } | null;
  const member = session?.staff;
  if (!member?.id || !member.role) return null;
  // A page rendered for staff is never kept for others (lib/http/page-cache.mjs).
  markPersonal();
  return member;
}

/** Who is calling the editorial area: a signed-in staff member, or anonymous. */
export async function currentStaffActor(): Promise<Actor> {
  const member = await currentStaff();
  return member ? { kind: "staff", staffId: member.id, role: member.role, institutionId: member.institutionId } : { kind: "anonymous" };
}

/** A staff page's first line: the signed-in staff member, or off to the sign-in page and back. */
export async function requireStaff(locale: Locale, here: string): Promise<StaffActor> {
  const actor = await currentStaffActor();
  if (!can.useEditorialArea(actor) || actor.kind !== "staff") {
    redirect(`/${locale}/staff/sign-in?return=${encodeURIComponent(safeStaffReturn(locale, here))}`);
  }
  return actor;
}
