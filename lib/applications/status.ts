/**
 * Where an application stands, and the one rule of how it moves: only forward. In review and
 * information needed alternate (a question, the citizen's reply, review again): between those
 * two the later update wins. Rejected and completed are final.
 */

export const APPLICATION_STATUSES = [
  "draft",
  "awaiting_payment",
  "submitted",
  "sent",
  "received",
  "in_review",
  "information_needed",
  "approved",
  "rejected",
  "ready_for_collection",
  "completed",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

const rank: Record<ApplicationStatus, number> = {
  draft: 0,
  awaiting_payment: 1,
  submitted: 2,
  sent: 3,
  received: 4,
  in_review: 5,
  information_needed: 5,
  approved: 6,
  ready_for_collection: 7,
  completed: 8,
  rejected: 8,
};

export const FINISHED: readonly ApplicationStatus[] = ["completed", "rejected"];

/**
 * Whether an update to `next`, made by the institution at `at`, moves an application that is at
 * `current` (moved there by an update made at `lastAt`, if any).
 */
export function movesForward(current: ApplicationStatus, next: ApplicationStatus, at: Date, lastAt: Date | null): boolean {
  if (FINISHED.includes(current)) return false;
  if (rank[next] > rank[current]) return true;
  const later = lastAt === null || at.getTime() > lastAt.getTime();
  // In review ⇄ information needed: the later of the two. A later question while one is open
  // replaces it (the institution asks again, or asks something else).
  return rank[next] === 5 && rank[current] === 5 && later && (next !== current || next === "information_needed");
}

/** The statuses a citizen can still act on: answer pages, pay, or answer a question. */
export const citizenActs = (status: ApplicationStatus) =>
  status === "draft" || status === "awaiting_payment" || status === "information_needed";
