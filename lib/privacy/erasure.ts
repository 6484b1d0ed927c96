import { and, count, eq, inArray, isNotNull, isNull, ne, or } from "drizzle-orm";
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
  signInProofs,
} from "@/db/schema";
import { storeFor } from "@/lib/applications/documents";

/**
 * Erasure (the Personal Data Protection Act, 2022: a data subject may ask for data no longer
 * needed to be erased). What goes at once: the name and masked phone on the account, drafts and
 * finished applications with their documents, every session (signed out everywhere), the link
 * from feedback to the account, and the name, phone and attachment of feedback already answered.
 * What the law lets us keep, and why: bills and receipts (records of public money, and the
 * payer's name on them); applications an institution is still deciding (deleted once finished,
 * by lib/privacy/retention.ts finishErasures); the security record of sign-ins (hashes only,
 * RETENTION.auditDays); feedback not yet answered keeps its contact until the answer is sent.
 */

export type ErasureReason = "request" | "inactive";

/** What an erasure would delete and what it would keep: the erase page shows it before asking. */
export type ErasurePlan = {
  deleted: { applications: number; documents: number; feedback: number; sessions: number };
  kept: { bills: number; applicationsInProgress: number; feedbackOpen: number };
};

const gone = or(isNotNull(applications.finishedAt), eq(applications.status, "draft"));

export async function erasurePlan(db: Database, citizenId: string): Promise<ErasurePlan> {
  const mine = eq(applications.citizenId, citizenId);
  const [[apps], [documents], [inProgress], [answered], [open], [sessions], [billCount]] = await Promise.all([
    db.select({ n: count() }).from(applications).where(and(mine, gone)),
    db
      .select({ n: count() })
      .from(applicationDocuments)
      .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
      .where(and(mine, gone)),
    db
      .select({ n: count() })
      .from(applications)
      .where(and(mine, isNull(applications.finishedAt), ne(applications.status, "draft"))),
    db
      .select({ n: count() })
      .from(feedback)
      .where(and(eq(feedback.citizenId, citizenId), inArray(feedback.status, ["answered", "closed"]))),
    db
      .select({ n: count() })
      .from(feedback)
      .where(and(eq(feedback.citizenId, citizenId), inArray(feedback.status, ["received", "delivered", "acknowledged"]))),
    db.select({ n: count() }).from(citizenSessions).where(eq(citizenSessions.citizenId, citizenId)),
    db.select({ n: count() }).from(bills).where(eq(bills.citizenId, citizenId)),
  ]);
  return {
    deleted: { applications: apps!.n, documents: documents!.n, feedback: answered!.n, sessions: sessions!.n },
    kept: { bills: billCount!.n, applicationsInProgress: inProgress!.n, feedbackOpen: open!.n },
  };
}

/**
 * Erases what is not needed any more, in one transaction, and says so in the audit record. The
 * account row goes too when nothing that must stay names it; otherwise it keeps the NIN's hash
 * alone, so that the bills stay the citizen's (signing in again shows them).
 */
export async function eraseCitizen(db: Database, citizenId: string, reason: ErasureReason): Promise<ErasurePlan> {
  const plan = await erasurePlan(db, citizenId);
  const documents = await db.transaction(async (tx) => {
    const mine = and(eq(applications.citizenId, citizenId), gone);
    const files = await tx
      .select({ id: applicationDocuments.id, store: applicationDocuments.store })
      .from(applicationDocuments)
      .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
      .where(mine);
    await tx.delete(applications).where(mine);
    const answered = and(eq(feedback.citizenId, citizenId), inArray(feedback.status, ["answered", "closed"]));
    await tx
      .delete(feedbackAttachments)
      .where(inArray(feedbackAttachments.feedbackId, tx.select({ id: feedback.id }).from(feedback).where(answered)));
    await tx.update(feedback).set({ senderName: null, senderPhone: null, citizenId: null }).where(answered);
    await tx.update(feedback).set({ citizenId: null }).where(eq(feedback.citizenId, citizenId));
    await tx.delete(citizenSessions).where(eq(citizenSessions.citizenId, citizenId));
    await tx.delete(signInProofs).where(eq(signInProofs.citizenId, citizenId));
    const [{ n: remaining }] = (await tx.select({ n: count() }).from(applications).where(eq(applications.citizenId, citizenId))) as [
      { n: number },
    ];
    if (plan.kept.bills === 0 && remaining === 0) await tx.delete(citizens).where(eq(citizens.id, citizenId));
    else
      await tx
        .update(citizens)
        .set({ firstName: "", middleName: "", surname: "", phoneMasked: null, erasedAt: new Date() })
        .where(eq(citizens.id, citizenId));
    await tx.insert(auditEvents).values({ action: "privacy_erasure", outcome: reason, citizenId });
    return files;
  });
  // The rows went with the transaction; a folder's files go once that is committed.
  for (const document of documents) await storeFor(document.store).remove(document.id);
  return plan;
}
