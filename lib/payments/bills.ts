import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Database } from "@/db";
import { bills, citizens, payments, receiptNumbers, unmatchedPayments, type PaymentMismatch } from "@/db/schema";
import type { CatalogueService } from "@/lib/catalogue/model";
import { env } from "@/lib/env";
import { GepgUnavailable, postToGepg } from "@/lib/integrations/gepg/client";
import {
  buildBillCanclReq,
  buildBillSubReq,
  isCancelled,
  parseBillCanclRes,
  GEPG_STATUS,
  parseBillSubReqAck,
  parseBillSubRes,
  parsePmtSpNtfReq,
  parseGepgDateTime,
  type Currency,
  type PmtTrxDtl,
} from "@/lib/integrations/gepg/messages";
import type { OpenedMessage } from "@/lib/integrations/gepg/signature";
import { inTransaction, jobIdFor, queueFor, QUEUES, traced } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { queueSms } from "@/lib/notifications/sms";
import { fitOneSms, shortLink, smsDate, smsText } from "@/lib/notifications/sms-text";
import { formatMinor, toMinor } from "./money";

/**
 * Bills for government fees, paid through GePG. A citizen asks to pay a fee; the bill is stored
 * with its delivery job in one transaction; the job delivers it to GePG (again and again while
 * GePG is down, always with the same BillId); GePG sends the control number and, later, the
 * payment, each to a callback that applies it once however often it comes.
 */

export type Bill = typeof bills.$inferSelect;
export type PayableFee = {
  position: number;
  amount: string;
  currency: Currency;
  label: { sw: string; en: string };
  gfsCode: string;
  spCode: string;
};

/**
 * How a fee's control number is had: from the portal (the institution has made the portal its
 * billing channel, and the fee is a GePG fee in shillings that neither the institution's own
 * system nor an office abroad bills), from the institution's own system, from abroad, or from
 * the institution in a way not recorded here.
 */
export type FeeBilling = "portal" | "own-system" | "abroad" | "institution" | "not-gepg";

export function feeBilling(service: CatalogueService, fee: CatalogueService["fees"][number]): FeeBilling {
  if (!fee.gepg) return "not-gepg";
  if (fee.abroad) return "abroad";
  if (fee.issuer) return "own-system";
  const billing = env().GEPG_PORTAL_BILLING[service.institution.slug];
  const gfsCode = fee.gfsCode ?? billing?.gfsCode ?? env().GEPG_DEFAULT_GFS_CODE;
  if (!billing || !gfsCode || fee.currency !== "TZS" || toMinor(fee.amount) <= 0n) return "institution";
  return "portal";
}

/** The fees of a listing that the portal bills: see feeBilling. */
export function payableFees(service: CatalogueService): PayableFee[] {
  const config = env();
  return service.fees.flatMap((fee, position) => {
    if (feeBilling(service, fee) !== "portal") return [];
    const billing = config.GEPG_PORTAL_BILLING[service.institution.slug]!;
    const gfsCode = (fee.gfsCode ?? billing.gfsCode ?? config.GEPG_DEFAULT_GFS_CODE)!;
    return [{ position, amount: fee.amount, currency: "TZS" as const, label: fee.label, gfsCode, spCode: billing.spCode }];
  });
}

/** GePG's BillPayOpt for each of our payment options. */
const PAY_OPTION_CODES = { full: "1", part: "2", exact: "3" } as const;

/** GePG's BillId: ours, 20 characters at most, never reused. */
function newBillId(): string {
  const stamp = new Date().toISOString().slice(2, 10).replace(/-/g, "");
  return `DRS${stamp}${String(randomInt(0, 1e9)).padStart(9, "0")}`;
}

export type BillProblem = "notPayable" | "tooMany" | "alreadyPaid";
const BILLS_PER_HOUR = 10;
// The first key of the advisory lock that keeps one citizen's bill requests in line (the second is the citizen).
const BILL_REQUEST_LOCK_CLASS = 1_407_140_021;

/**
 * A new bill for one fee, stored with its delivery job. A citizen who asks again for the same
 * fee while a bill for it is still payable gets that bill back instead of a second one.
 */
