import { and, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db";
import {
  applicationDocuments,
  applications,
  auditEvents,
  bills,
  citizenSessions,
  citizens,
  feedback,
  feedbackAttachments,
} from "@/db/schema";
import { DRAFT_DAYS } from "@/lib/applications/applications";
import { storeFor } from "@/lib/applications/documents";
import { SESSION_HOURS } from "@/lib/identity/nida-record";
import { eraseCitizen } from "./erasure";

/**
 * How long the portal keeps what it holds about people: one list, read by the scheduled clean-up
 * below (run every quarter of an hour with the rest of lib/maintenance.ts) and by the privacy
 * notice, so that what the notice says is what happens. Counted in days unless named otherwise.
 */
export const RETENTION = {
  /** A sign-in under way (the NIN, the phone, the code): deleted when it expires. */
  signInMinutes: 15,
  /** A signed-in session lasts at most this long; its copy of the NIDA record goes when it ends. */
  sessionHours: SESSION_HOURS,
  /** The record that a session existed, kept after it ended so that a copied cookie stays refused. */
  endedSessionDays: 30,
  /** Sign-ins, sign-outs, failures and erasures (hashes, no NIN or address): the security record. */
  auditDays: 365,
  /** A draft application not saved for this long is deleted whole. */
  draftDays: DRAFT_DAYS,
  /** A finished application's documents: the institution has its copy; the citizen can download theirs until then. */
  finishedDocumentDays: 90,
  /** A finished application (answers and timeline) is deleted whole after this. */
  finishedApplicationDays: 730,
  /** Name, phone and attachment given with feedback: cleared this long after it was answered or closed… */
  feedbackContactDays: 90,
  /** …and in any case this long after it was sent. */
  feedbackContactMaxDays: 365,
  /** The payer's phone on a bill (for its SMS): cleared this long after the bill is paid, closed or expired. */
  billPhoneDays: 30,
  /** An account not signed in to for this long is erased as if its holder had asked. */
  inactiveDays: 730,
} as const;

/** How many rows each rule removed or cleared in one run (for the log and the tests). */
export type RetentionRun = Record<
  "sessions" | "auditEvents" | "documents" | "applications" | "feedbackContacts" | "billPhones" | "inactiveAccounts" | "erasuresFinished",
  number
>;

const olderThan = (column: Parameters<typeof lt>[0], days: number) => sql`${column} < now() - make_interval(days => ${days})`;

/** Sessions that ended (signed out, or past their last hour) more than endedSessionDays ago. */
export async function pruneEndedSessions(db: Database): Promise<number> {
  const gone = await db
    .delete(citizenSessions)
    .where(
      or(
        olderThan(citizenSessions.revokedAt, RETENTION.endedSessionDays),
        sql`${citizenSessions.createdAt} < now() - make_interval(hours => ${RETENTION.sessionHours}) - make_interval(days => ${RETENTION.endedSessionDays})`,
      ),
    )
    .returning({ id: citizenSessions.id });
  return gone.length;
}

export async function pruneAuditEvents(db: Database): Promise<number> {
  const gone = await db.delete(auditEvents).where(olderThan(auditEvents.at, RETENTION.auditDays)).returning({ id: auditEvents.id });
  return gone.length;
}

/** Deletes these documents' rows and then their bytes (a folder's files once the rows are gone). */
async function deleteDocuments(db: Database, where: SQL | undefined): Promise<number> {
  const documents = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: applicationDocuments.id, store: applicationDocuments.store })
      .from(applicationDocuments)
      .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
      .where(where);
    if (rows.length > 0)
      await tx.delete(applicationDocuments).where(
        inArray(
          applicationDocuments.id,
          rows.map((row) => row.id),
        ),
      );
    return rows;
  });
  for (const document of documents) await storeFor(document.store).remove(document.id);
  return documents.length;
}

/** The documents of applications finished more than finishedDocumentDays ago. */
export async function pruneFinishedDocuments(db: Database): Promise<number> {
  return deleteDocuments(db, and(isNotNull(applications.finishedAt), olderThan(applications.finishedAt, RETENTION.finishedDocumentDays)));
}

