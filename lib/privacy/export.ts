import { asc, desc, eq, inArray, or } from "drizzle-orm";
import type { Database } from "@/db";
import {
  applicationDocuments,
  applicationEvents,
  applications,
  auditEvents,
  bills,
  citizenSessions,
  citizens,
  feedback,
  feedbackAttachments,
  institutions,
  payments,
  services,
} from "@/db/schema";
import { formatMinor } from "@/lib/payments/money";

/**
 * Everything the portal holds about one signed-in citizen (the Personal Data Protection Act,
 * 2022: the right to see one's data and to have a copy of it), as the citizen downloads it (JSON)
 * and as the page /account/data shows it. Hashes and keys that mean nothing outside the portal
 * are left out; the NIN itself is not held (only its last four digits).
 */
export type PersonalData = Awaited<ReturnType<typeof personalDataOf>>;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export async function personalDataOf(db: Database, citizenId: string) {
  const [profile] = await db
    .select({
      ninHash: citizens.ninHash,
      ninLast4: citizens.ninLast4,
      firstName: citizens.firstName,
      middleName: citizens.middleName,
      surname: citizens.surname,
      phoneMasked: citizens.phoneMasked,
      createdAt: citizens.createdAt,
      lastSignInAt: citizens.lastSignInAt,
    })
    .from(citizens)
    .where(eq(citizens.id, citizenId));
  if (!profile) return null;

  const sessions = await db
    .select({ createdAt: citizenSessions.createdAt, revokedAt: citizenSessions.revokedAt, nidaRecord: citizenSessions.nidaRecord })
    .from(citizenSessions)
    .where(eq(citizenSessions.citizenId, citizenId))
    .orderBy(desc(citizenSessions.createdAt));

  // The security record names a citizen by id once signed in, and by the NIN's keyed hash before.
  const signIns = await db
    .select({ at: auditEvents.at, action: auditEvents.action, outcome: auditEvents.outcome, detail: auditEvents.detail })
    .from(auditEvents)
    .where(or(eq(auditEvents.citizenId, citizenId), eq(auditEvents.subjectHash, profile.ninHash)))
    .orderBy(desc(auditEvents.at));

  const ownApplications = await db
    .select({
      id: applications.id,
      reference: applications.reference,
      serviceSw: services.nameSw,
      serviceEn: services.nameEn,
      status: applications.status,
      answers: applications.answers,
      identity: applications.identity,
      phone: applications.phone,
      locale: applications.locale,
      institutionReference: applications.institutionReference,
      createdAt: applications.createdAt,
      submittedAt: applications.submittedAt,
      finishedAt: applications.finishedAt,
    })
    .from(applications)
    .innerJoin(services, eq(services.id, applications.serviceId))
    .where(eq(applications.citizenId, citizenId))
    .orderBy(desc(applications.createdAt));
  const applicationIds = ownApplications.map((a) => a.id);
  const events =
    applicationIds.length === 0
      ? []
      : await db
          .select({
            applicationId: applicationEvents.applicationId,
            kind: applicationEvents.kind,
            status: applicationEvents.status,
            note: applicationEvents.note,
            question: applicationEvents.question,
            reasons: applicationEvents.reasons,
            text: applicationEvents.text,
            at: applicationEvents.at,
          })
          .from(applicationEvents)
          .where(inArray(applicationEvents.applicationId, applicationIds))
          .orderBy(asc(applicationEvents.at));
  const documents =
    applicationIds.length === 0
      ? []
      : await db
          .select({
            applicationId: applicationDocuments.applicationId,
            id: applicationDocuments.id,
            fileName: applicationDocuments.fileName,
            mimeType: applicationDocuments.mimeType,
            size: applicationDocuments.size,
            sha256: applicationDocuments.sha256,
            createdAt: applicationDocuments.createdAt,
          })
          .from(applicationDocuments)
          .where(inArray(applicationDocuments.applicationId, applicationIds))
          .orderBy(asc(applicationDocuments.createdAt));

  const ownBills = await db
    .select({
      id: bills.id,
      billId: bills.billId,
      descriptionSw: bills.descriptionSw,
      descriptionEn: bills.descriptionEn,
      amountMinor: bills.amountMinor,
      currency: bills.currency,
      state: bills.state,
      controlNumber: bills.controlNumber,
      payerName: bills.payerName,
      payerPhone: bills.payerPhone,
      createdAt: bills.createdAt,
      expiresAt: bills.expiresAt,
      paidAt: bills.paidAt,
    })
    .from(bills)
    .where(eq(bills.citizenId, citizenId))
    .orderBy(desc(bills.createdAt));
  const billIds = ownBills.map((b) => b.id);
  const ownPayments =
    billIds.length === 0
      ? []
      : await db
          .select({
            billId: payments.billId,
            receiptNumber: payments.receiptNumber,
            paidMinor: payments.paidMinor,
            currency: payments.currency,
            pspName: payments.pspName,
            pspReceipt: payments.pspReceipt,
            paidAt: payments.paidAt,
          })
          .from(payments)
          .where(inArray(payments.billId, billIds))
          .orderBy(asc(payments.paidAt));

  const ownFeedback = await db
    .select({
      reference: feedback.reference,
      kind: feedback.kind,
      institutionSw: institutions.nameSw,
      institutionEn: institutions.nameEn,
      subject: feedback.subject,
      message: feedback.message,
      senderName: feedback.senderName,
      senderPhone: feedback.senderPhone,
      status: feedback.status,
      replyText: feedback.replyText,
      repliedAt: feedback.repliedAt,
      createdAt: feedback.createdAt,
      attachment: feedbackAttachments.fileName,
    })
    .from(feedback)
    .innerJoin(institutions, eq(institutions.id, feedback.institutionId))
    .leftJoin(feedbackAttachments, eq(feedbackAttachments.feedbackId, feedback.id))
    .where(eq(feedback.citizenId, citizenId))
    .orderBy(desc(feedback.createdAt));

  return {
    profile: {
      ninEnding: profile.ninLast4,
      firstName: profile.firstName,
      middleName: profile.middleName,
      surname: profile.surname,
      phone: profile.phoneMasked,
      firstSignIn: iso(profile.createdAt),
      lastSignIn: iso(profile.lastSignInAt),
    },
    sessions: sessions.map((s) => ({
      started: iso(s.createdAt),
      signedOut: iso(s.revokedAt),
      // The NIDA record a live session keeps for filling forms (wiped when it ends).
      nidaRecord: s.nidaRecord ?? null,
    })),
    securityRecord: signIns.map((e) => ({ at: iso(e.at), action: e.action, outcome: e.outcome, detail: e.detail })),
    applications: ownApplications.map((a) => ({
      reference: a.reference,
      service: { sw: a.serviceSw, en: a.serviceEn },
      status: a.status,
      started: iso(a.createdAt),
      submitted: iso(a.submittedAt),
      finished: iso(a.finishedAt),
      institutionReference: a.institutionReference,
      answers: a.answers,
      nidaFacts: a.identity ?? null,
      phone: a.phone,
      timeline: events
        .filter((e) => e.applicationId === a.id)
        .map((e) => ({
          at: iso(e.at),
          kind: e.kind,
          status: e.status,
          note: e.note,
          question: e.question,
          reasons: e.reasons,
          text: e.text,
        })),
      documents: documents
        .filter((d) => d.applicationId === a.id)
        .map((d) => ({ fileName: d.fileName, type: d.mimeType, bytes: d.size, sha256: d.sha256, added: iso(d.createdAt) })),
    })),
    bills: ownBills.map((b) => ({
      billId: b.billId,
      description: { sw: b.descriptionSw, en: b.descriptionEn },
      amount: `${b.currency} ${formatMinor(b.amountMinor)}`,
      // As the bill page says it: an issued bill past its date is expired.
      state: b.state === "issued" && b.expiresAt <= new Date() ? ("expired" as const) : b.state,
      controlNumber: b.controlNumber,
      payerName: b.payerName,
      payerPhone: b.payerPhone,
      created: iso(b.createdAt),
      expires: iso(b.expiresAt),
      paid: iso(b.paidAt),
      payments: ownPayments
        .filter((p) => p.billId === b.id)
        .map((p) => ({
          receiptNumber: p.receiptNumber,
          amount: `${p.currency} ${formatMinor(p.paidMinor)}`,
          paidThrough: p.pspName,
          theirReceipt: p.pspReceipt,
          paid: iso(p.paidAt),
        })),
    })),
    feedback: ownFeedback.map((f) => ({
      reference: f.reference,
      kind: f.kind,
      institution: { sw: f.institutionSw, en: f.institutionEn },
      subject: f.subject,
      message: f.message,
      name: f.senderName,
      phone: f.senderPhone,
      attachment: f.attachment,
      status: f.status,
      reply: f.replyText,
      answered: iso(f.repliedAt),
      sent: iso(f.createdAt),
    })),
  };
}