export async function requestBill(
  db: Database,
  boss: PgBoss,
  input: {
    citizenId: string;
    service: CatalogueService;
    feePosition: number;
    payerPhone: string | null;
    renews?: string;
    payAgain?: boolean;
    /** A bill of its own even while another for this fee is open (an application's fee). */
    fresh?: boolean;
    locale?: "sw" | "en";
  },
): Promise<{ ok: true; bill: string; existing?: true } | { ok: false; problem: BillProblem }> {
  const fee = payableFees(input.service).find((f) => f.position === input.feePosition);
  if (!fee) return { ok: false, problem: "notPayable" };
  // One citizen's requests one at a time (a double click, a retry, two tabs, two instances): each
  // sees the bills the one before made, so that a fee gets one bill and the hourly limit holds.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BILL_REQUEST_LOCK_CLASS}, hashtext(${input.citizenId}))`);
    const [open] = await tx
      .select({ id: bills.id })
      .from(bills)
      .where(
        and(
          eq(bills.citizenId, input.citizenId),
          eq(bills.serviceId, input.service.id),
          eq(bills.feePosition, fee.position),
          inArray(bills.state, ["pending", "submitted", "issued", "part_paid"]),
          gt(bills.expiresAt, sql`now()`),
        ),
      )
      .limit(1);
    if (open && !input.fresh) return { ok: true as const, bill: open.id, existing: true as const };
    // Paid before: a second bill only when the citizen says, having been told, that they pay again.
    if (
      !input.payAgain &&
      !input.renews &&
      (await paidBillsForFees(tx as unknown as Database, input.citizenId, input.service.id)).has(fee.position)
    ) {
      return { ok: false as const, problem: "alreadyPaid" as const };
    }
    const [recent] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(bills)
      .where(and(eq(bills.citizenId, input.citizenId), gt(bills.createdAt, sql`now() - interval '1 hour'`)));
    if (Number(recent?.n ?? 0) >= BILLS_PER_HOUR) return { ok: false as const, problem: "tooMany" as const };
    const [citizen] = await tx.select().from(citizens).where(eq(citizens.id, input.citizenId));
    if (!citizen) return { ok: false as const, problem: "notPayable" as const };

    const id = randomUUID();
    const config = env();
    await tx.insert(bills).values({
      id,
      billId: newBillId(),
      citizenId: input.citizenId,
      serviceId: input.service.id,
      feePosition: fee.position,
      // What it pays for and to whom, as GePG and the payer's network show it.
      descriptionSw:
        `${input.service.institution.acronym ?? input.service.institution.name.sw} – ${input.service.name.sw}: ${fee.label.sw}`.slice(
          0,
          200,
        ),
      descriptionEn:
        `${input.service.institution.acronym ?? input.service.institution.name.en} – ${input.service.name.en}: ${fee.label.en}`.slice(
          0,
          200,
        ),
      amountMinor: toMinor(fee.amount),
      currency: fee.currency,
      gfsCode: fee.gfsCode,
      spCode: fee.spCode,
      payerName: [citizen.firstName, citizen.middleName, citizen.surname].filter(Boolean).join(" "),
      payerPhone: input.payerPhone,
      locale: input.locale ?? "sw",
      expiresAt: new Date(Date.now() + config.GEPG_BILL_VALID_DAYS * 86400_000),
      renewsBillId: input.renews ?? null,
    });
    // The job's id is the bill's: the bill can be queued for delivery once, whatever happens.
    await boss.send(QUEUES.billSubmit, traced({ bill: id }), { id, ...inTransaction(tx) });
    return { ok: true as const, bill: id };
  });
}

/** The citizen's latest paid (or part-paid) bill for each fee of a service: position → bill. */
export async function paidBillsForFees(db: Database, citizenId: string, serviceId: string): Promise<Map<number, Bill>> {
  const rows = await db
    .select()
    .from(bills)
    .where(and(eq(bills.citizenId, citizenId), eq(bills.serviceId, serviceId), inArray(bills.state, ["paid", "part_paid"])))
    .orderBy(desc(bills.createdAt));
  const byFee = new Map<number, Bill>();
  for (const bill of rows) if (!byFee.has(bill.feePosition)) byFee.set(bill.feePosition, bill);
  return byFee;
}

