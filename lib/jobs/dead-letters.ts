import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { JobWithMetadata } from "pg-boss";
import type { Database } from "@/db";
import { applicationEvents, applications, bills, feedback } from "@/db/schema";
import { can, type Actor } from "@/lib/security/permissions";
import { recordAudit } from "@/lib/staff/audit";
import { isWiped } from "./delivery";
import { withoutNumbers } from "./errors";
import { DELIVERY_QUEUES, inTransaction, QUEUES, queueFor, type DeliveryQueue } from "./queue";

/**
 * What gave up, of every kind: the jobs waiting in the dead-letter queues, for operators to send
 * again (once the other system is back) or to dismiss. Nothing leaves a dead-letter queue but
 * through them, and each time is audited. Nothing personal is shown: the kind, when it gave up,
 * its tries, the last error without long digit runs, and what it is about where that is a
 * reference (a bill's BillId, a feedback's tracking reference, a reconciliation's day).
 */

export const DEAD_LETTER_KINDS = ["sms", "feedback", "bill", "reconciliation", "application", "applicationReply", "billPaid"] as const;
export type DeadLetterKind = (typeof DEAD_LETTER_KINDS)[number];

const queueOf: Record<DeadLetterKind, DeliveryQueue> = {
  sms: QUEUES.smsSend,
  feedback: QUEUES.emrejeshoPush,
  bill: QUEUES.billSubmit,
  reconciliation: QUEUES.reconcile,
  application: QUEUES.applicationPush,
  applicationReply: QUEUES.applicationReply,
  billPaid: QUEUES.billPaid,
};

export type DeadLetter = {
  id: string;
  kind: DeadLetterKind;
  gaveUpAt: Date;
  tries: number;
  error: string;
  /** A reference to what it is about, or null (a text message is about a person). */
  about: string | null;
  /** False when nothing is left to send: a text message wiped because it expired unsent. */
  resendable: boolean;
};

type Job = JobWithMetadata<Record<string, unknown>>;
const MOST = 500;

function described(kind: DeadLetterKind, job: Job): Omit<DeadLetter, "about"> {
  const output = (job.sourceOutput ?? {}) as { error?: unknown; message?: unknown; tries?: unknown };
  const error = typeof output.error === "string" ? output.error : typeof output.message === "string" ? output.message : "unknown";
  return {
    id: job.id,
    kind,
    // A Date from pg-boss's own connection, text when read through a Drizzle transaction.
    gaveUpAt: new Date(job.createdOn),
    tries: typeof output.tries === "number" ? output.tries : (job.sourceRetryCount ?? 0) + 1,
    error: withoutNumbers(error),
    resendable: !isWiped(job.data),
  };
}

/** What each dead letter is about, read from the rows it names. */
async function references(db: Database, letters: { kind: DeadLetterKind; job: Job }[]): Promise<Map<string, string>> {
  const ids = (kind: DeadLetterKind, key: string) =>
    letters.filter((l) => l.kind === kind).flatMap((l) => (typeof l.job.data[key] === "string" ? [l.job.data[key] as string] : []));
  const about = new Map<string, string>();
  const billIds = ids("bill", "bill");
  if (billIds.length)
    for (const row of await db.select({ id: bills.id, ref: bills.billId }).from(bills).where(inArray(bills.id, billIds)))
      about.set(row.id, row.ref);
  const feedbackIds = ids("feedback", "feedbackId");
  if (feedbackIds.length)
    for (const row of await db.select({ id: feedback.id, ref: feedback.reference }).from(feedback).where(inArray(feedback.id, feedbackIds)))
      about.set(row.id, row.ref);
  const applicationIds = ids("application", "applicationId");
  if (applicationIds.length)
    for (const row of await db
      .select({ id: applications.id, ref: applications.reference })
      .from(applications)
      .where(inArray(applications.id, applicationIds)))
      if (row.ref) about.set(row.id, row.ref);
  const replyIds = ids("applicationReply", "eventId");
  if (replyIds.length)
    for (const row of await db
      .select({ id: applicationEvents.id, ref: applications.reference })
      .from(applicationEvents)
      .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
      .where(inArray(applicationEvents.id, replyIds)))
      if (row.ref) about.set(row.id, row.ref);
  const paidIds = ids("billPaid", "bill");
  if (paidIds.length)
    for (const row of await db.select({ id: bills.id, ref: bills.billId }).from(bills).where(inArray(bills.id, paidIds)))
      about.set(row.id, row.ref);
  return about;
}

function aboutOf(kind: DeadLetterKind, job: Job, references: Map<string, string>): string | null {
  const data = job.data;
  if (kind === "bill" && typeof data.bill === "string") return references.get(data.bill) ?? data.bill;
  if (kind === "feedback" && typeof data.feedbackId === "string") return references.get(data.feedbackId) ?? data.feedbackId;
  if (kind === "application" && typeof data.applicationId === "string") return references.get(data.applicationId) ?? data.applicationId;
  if (kind === "applicationReply" && typeof data.eventId === "string") return references.get(data.eventId) ?? data.eventId;
  if (kind === "billPaid" && typeof data.bill === "string") return references.get(data.bill) ?? data.bill;
  if (kind === "reconciliation") return typeof data.day === "string" ? data.day : null;
  return null;
}

