/**
 * Every server action asks one of these by name before it does anything. Actions open to the
 * public say so here, so that the list is the whole answer to "who may do what".
 */
export type StaffActor = { kind: "staff"; staffId: string; role: "admin" | "publisher" | "editor"; institutionId: string | null };
export type Actor = { kind: "anonymous" } | { kind: "citizen"; citizenId: string } | StaffActor;

/** Staff of the institution (editors and publishers), or an administrator, who answers for all. */
const staffOf = (actor: Actor, institutionId: string): actor is StaffActor =>
  actor.kind === "staff" && (actor.role === "admin" || actor.institutionId === institutionId);
/** A publisher of the institution, or an administrator. */
const publisherOf = (actor: Actor, institutionId: string): actor is StaffActor =>
  actor.kind === "staff" && (actor.role === "admin" || (actor.role === "publisher" && actor.institutionId === institutionId));
const administrator = (actor: Actor): actor is StaffActor => actor.kind === "staff" && actor.role === "admin";

export const can = {
  /** Anyone may tell an institution that its listing is wrong; limits and checks are in the action. */
  reportListingProblem: (actor: Actor) => actor.kind === "anonymous" || actor.kind === "citizen",
  /** Anyone may send feedback to an institution, signed in or anonymous; limits are in the action. */
  sendFeedback: (actor: Actor) => actor.kind === "anonymous" || actor.kind === "citizen",
  /** "SMS me this" on a service page: a service's details to a phone, for anyone (limited per phone and address). */
  requestServiceSms: (actor: Actor) => actor.kind === "anonymous" || actor.kind === "citizen",
  /** Signing in is for those not signed in; NIDA (citizens) or a password and a code (staff) decide who they are. */
  signIn: (actor: Actor) => actor.kind === "anonymous",
  /** A citizen sees and ends their own session only. */
  viewOwnAccount: (actor: Actor) => actor.kind === "citizen",
  signOut: (actor: Actor) => actor.kind === "citizen",
  /** A citizen sees and downloads everything held about them, and theirs only (lib/privacy/export.ts). */
  viewOwnData: (actor: Actor) => actor.kind === "citizen",
  /** A citizen asks for their own data to be erased, and theirs only (lib/privacy/erasure.ts). */
  eraseOwnData: (actor: Actor) => actor.kind === "citizen",
  /** Bills are made for signed-in citizens only: GePG needs a payer, and receipts an owner. */
  payFee: (actor: Actor) => actor.kind === "citizen",
  /** A citizen sees their own bills and receipts only (checked by owner in the query too). */
  viewOwnPayments: (actor: Actor) => actor.kind === "citizen",
  /** Applying online: signed-in citizens only (the form is filled from their NIDA record); their own applications only. */
  apply: (actor: Actor) => actor.kind === "citizen",

  // The editorial area. Editors draft; publishers review, publish and withdraw; both only for
  // their own institution. Administrators may do everything, everywhere.
  useEditorialArea: (actor: Actor) => actor.kind === "staff",
  viewListings: staffOf,
  editDraft: staffOf,
  submitForReview: staffOf,
  importListings: staffOf,
  exportListings: staffOf,
  viewProblemReports: staffOf,
  handleProblemReport: staffOf,
  publishListing: publisherOf,
  returnToDraft: publisherOf,
  withdrawListing: publisherOf,
  setMaintenanceNotice: publisherOf,
  confirmStillCorrect: publisherOf,
  /** Confirming or correcting a listing's facts one by one (lib/editorial/facts.ts). */
  confirmFacts: publisherOf,
  manageStaff: administrator,
  /** Setting up a staff account (a password, an authenticator) is for whoever holds its one-time link: the link is the permission. */
  setUpStaffAccount: () => true,
  viewAuditLog: administrator,
  /** Sectors and life events: the ways into the whole catalogue. */
  manageTopics: administrator,
  /** "Most used" on the home page: pinning services into it, in an order, and hiding services from it. */
  manageMostUsed: administrator,
  /** Payment operations: stuck and refused bills, dead-lettered deliveries, reconciliation. */
  operatePayments: administrator,
  /** The job queue's dead letters of every kind (SMS, feedback, bills): seeing them, sending them again, dismissing them. */
  operateQueue: administrator,
  /** Only an administrator may move a listing to another institution. */
  moveListing: administrator,
  /** An institution's online applications, statuses and timelines (read-only): its publishers, and administrators. */
  // Application forms are kept like listings: editors draft them (editDraft, submitForReview),
  // publishers publish and withdraw them (publishListing, withdrawListing).
  viewApplications: publisherOf,
  /** Coverage of the catalogue, institution by institution. */
  viewCoverage: administrator,
};
