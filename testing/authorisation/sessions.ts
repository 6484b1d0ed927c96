import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { consumeProof } from "@/lib/identity/sign-in";
import type { Actor } from "@/lib/security/permissions";
import { consumeStaffProof } from "@/lib/staff/accounts";
import type { StaffIdentity } from "@/lib/staff/auth";

/*
 * The two session modules (lib/identity/auth.ts, lib/staff/auth.ts) as a signed-in browser meets
 * them, without next-auth's cookies: the caller is the cell's role. A citizen is anonymous to the
 * editorial area and a staff member to the citizens' pages, as their sessions are apart. Signing in
 * consumes the proof with the portal's own check, as next-auth's authorize does, then redirects.
 */

type Caller = {
  citizenActor(): Actor;
  citizenSession(): string | null;
  staffMember(): StaffIdentity | null;
};

export const caller: { current: Caller | null } = { current: null };
const now = () => {
  if (!caller.current) throw new Error("No caller: the matrix's world is not made yet.");
  return caller.current;
};

/** The proofs the sign-in providers accepted, newest last (who signed in, by which cell). */
export const signedIn: { kind: "citizen" | "staff"; id: string }[] = [];

const notHere = async () => new Response("next-auth is not loaded in the matrix\n", { status: 501 });

export const citizenAuth = {
  currentActor: async (): Promise<Actor> => now().citizenActor(),
  currentCitizenId: async (): Promise<string | null> => {
    const actor = now().citizenActor();
    return actor.kind === "citizen" ? actor.citizenId : null;
  },
  currentSessionId: async (): Promise<string | null> => now().citizenSession(),
  auth: async () => {
    const actor = now().citizenActor();
    return actor.kind === "citizen" ? { user: { id: actor.citizenId }, sessionId: now().citizenSession() } : null;
  },
  signIn: async (_provider: string, options: { proof: string; redirectTo: string }) => {
    const citizen = await consumeProof(await getDb(), options.proof);
    if (!citizen) throw new Error("CredentialsSignin: the proof was refused");
    signedIn.push({ kind: "citizen", id: citizen.id });
    redirect(options.redirectTo);
  },
  signOut: async (options: { redirectTo: string }) => redirect(options.redirectTo),
  handlers: { GET: notHere, POST: notHere },
};

export const staffAuth = {
  currentStaff: async (): Promise<StaffIdentity | null> => now().staffMember(),
  currentStaffActor: async (): Promise<Actor> => {
    const member = now().staffMember();
    return member ? { kind: "staff", staffId: member.id, role: member.role, institutionId: member.institutionId } : { kind: "anonymous" };
  },
  staffAuth: async () => {
    const member = now().staffMember();
    return member ? { staff: member } : null;
  },
  staffSignIn: async (_provider: string, options: { proof: string; redirectTo: string }) => {
    const member = await consumeStaffProof(await getDb(), options.proof);
    if (!member) throw new Error("CredentialsSignin: the proof was refused");
    signedIn.push({ kind: "staff", id: member.id });
    redirect(options.redirectTo);
  },
  staffSignOut: async (options: { redirectTo: string }) => redirect(options.redirectTo),
  staffHandlers: { GET: notHere, POST: notHere },
  requireStaff: async () => {
    throw new Error("requireStaff is for pages; no action or route handler calls it.");
  },
};
