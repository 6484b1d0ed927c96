import "server-only";
import type { PgBoss } from "pg-boss";
import { randomInt } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db";
import { feedback, feedbackAttachments, feedbackUpdates, institutions, services } from "@/db/schema";
import { pushFeedback, type EmrejeshoConfig, type FeedbackPush, type FeedbackUpdate } from "@/lib/integrations/emrejesho/client";
import { GovesbError } from "@/lib/integrations/govesb/client";
import { defaultLocale, isLocale } from "@/lib/i18n/config";
import { DeliveryError } from "@/lib/jobs/errors";
import { inTransaction, queueFor, QUEUES, traced } from "@/lib/jobs/queue";
import { queueSms } from "@/lib/notifications/sms";
import { fitOneSms, shortLink, smsText } from "@/lib/notifications/sms-text";
import type { FeedbackKind } from "./feedback-schema";
import { normaliseReference } from "./reference";

/**
 * Feedback to any public institution: stored here with a reference at once, then handed to
 * e-Mrejesho through GovESB by a job of the queue, so that nothing is lost while the bus is down.
 */

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O or 1/I to misread

export function newReference(): string {
  const part = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join("");
  return `MRJ-${part()}-${part()}`;
}

export type NewFeedback = {
  kind: FeedbackKind;
  institutionId: string;
  serviceId: string | null;
  subject: string;
  message: string;
  senderName: string | null;
  senderPhone: string | null; // international form, 255…
  citizenId: string | null;
  locale: "sw" | "en";
  attachment: { fileName: string; mimeType: string; content: Buffer } | null;
};

/** The job that hands one submission to e-Mrejesho: it names the submission, which stays in the feedback table. */
export const feedbackJob = z.object({ feedbackId: z.uuid() });
export type FeedbackJob = z.infer<typeof feedbackJob>;

/** Stores the submission, its hand-off and its SMS in one transaction; returns the reference. */
export async function submitFeedback(db: Database, input: NewFeedback, queue?: PgBoss): Promise<string> {
  // A caller inside a transaction of its own (a USSD step) passes its process's queue.
  const boss = queue ?? (await queueFor(db));
  for (let attempt = 0; ; attempt++) {
    const reference = newReference();
    try {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(feedback)
          .values({
            reference,
            kind: input.kind,
            institutionId: input.institutionId,
            serviceId: input.serviceId,
            subject: input.subject,
            message: input.message,
            senderName: input.senderName,
            senderPhone: input.senderPhone,
            citizenId: input.citizenId,
            locale: input.locale,
          })
          .returning({ id: feedback.id });
        if (input.attachment) await tx.insert(feedbackAttachments).values({ feedbackId: row!.id, ...input.attachment });
        // The job's id is the submission's: it is handed over once, whatever happens.
        await boss.send(QUEUES.emrejeshoPush, traced({ feedbackId: row!.id } satisfies FeedbackJob), { id: row!.id, ...inTransaction(tx) });
        if (input.senderPhone)
          await queueSms(tx, boss, {
            to: input.senderPhone,
            message: smsText(input.locale, "feedbackReceived", { reference, link: shortLink(input.locale, "f", reference) }),
          });
      });
      return reference;
    } catch (error) {
      // A reference drawn twice (1 in 10^12) is drawn again; anything else is a real failure.
      const cause = (error as { cause?: { code?: string; constraint?: string } }).cause;
      if (attempt < 2 && cause?.code === "23505" && cause.constraint === "feedback_reference_unique") continue;
      throw error;
    }
  }
}

const kinds: Record<FeedbackKind, FeedbackPush["Kind"]> = {
  complaint: "COMPLAINT",
  suggestion: "SUGGESTION",
  inquiry: "INQUIRY",
  compliment: "COMPLIMENT",
};

/** One delivery of a submission to e-Mrejesho, run by the queue's worker. */
export async function deliverFeedback(db: Database, config: EmrejeshoConfig, feedbackId: string): Promise<void> {
  const [row] = await db
    .select({
      feedback,
      institutionSlug: institutions.slug,
      institutionName: institutions.nameEn,
      serviceName: services.nameEn,
    })
    .from(feedback)
    .innerJoin(institutions, eq(feedback.institutionId, institutions.id))
    .leftJoin(services, eq(feedback.serviceId, services.id))
    .where(eq(feedback.id, feedbackId));
  if (!row) throw new DeliveryError("feedback no longer exists", true);
  const [attachment] = await db.select().from(feedbackAttachments).where(eq(feedbackAttachments.feedbackId, feedbackId));
  const item = row.feedback;
  const anonymous = !item.senderName && !item.senderPhone;
  try {
    await pushFeedback(config, {
      PortalReference: item.reference,
      Kind: kinds[item.kind],
      Institution: { Code: row.institutionSlug, Name: row.institutionName },
      Service: item.serviceId && row.serviceName ? { Id: item.serviceId, Name: row.serviceName } : null,
      Subject: item.subject,
      Message: item.message,
      Language: item.locale === "en" ? "en" : "sw",
      Sender: anonymous ? null : { Name: item.senderName, Phone: item.senderPhone },
      Attachment: attachment
        ? { FileName: attachment.fileName, MimeType: attachment.mimeType, Base64: attachment.content.toString("base64") }
        : null,
      SubmittedAt: item.createdAt.toISOString(),
    });
  } catch (error) {
    // Only e-Mrejesho's own refusal of the submission is final; a refused token, a bus that
    // forgot it after a restart, an unsigned answer: all are retried until the bus takes it.
    if (error instanceof GovesbError) throw new DeliveryError(error.message, error.kind === "rejected");
    throw error;
  }
  await db
    .update(feedback)
    .set({ status: "delivered", updatedAt: sql`now()` })
    .where(and(eq(feedback.id, feedbackId), eq(feedback.status, "received")));
}