/** A new bill for the fee of one that expired, was refused or was cancelled (its control number cannot be paid). */
export async function renewBill(db: Database, boss: PgBoss, citizenId: string, billUuid: string, service: CatalogueService | undefined) {
  const bill = await billOfCitizen(db, citizenId, billUuid);
  const renewable = bill && (bill.state === "failed" || bill.state === "cancelled" || billStatus(bill) === "expired");
  if (!bill || !service || !renewable) return { ok: false as const, problem: "notPayable" as const };
  return requestBill(db, boss, {
    citizenId,
    service,
    feePosition: bill.feePosition,
    payerPhone: bill.payerPhone,
    renews: bill.id,
    locale: bill.locale,
  });
}

/**
 * One delivery of a bill to GePG, run by the queue's worker. GePG unreachable: throws, and the
 * queue tries again later with the same BillId. GePG's "duplicate bill" (7226) means an earlier
 * delivery got through before this worker learnt of it (it was stopped, or the answer was lost):
 * the bill is there, and the control number is on its way.
 */
export async function deliverBill(db: Database, billUuid: string): Promise<"submitted" | "failed" | "skipped"> {
  const [bill] = await db.select().from(bills).where(eq(bills.id, billUuid));
  if (!bill || bill.state !== "pending") return "skipped";
  await db
    .update(bills)
    .set({ deliveries: sql`${bills.deliveries} + 1` })
    .where(eq(bills.id, bill.id));
  const config = env();
  const content = buildBillSubReq({
    BillHdr: {
      ReqId: randomUUID(),
      SpGrpCode: config.GEPG_SP_GROUP_CODE,
      SysCode: config.GEPG_SYS_CODE,
      BillTyp: "1",
      PayTyp: "1",
      GrpBillId: bill.billId,
    },
    BillDtls: [
      {
        BillId: bill.billId,
        SpCode: bill.spCode,
        CollCentCode: config.GEPG_COLLECTION_CENTRE,
        BillDesc: bill.descriptionEn,
        CustName: bill.payerName,
        CustCellNum: bill.payerPhone ?? undefined,
        BillGenDt: bill.createdAt,
        BillExprDt: bill.expiresAt,
        BillGenBy: "Dirisha",
        BillApprBy: "Dirisha",
        BillAmt: bill.amountMinor,
        BillEqvAmt: bill.amountMinor,
        Ccy: bill.currency as Currency,
        // A USD fee's exchange rate is GePG's to apply; the equivalent stays in USD here.
        ...(bill.currency === "USD" ? { ExchRate: "1.00" } : {}),
        BillPayOpt: PAY_OPTION_CODES[bill.payOption],
        // A part-payable bill takes any amount from one unit of its currency up.
        ...(bill.payOption === "part" ? { MinPayAmt: 100n } : {}),
        BillItems: [
          {
            SubSpCode: bill.spCode,
            GfsCode: bill.gfsCode,
            BillItemRef: bill.billId,
            UseItemRefOnPay: "N",
            BillItemAmt: bill.amountMinor,
            BillItemEqvAmt: bill.amountMinor,
            CollSp: bill.spCode,
          },
        ],
      },
    ],
  });
  let code: string;
  let text: string | null;
  try {
    const ack = parseBillSubReqAck((await postToGepg("/api/bill/20/submission", content, "billSubReqAck")).content);
    code = ack.AckStsCode;
    text = ack.AckStsDesc;
  } catch (error) {
    const reason =
      error instanceof GepgUnavailable
        ? `GePG unavailable: ${error.message}`
        : error instanceof Error
          ? `${error.name}: ${error.message}`.slice(0, 300)
          : "unknown";
    await db.update(bills).set({ lastError: reason }).where(eq(bills.id, bill.id));
    throw error;
  }
  const accepted = code === GEPG_STATUS.SUCCESS || code === GEPG_STATUS.DUPLICATE_BILL;
  await db
    .update(bills)
    .set(
      accepted
        ? { state: "submitted", submittedAt: sql`now()`, statusCode: code, statusText: text, lastError: null }
        : { state: "failed", statusCode: code, statusText: text },
    )
    .where(and(eq(bills.id, bill.id), eq(bills.state, "pending")));
  if (!accepted) log.warn("GePG refused a bill", { bill: bill.billId, code });
  return accepted ? "submitted" : "failed";
}