/** Every dead letter waiting, newest first; null for who may not see them. */
export async function deadLetters(db: Database, actor: Actor): Promise<DeadLetter[] | null> {
  if (!can.operateQueue(actor)) return null;
  const boss = await queueFor(db);
  const letters: { kind: DeadLetterKind; job: Job }[] = [];
  for (const kind of DEAD_LETTER_KINDS) {
    const jobs = await boss.findJobs<Record<string, unknown>>(DELIVERY_QUEUES[queueOf[kind]].deadLetter, { queued: true, limit: MOST });
    letters.push(...jobs.map((job) => ({ kind, job })));
  }
  const known = await references(db, letters);
  return letters
    .map(({ kind, job }) => ({ ...described(kind, job), about: aboutOf(kind, job, known) }))
    .sort((a, b) => b.gaveUpAt.getTime() - a.gaveUpAt.getTime());
}

export type DeadLetterProblem = "forbidden" | "notFound" | "notResendable";
type Outcome = { ok: true; count: number } | { ok: false; problem: DeadLetterProblem };
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);

/** Another operator moved some of the same letters first: this request is undone as a whole. */
class MovedMeanwhile extends Error {}

/**
 * Sends a dead letter back to its queue for a new round of tries, or (without an id) every one
 * of its kind that has something to send. Audited, one entry per letter, in the same transaction.
 */
export async function sendAgain(db: Database, actor: Actor, input: { kind: DeadLetterKind; id?: string }): Promise<Outcome> {
  if (!can.operateQueue(actor) || actor.kind !== "staff") return { ok: false, problem: "forbidden" };
  if (input.id !== undefined && !isUuid(input.id)) return { ok: false, problem: "notFound" };
  const queue = queueOf[input.kind];
  const deadLetter = DELIVERY_QUEUES[queue].deadLetter;
  const boss = await queueFor(db);
  const moving = db.transaction(async (tx) => {
    const connection = inTransaction(tx);
    const waiting = input.id
      ? await boss.findJobs<Record<string, unknown>>(deadLetter, { id: input.id, queued: true, ...connection })
      : await boss.findJobs<Record<string, unknown>>(deadLetter, { queued: true, limit: MOST, ...connection });
    if (waiting.length === 0) return { ok: false as const, problem: "notFound" as const };
    const chosen = waiting.filter((job) => !isWiped(job.data));
    if (chosen.length === 0) return { ok: false as const, problem: "notResendable" as const };
    const moved = await boss.redrive(deadLetter, { ids: chosen.map((job) => job.id), destination: queue, limit: MOST, ...connection });
    if (moved !== chosen.length) throw new MovedMeanwhile();
    for (const job of chosen) {
      await recordAudit(tx, {
        staffId: actor.staffId,
        action: "queue.send_again",
        entity: "job",
        entityId: job.id,
        before: { ...summary(input.kind, job), queue: deadLetter },
        after: { queue },
      });
    }
    return { ok: true as const, count: moved };
  });
  return moving.catch((error: unknown) => {
    if (error instanceof MovedMeanwhile) return { ok: false as const, problem: "notFound" as const };
    throw error;
  });
}

/** Takes a dead letter off the list without sending it (nothing to send, or no longer wanted); audited. */
export async function dismiss(db: Database, actor: Actor, input: { kind: DeadLetterKind; id: string }): Promise<Outcome> {
  if (!can.operateQueue(actor) || actor.kind !== "staff") return { ok: false, problem: "forbidden" };
  if (!isUuid(input.id)) return { ok: false, problem: "notFound" };
  const deadLetter = DELIVERY_QUEUES[queueOf[input.kind]].deadLetter;
  const boss = await queueFor(db);
  return db.transaction(async (tx) => {
    const connection = inTransaction(tx);
    const [job] = await boss.findJobs<Record<string, unknown>>(deadLetter, { id: input.id, queued: true, ...connection });
    if (!job) return { ok: false as const, problem: "notFound" as const };
    // pg-boss answers { jobs, requested, affected } (its type declares none of them).
    const { affected } = (await boss.deleteJob(deadLetter, job.id, connection)) as { affected?: number };
    if (affected !== 1) return { ok: false as const, problem: "notFound" as const };
    await recordAudit(tx, {
      staffId: actor.staffId,
      action: "queue.dismiss",
      entity: "job",
      entityId: job.id,
      before: { ...summary(input.kind, job), queue: deadLetter },
      after: null,
    });
    return { ok: true as const, count: 1 };
  });
}

/** What the audit log keeps of a dead letter: never its data, which may be personal. */
function summary(kind: DeadLetterKind, job: Job) {
  const { tries, error, gaveUpAt } = described(kind, job);
  return { kind, tries, error, gaveUpAt: gaveUpAt.toISOString(), about: aboutOf(kind, job, new Map()) };
}