const order = ["received", "delivered", "acknowledged", "answered", "closed"] as const;
const statusOf: Record<FeedbackUpdate["Status"], (typeof order)[number]> = {
  ACKNOWLEDGED: "acknowledged",
  ANSWERED: "answered",
  CLOSED: "closed",
};

/**
 * An update from e-Mrejesho, applied once: a repeated update id changes nothing, and a status
 * never moves backwards (an acknowledgement arriving after the answer does not undo it).
 *
 * The institution's answer reaches the citizen by SMS too, when they left a phone number: once
 * per answer, that is for an ANSWERED or CLOSED update whose reply the portal did not have yet
 * (the same reply repeated with the closure, an acknowledgement, a status without a reply or a
 * late older reply send nothing). The SMS is queued in the update's transaction.
 */
export async function applyUpdate(db: Database, update: FeedbackUpdate): Promise<"applied" | "repeated" | "unknown"> {
  const boss = await queueFor(db);
  return db.transaction(async (tx) => {
    // Locked: two updates arriving together are applied one after the other, never interleaved.
    const [item] = await tx.select().from(feedback).where(eq(feedback.reference, update.PortalReference)).for("update");
    if (!item) return "unknown";
    const status = statusOf[update.Status];
    const [fresh] = await tx
      .insert(feedbackUpdates)
      .values({ updateId: update.UpdateId, feedbackId: item.id, status })
      .onConflictDoNothing()
      .returning({ updateId: feedbackUpdates.updateId });
    if (!fresh) return "repeated";
    const forward = order.indexOf(status) > order.indexOf(item.status);
    // A late, older reply does not replace a newer one.
    const newerReply =
      update.Reply !== null && (forward || !item.repliedAt || new Date(update.Reply.At).getTime() > item.repliedAt.getTime());
    const answer =
      update.Reply !== null &&
      newerReply &&
      (update.Status === "ANSWERED" || update.Status === "CLOSED") &&
      update.Reply.Text !== item.replyText;
    await tx
      .update(feedback)
      .set({
        emrejeshoReference: item.emrejeshoReference ?? update.Reference,
        ...(forward ? { status } : {}),
        ...(newerReply && update.Reply
          ? { replyText: update.Reply.Text, replyBy: update.Reply.By, repliedAt: new Date(update.Reply.At) }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(feedback.id, item.id));
    if (answer && item.senderPhone) {
      const [institution] = await tx
        .select({ acronym: institutions.acronym, nameSw: institutions.nameSw, nameEn: institutions.nameEn })
        .from(institutions)
        .where(eq(institutions.id, item.institutionId));
      await queueSms(tx, boss, { to: item.senderPhone, message: answerSms(item, institution!) });
    }
    return "applied";
  });
}

/**
 * "The institution answered", in the language of the form the citizen wrote in, naming the
 * institution as people know it (its acronym, else its name cut to fit one SMS).
 */
function answerSms(
  item: { reference: string; locale: string },
  institution: { acronym: string | null; nameSw: string; nameEn: string },
): string {
  const locale = isLocale(item.locale) ? item.locale : defaultLocale;
  const name = institution.acronym || (locale === "en" ? institution.nameEn : institution.nameSw);
  const link = shortLink(locale, "f", item.reference);
  return fitOneSms((shown) => smsText(locale, "feedbackAnswered", { institution: shown, reference: item.reference, link }), name);
}

export type FeedbackView = {
  reference: string;
  kind: FeedbackKind;
  status: (typeof order)[number];
  subject: string;
  institution: { sw: string; en: string };
  emrejeshoReference: string | null;
  reply: { text: string; by: string | null; at: Date | null } | null;
  createdAt: Date;
};

function view(row: { feedback: typeof feedback.$inferSelect; nameSw: string; nameEn: string }): FeedbackView {
  const f = row.feedback;
  return {
    reference: f.reference,
    kind: f.kind,
    status: f.status,
    subject: f.subject,
    institution: { sw: row.nameSw, en: row.nameEn },
    emrejeshoReference: f.emrejeshoReference,
    reply: f.replyText ? { text: f.replyText, by: f.replyBy, at: f.repliedAt } : null,
    createdAt: f.createdAt,
  };
}

/**
 * What anyone holding the reference may see: never the sender's name or phone. The reference
 * may be typed loosely ("mrj dams trkn"); it is read in its canonical form.
 */
export async function feedbackByReference(db: Database, typed: string): Promise<FeedbackView | undefined> {
  const reference = normaliseReference(typed);
  if (!reference) return undefined;
  const [row] = await db
    .select({ feedback, nameSw: institutions.nameSw, nameEn: institutions.nameEn })
    .from(feedback)
    .innerJoin(institutions, eq(feedback.institutionId, institutions.id))
    .where(eq(feedback.reference, reference));
  return row ? view(row) : undefined;
}

export async function feedbackOfCitizen(db: Database, citizenId: string): Promise<FeedbackView[]> {
  const rows = await db
    .select({ feedback, nameSw: institutions.nameSw, nameEn: institutions.nameEn })
    .from(feedback)
    .innerJoin(institutions, eq(feedback.institutionId, institutions.id))
    .where(eq(feedback.citizenId, citizenId))
    .orderBy(desc(feedback.createdAt));
  return rows.map(view);
}