/** The SMS of a bill, in the language the citizen asked in: see lib/notifications/sms-text.ts. */
function serviceName(bill: Bill): string {
  const description = bill.locale === "en" ? bill.descriptionEn : bill.descriptionSw;
  // "RITA – Birth registration: Certificate" → "Birth registration: Certificate"
  return description.replace(/^[^–]*–\s*/, "");
}
const smsAmount = (currency: string, minor: bigint) => `${currency} ${formatMinor(minor).replace(/\.00$/, "")}`;
const smsOf = {
  issued: (bill: Bill) =>
    fitOneSms(
      (service) =>
        smsText(bill.locale, "billIssued", {
          controlNumber: bill.controlNumber ?? "",
          amount: smsAmount(bill.currency, bill.amountMinor),
          service,
          date: smsDate(bill.locale, bill.expiresAt),
          link: shortLink(bill.locale, "b", bill.billId),
        }),
      serviceName(bill),
    ),
  paid: (bill: Bill, paid: bigint, receipt: string, left: bigint) =>
    smsText(bill.locale, left > 0n ? "billPartPaid" : "billPaid", {
      amount: smsAmount(bill.currency, paid),
      controlNumber: bill.controlNumber ?? "",
      receipt,
      left: smsAmount(bill.currency, left),
      link: shortLink(bill.locale, "b", bill.billId),
    }),
};

/** The control-number response. Applied once: a repeat finds the number already set. */
export async function applyControlNumber(db: Database, opened: OpenedMessage): Promise<{ resId: string }> {
  const response = parseBillSubRes(opened.content);
  const boss = await queueFor(db);
  await db.transaction(async (tx) => {
    for (const detail of response.BillDtls) {
      const [bill] = await tx.select().from(bills).where(eq(bills.billId, detail.BillId)).for("update");
      if (!bill) {
        log.warn("control number for an unknown bill", { bill: detail.BillId });
        continue;
      }
      const number = detail.BillCntrNum ?? response.BillHdr.CustCntrNum;
      if (detail.BillStsCode !== GEPG_STATUS.SUCCESS || !number) {
        if (bill.state === "pending" || bill.state === "submitted") {
          await tx
            .update(bills)
            .set({ state: "failed", statusCode: detail.BillStsCode, statusText: detail.BillStsDesc })
            .where(eq(bills.id, bill.id));
        }
        continue;
      }
      if (bill.controlNumber) continue; // already applied
      const [issued] = await tx
        .update(bills)
        .set({
          state: bill.state === "paid" ? "paid" : "issued",
          controlNumber: number,
          issuedAt: sql`now()`,
          statusCode: detail.BillStsCode,
          statusText: detail.BillStsDesc,
        })
        .where(eq(bills.id, bill.id))
        .returning();
      if (issued?.payerPhone)
        await queueSms(tx, boss, {
          to: issued.payerPhone,
          message: smsOf.issued(issued),
          dedupeKey: `bill-issued:${issued.id}`,
          expiresAt: issued.expiresAt,
        });
    }
  });
  return { resId: response.BillHdr.ResId };
}

/** What a payment GePG reports says about itself: from a notification or a reconciliation record. */
export type ReportedPayment = {
  trxId: string;
  gepgBillId: string;
  controlNumber: string;
  spCode: string;
  /** The notification's SP group (a reconciliation record names none). */
  spGroupCode: string | null;
  paidMinor: bigint;
  billMinor: bigint;
  currency: string;
  payOption: string | null;
  pspCode: string;
  pspName: string | null;
  payRefId: string;
  pspReceipt: string | null;
  paidAt: Date;
};

export function reportedPayment(detail: PmtTrxDtl, spGroupCode: string | null): ReportedPayment {
  return {
    trxId: detail.TrxId,
    gepgBillId: detail.BillId,
    controlNumber: detail.BillCtrNum,
    spCode: detail.SpCode,
    spGroupCode,
    paidMinor: detail.PaidAmt,
    billMinor: detail.BillAmt,
    currency: detail.Ccy,
    payOption: detail.BillPayOpt,
    pspCode: detail.PspCode,
    pspName: detail.PspName,
    payRefId: detail.PayRefId,
    pspReceipt: detail.TrdPtyTrxId,
    paidAt: parseGepgDateTime(detail.TrxDtTm, "TrxDtTm"),
  };
}

/**
 * What disagrees between a payment GePG reports and the bill it names, given what the bill has
 * already been paid. Empty: the payment can be applied as it stands. The bill's payment option
 * decides the amount: exact, the whole amount at once; full, at least what is left; part, at
 * most what is left.
 */
