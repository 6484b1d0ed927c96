/**
 * Every server action asks one of these by name before it does anything. Actions open to the
 * public say so here, so that the list is the whole answer to "who may do what".
 */
export type Actor = { kind: "anonymous" } | { kind: "citizen"; citizenId: string };

export const can = {
  /** Anyone may tell an institution that its listing is wrong; limits and checks are in the action. */
  reportListingProblem: (actor: Actor) => actor.kind === "anonymous" || actor.kind === "citizen",
  /** Anyone may send feedback to an institution, signed in or anonymous; limits are in the action. */
  sendFeedback: (actor: Actor) => actor.kind === "anonymous" || actor.kind === "citizen",
  /** Signing in is for those not signed in; the NIDA verification decides who they are. */
  signIn: (actor: Actor) => actor.kind === "anonymous",
  /** A citizen sees and ends their own session only. */
  viewOwnAccount: (actor: Actor) => actor.kind === "citizen",
  signOut: (actor: Actor) => actor.kind === "citizen",
};

/** Who is calling: a signed-in citizen, or anonymous. */
export async function currentActor(): Promise<Actor> {
  const { currentCitizenId } = await import("@/lib/identity/auth");
  const citizenId = await currentCitizenId();
  return citizenId ? { kind: "citizen", citizenId } : { kind: "anonymous" };
}
