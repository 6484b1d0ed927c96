/**
 * Every server action asks one of these by name before it does anything. Actions open to the
 * public say so here, so that the list is the whole answer to "who may do what".
 */
export type Actor = { kind: "anonymous" };

export const can = {
  /** Anyone may tell an institution that its listing is wrong; limits and checks are in the action. */
  reportListingProblem: (actor: Actor) => actor.kind === "anonymous",
};