export function paymentMismatches(
  bill: Bill | undefined,
  payment: ReportedPayment,
  spGroupCode: string,
  paidSoFar: bigint,
): PaymentMismatch[] {
  if (!bill) return ["unknown_bill"];
  const found: PaymentMismatch[] = [];
  if (payment.spGroupCode !== null && payment.spGroupCode !== spGroupCode) found.push("sp_group");
  if (payment.spCode !== bill.spCode) found.push("sp_code");
  if (bill.controlNumber && payment.controlNumber !== bill.controlNumber) found.push("control_number");
  if (payment.currency !== bill.currency) found.push("currency");
  if (payment.billMinor !== bill.amountMinor) found.push("bill_amount");
  if (bill.state === "cancelled" || bill.state === "failed") {
    found.push("bill_closed");
  } else if (bill.state === "paid" || paidSoFar >= bill.amountMinor) {
    found.push("bill_paid");
  } else {
    const left = bill.amountMinor - paidSoFar;
    if (bill.payOption === "exact" && (paidSoFar > 0n || payment.paidMinor !== bill.amountMinor)) found.push("amount_not_exact");
    if (bill.payOption === "full" && payment.paidMinor < left) found.push("amount_short");
    if (bill.payOption === "part" && payment.paidMinor > left) found.push("amount_over");
  }
  return found;
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** What a bill has been paid so far, in its minor units. */
export async function paidSoFar(tx: Pick<Database, "select">, billUuid: string): Promise<bigint> {
  const [{ total } = { total: "0" }] = await tx
    .select({ total: sql<string>`coalesce(sum(${payments.paidMinor}), 0)::text` })
    .from(payments)
    .where(eq(payments.billId, billUuid));
  return BigInt(total);
}

/**
 * Records a payment against a bill (with a receipt number of its own) and settles the bill: paid
 * once what it has been paid reaches its amount, part paid before that. Null when this TrxId was
 * recorded before. The caller holds the bill's row lock.
 */
export async function recordPaymentOnBill(tx: Tx, boss: PgBoss, bill: Bill, payment: ReportedPayment) {
  const receipt = await nextReceiptNumber(tx);
  const [recorded] = await tx
    .insert(payments)
    .values({
      trxId: payment.trxId,
      billId: bill.id,
      controlNumber: payment.controlNumber,
      paidMinor: payment.paidMinor,
      billMinor: payment.billMinor,
      currency: payment.currency,
      pspCode: payment.pspCode,
      pspName: payment.pspName,
      payRefId: payment.payRefId,
      pspReceipt: payment.pspReceipt,
      paidAt: payment.paidAt,
      receiptNumber: receipt,
    })
    .onConflictDoNothing({ target: payments.trxId })
    .returning();
  if (!recorded) return null;
  const total = await paidSoFar(tx, bill.id);
  const state = total >= bill.amountMinor ? "paid" : "part_paid";
  const [settled] = await tx
    .update(bills)
    .set({ state, paidAt: state === "paid" ? recorded.paidAt : null, controlNumber: bill.controlNumber ?? payment.controlNumber })
    .where(eq(bills.id, bill.id))
    .returning();
  // Whatever waits on this bill (an application handed over once paid) is told, once, by a job
  // committed with the payment: the payments know nothing of what waits.
  if (state === "paid")
    await boss.send(QUEUES.billPaid, traced({ bill: bill.id }), { id: jobIdFor(`bill-paid:${bill.id}`), ...inTransaction(tx) });
  // Each payment recorded gets its SMS: the receipt, and what is left when it was a part payment.
  if (settled?.payerPhone) {
    const left = total >= bill.amountMinor ? 0n : bill.amountMinor - total;
    await queueSms(tx, boss, {
      to: settled.payerPhone,
      message: smsOf.paid(settled, payment.paidMinor, receipt, left),
      dedupeKey: `bill-paid:${settled.id}:${payment.trxId}`,
    });
  }
  return { payment: recorded, bill: settled!, total };
}

/**
 * Keeps a payment GePG reported that cannot be applied as it stands, whole and with the signed
 * message, for operators. Once per TrxId.
 */
export async function keepUnmatchedPayment(
  tx: Pick<Database, "insert">,
  input: {
    payment: ReportedPayment;
    bill: Bill | undefined;
    mismatches: PaymentMismatch[];
    source: "notice" | "reconciliation";
    signedXml: string;
  },
): Promise<boolean> {
  const { payment } = input;
  const [kept] = await tx
    .insert(unmatchedPayments)
    .values({
      trxId: payment.trxId,
      source: input.source,
      gepgBillId: payment.gepgBillId,
      billId: input.bill?.id ?? null,
      controlNumber: payment.controlNumber,
      spCode: payment.spCode,
      spGroupCode: payment.spGroupCode,
      paidMinor: payment.paidMinor,
      billMinor: payment.billMinor,
      currency: payment.currency,
      payOption: payment.payOption,
      pspCode: payment.pspCode,
      pspName: payment.pspName,
      payRefId: payment.payRefId,
      pspReceipt: payment.pspReceipt,
      paidAt: payment.paidAt,
      mismatches: input.mismatches,
      signedXml: input.signedXml,
    })
    .onConflictDoNothing({ target: unmatchedPayments.trxId })
    .returning({ id: unmatchedPayments.id });
  if (kept) log.warn("payment kept as unmatched", { source: input.source, bill: payment.gepgBillId, mismatches: input.mismatches });
  return Boolean(kept);
}

/** True when GePG's transaction is already known here: applied, or kept as unmatched. */
export async function paymentKnown(tx: Pick<Database, "select">, trxId: string): Promise<boolean> {
  const [applied] = await tx.select({ id: payments.id }).from(payments).where(eq(payments.trxId, trxId));
  if (applied) return true;
  const [kept] = await tx.select({ id: unmatchedPayments.id }).from(unmatchedPayments).where(eq(unmatchedPayments.trxId, trxId));
  return Boolean(kept);
}

/**
 * A payment notification. Each payment (TrxId) is recorded once, however often it is notified.
 * A payment is applied to its bill only when it matches it (BillId, control number, SP and
 * group, currency, amounts under the bill's payment option); any other, or one for a bill we do
 * not know, is kept as an unmatched payment for operators. Either way GePG gets 7101: the
 * notice was received and recorded, and nothing it reports as paid is dropped.
 */
export async function applyPayment(db: Database, opened: OpenedMessage): Promise<{ reqId: string }> {
  const notice = parsePmtSpNtfReq(opened.content);
  const spGroupCode = env().GEPG_SP_GROUP_CODE;
  const boss = await queueFor(db);
  await db.transaction(async (tx) => {
    for (const detail of notice.PmtDtls) {
      const payment = reportedPayment(detail, notice.PmtHdr.SpGrpCode);
      const [bill] = await tx.select().from(bills).where(eq(bills.billId, detail.BillId)).for("update");
      if (await paymentKnown(tx, payment.trxId)) continue; // a repeat
      const mismatches = paymentMismatches(bill, payment, spGroupCode, bill ? await paidSoFar(tx, bill.id) : 0n);
      if (mismatches.length > 0) {
        await keepUnmatchedPayment(tx, { payment, bill, mismatches, source: "notice", signedXml: opened.signedXml });
        continue;
      }
      await recordPaymentOnBill(tx, boss, bill!, payment);
    }
  });
  return { reqId: notice.PmtHdr.ReqId };
}

/** DRS-2026-000123: from one sequence, so no two receipts share a number (a repeat may leave a gap). */
async function nextReceiptNumber(tx: Pick<Database, "execute">): Promise<string> {
  const result = (await tx.execute(sql`select nextval(${`"${receiptNumbers.seqName}"`}::regclass)::text as n`)) as unknown as {
    rows: { n: string }[];
  };
  return `DRS-${new Date().getFullYear()}-${result.rows[0]!.n.padStart(6, "0")}`;
}

/**
 * Cancels an unpaid bill at GePG (its control number stops taking payments), for the citizen who
 * owns it. GePG's answer decides: cancelled (7283), or already paid (7279), or unreachable.
 */
export async function cancelBill(
  db: Database,
  citizenId: string,
  billUuid: string,
): Promise<{ ok: true } | { ok: false; problem: "notCancellable" | "unavailable" | "refused" }> {
  const bill = await billOfCitizen(db, citizenId, billUuid);
  if (!bill || !["submitted", "issued"].includes(bill.state)) return { ok: false, problem: "notCancellable" };
  const config = env();
  const content = buildBillCanclReq({
    ReqId: randomUUID(),
    SpGrpCode: config.GEPG_SP_GROUP_CODE,
    SysCode: config.GEPG_SYS_CODE,
    BillTyp: "1",
    GrpBillId: bill.billId,
    CanclGenBy: "Dirisha",
    CanclApprBy: "Dirisha",
    CanclReasn: "Cancelled by the payer",
  });
  let answer;
  try {
    answer = parseBillCanclRes((await postToGepg("/api/bill/20/cancellation", content, "billCanclRes")).content);
  } catch (error) {
    if (error instanceof GepgUnavailable) return { ok: false, problem: "unavailable" };
    throw error;
  }
  if (isCancelled(answer.CanclStsCode) || answer.CanclStsCode === GEPG_STATUS.SUCCESS) {
    await db
      .update(bills)
      .set({ state: "cancelled", statusCode: answer.CanclStsCode, statusText: answer.CanclStsDesc })
      .where(and(eq(bills.id, bill.id), inArray(bills.state, ["submitted", "issued"])));
    return { ok: true };
  }
  return { ok: false, problem: "refused" };
}

/** A bill's own id, as its pages' addresses carry it; anything else would fail as a uuid in the database. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The citizen's own bill with this GePG BillId (ours, as in an SMS's short link); another's is none. */
export async function billOfCitizenByGepgId(db: Database, citizenId: string, billId: string): Promise<Pick<Bill, "id"> | null> {
  if (!/^[A-Z0-9]{1,20}$/.test(billId)) return null;
  const [bill] = await db
    .select({ id: bills.id })
    .from(bills)
    .where(and(eq(bills.billId, billId), eq(bills.citizenId, citizenId)));
  return bill ?? null;
}

/** Whether this citizen owns this bill (the proxy's check before a bill's pages render). */
export async function ownsBill(db: Database, citizenId: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const [row] = await db
    .select({ id: bills.id })
    .from(bills)
    .where(and(eq(bills.id, id), eq(bills.citizenId, citizenId)));
  return row !== undefined;
}

/** A citizen's own bill, or nothing. */
export async function billOfCitizen(db: Database, citizenId: string, billUuid: string): Promise<Bill | null> {
  if (!UUID.test(billUuid)) return null;
  const [bill] = await db
    .select()
    .from(bills)
    .where(and(eq(bills.id, billUuid), eq(bills.citizenId, citizenId)));
  return bill ?? null;
}

export async function billsOfCitizen(db: Database, citizenId: string): Promise<Bill[]> {
  return db.select().from(bills).where(eq(bills.citizenId, citizenId)).orderBy(desc(bills.createdAt)).limit(100);
}

export async function paymentsOfBill(db: Database, billUuid: string) {
  return db.select().from(payments).where(eq(payments.billId, billUuid)).orderBy(desc(payments.paidAt));
}

/** What the citizen sees: an issued bill past its expiry is "expired", whatever GePG last said. */
export function billStatus(bill: Bill, now = new Date()): Bill["state"] | "expired" {
  return bill.state === "issued" && bill.expiresAt <= now ? "expired" : bill.state;
}

/**
 * What anyone holding a control number may learn of its bill (as a mobile-money menu shows it):
 * the amount still owed, its state and when it expires; never the payer or the service.
 */
export async function billByControlNumber(
  db: Database,
  controlNumber: string,
  now = new Date(),
): Promise<{ controlNumber: string; amount: string; currency: string; state: string; expiresAt: Date } | null> {
  if (!/^\d{12}$/.test(controlNumber)) return null;
  const [bill] = await db.select().from(bills).where(eq(bills.controlNumber, controlNumber)).orderBy(desc(bills.createdAt)).limit(1);
  if (!bill) return null;
  const owed = bill.amountMinor - (await paidSoFar(db, bill.id));
  const open = bill.state === "issued" || bill.state === "part_paid";
  return {
    controlNumber,
    amount: formatMinor(owed > 0n ? owed : bill.amountMinor).replace(/,/g, ""),
    currency: bill.currency,
    state: open && bill.expiresAt < now ? "expired" : bill.state,
    expiresAt: bill.expiresAt,
  };
}