/** Applications finished more than finishedApplicationDays ago, whole (their documents went before). */
export async function pruneFinishedApplications(db: Database): Promise<number> {
  const stale = and(isNotNull(applications.finishedAt), olderThan(applications.finishedAt, RETENTION.finishedApplicationDays));
  await deleteDocuments(db, stale);
  const gone = await db.delete(applications).where(stale).returning({ id: applications.id });
  return gone.length;
}

/** The name, phone and attachment of feedback answered or closed feedbackContactDays ago, or sent feedbackContactMaxDays ago. */
export async function clearFeedbackContacts(db: Database): Promise<number> {
  const due = or(
    and(inArray(feedback.status, ["answered", "closed"]), olderThan(feedback.updatedAt, RETENTION.feedbackContactDays)),
    olderThan(feedback.createdAt, RETENTION.feedbackContactMaxDays),
  );
  return db.transaction(async (tx) => {
    const cleared = await tx
      .update(feedback)
      .set({ senderName: null, senderPhone: null })
      .where(and(due, or(isNotNull(feedback.senderName), isNotNull(feedback.senderPhone))))
      .returning({ id: feedback.id });
    const attachments = await tx
      .delete(feedbackAttachments)
      .where(inArray(feedbackAttachments.feedbackId, tx.select({ id: feedback.id }).from(feedback).where(due)))
      .returning({ id: feedbackAttachments.feedbackId });
    return new Set([...cleared, ...attachments].map((row) => row.id)).size;
  });
}

/** The payer's phone on bills paid, refused or cancelled, or expired, billPhoneDays ago. */
export async function clearBillPhones(db: Database): Promise<number> {
  const cleared = await db
    .update(bills)
    .set({ payerPhone: null })
    .where(
      and(
        isNotNull(bills.payerPhone),
        or(
          and(
            inArray(bills.state, ["paid", "failed", "cancelled"]),
            olderThan(sql`coalesce(${bills.paidAt}, ${bills.createdAt})`, RETENTION.billPhoneDays),
          ),
          olderThan(bills.expiresAt, RETENTION.billPhoneDays),
        ),
      ),
    )
    .returning({ id: bills.id });
  return cleared.length;
}

/** Accounts not signed in to for inactiveDays: erased as on request (a hundred a run). */
export async function eraseInactiveAccounts(db: Database): Promise<number> {
  const idle = await db
    .select({ id: citizens.id })
    .from(citizens)
    .where(
      and(isNull(citizens.erasedAt), olderThan(sql`coalesce(${citizens.lastSignInAt}, ${citizens.createdAt})`, RETENTION.inactiveDays)),
    )
    .limit(100);
  for (const { id } of idle) await eraseCitizen(db, id, "inactive");
  return idle.length;
}

/**
 * An erasure waits for what had to stay: an application the institution was still deciding is
 * deleted once finished, and the account row itself once no bill or application names it.
 */
export async function finishErasures(db: Database): Promise<number> {
  const erased = db.select({ id: citizens.id }).from(citizens).where(isNotNull(citizens.erasedAt));
  const finished = and(inArray(applications.citizenId, erased), or(isNotNull(applications.finishedAt), eq(applications.status, "draft")));
  await deleteDocuments(db, finished);
  const gone = await db.delete(applications).where(finished).returning({ id: applications.id });
  await db
    .delete(citizens)
    .where(
      and(
        isNotNull(citizens.erasedAt),
        sql`not exists (select 1 from ${bills} where ${bills.citizenId} = ${citizens.id})`,
        sql`not exists (select 1 from ${applications} where ${applications.citizenId} = ${citizens.id})`,
      ),
    );
  return gone.length;
}

/** Every rule above, in turn. */
export async function enforceRetention(db: Database): Promise<RetentionRun> {
  return {
    sessions: await pruneEndedSessions(db),
    auditEvents: await pruneAuditEvents(db),
    documents: await pruneFinishedDocuments(db),
    applications: await pruneFinishedApplications(db),
    feedbackContacts: await clearFeedbackContacts(db),
    billPhones: await clearBillPhones(db),
    inactiveAccounts: await eraseInactiveAccounts(db),
    erasuresFinished: await finishErasures(db),
  };
}
