import { generateKeyPairSync, randomUUID } from "node:crypto";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgBoss } from "pg-boss";
import { bills, citizens, editorialAudit, payments, reconciliations, services, staff, unmatchedPayments } from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import { openGepgMessage, sealGepgMessage } from "@/lib/integrations/gepg/signature";
import { shortLink } from "@/lib/notifications/sms-text";
import type { StaffActor } from "@/lib/security/permissions";
import { jobQueue } from "@/lib/jobs/queue";
import { testEngines, type TestDatabase } from "@/testing/database";
import { queuedSms, smsTo } from "@/testing/queue";
import { applyControlNumber, applyPayment, billOfCitizen, billOfCitizenByGepgId, billStatus, ownsBill } from "./bills";
import { applyUnmatchedPayment, markRefundDue } from "./operations";
import { applyReconciliation } from "./reconciliation";

/*
 * GePG's callbacks applied to the database: a control number and payments, each signed by
 * "GePG" (a key made here). A payment is applied only when it matches its bill; anything else
 * GePG reports as paid is kept, whole, as an unmatched payment for operators, who apply it or
 * mark a refund due (audited). Nothing is recorded twice, nothing is dropped.
 */

const gepg = generateKeyPairSync("rsa", { modulusLength: 2048 });
const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));

function signed(content: string) {
  return openGepgMessage(sealGepgMessage(content, gepg.privateKey), gepg.publicKey);
}

const controlNumberMessage = (billId: string, number: string) =>
  `<billSubRes><BillHdr><ResId>${randomUUID()}</ResId><ReqId>${randomUUID()}</ReqId><GrpBillId>${billId}</GrpBillId><CustCntrNum>${number}</CustCntrNum><ResSts>GS</ResSts><ResStsCode>7101</ResStsCode><ResStsDesc>Success</ResStsDesc></BillHdr><BillDtls><BillDtl><BillId>${billId}</BillId><BillCntrNum>${number}</BillCntrNum><BillStsCode>7101</BillStsCode><BillStsDesc>Success</BillStsDesc></BillDtl></BillDtls></billSubRes>`;

type Notice = {
  billId: string;
  number: string;
  trxId: string;
  paid: string;
  billAmt?: string;
  ccy?: string;
  group?: string;
  sp?: string;
  option?: string;
};

const paymentRecord = (n: Notice) =>
  `<PmtTrxDtl><SpCode>${n.sp ?? "SP99001"}</SpCode><BillId>${n.billId}</BillId><BillCtrNum>${n.number}</BillCtrNum><PspCode>PSP101</PspCode><PspName>M-Pesa (Vodacom)</PspName><TrxId>${n.trxId}</TrxId><PayRefId>PR${n.trxId}</PayRefId><BillAmt>${n.billAmt ?? "8000.00"}</BillAmt><PaidAmt>${n.paid}</PaidAmt><BillPayOpt>${n.option ?? "3"}</BillPayOpt><Ccy>${n.ccy ?? "TZS"}</Ccy><CollAccNum>9900000000101</CollAccNum><TrxDtTm>2026-11-25T10:15:00</TrxDtTm><UsdPayChnl>MOBILE</UsdPayChnl><TrdPtyTrxId>QK71XY${n.trxId.slice(-4)}</TrdPtyTrxId><QtRefId></QtRefId><PyrCellNum>255700000001</PyrCellNum><PyrEmail></PyrEmail><PyrName>Rehema Mushi</PyrName><Rsv1></Rsv1><Rsv2></Rsv2><Rsv3></Rsv3></PmtTrxDtl>`;

const paymentMessage = (n: Notice) =>
  `<pmtSpNtfReq><PmtHdr><ReqId>${randomUUID()}</ReqId><GrpBillId>${n.billId}</GrpBillId><SpGrpCode>${n.group ?? "SPG9901"}</SpGrpCode><CustCntrNum>${n.number}</CustCntrNum><EntryCnt>1</EntryCnt></PmtHdr><PmtDtls>${paymentRecord(n)}</PmtDtls></pmtSpNtfReq>`;

describe.each(testEngines())("GePG payments matched to their bills on $name", ({ open }) => {
  let database: TestDatabase;
  let boss: PgBoss;
  let citizenId: string;
  let serviceId: string;
  let operator: StaffActor;
  let sequence = 0;

  /** A bill with its control number, as GePG would know it. */
  async function issuedBill(amountMinor: bigint, payOption: "exact" | "full" | "part" = "exact", currency = "TZS") {
    sequence += 1;
    const billId = `DRS2611250000${String(sequence).padStart(5, "0")}`;
    const number = `99123456${String(sequence).padStart(4, "0")}`;
    await database.db.insert(bills).values({
      billId,
      citizenId,
      serviceId,
      feePosition: 0,
      descriptionSw: "Usajili wa kizazi",
      descriptionEn: "Birth registration",
      amountMinor,
      currency,
      payOption,
      gfsCode: "99999999",
      spCode: "SP99001",
      payerName: "Rehema Mushi",
      payerPhone: "255700000001",
      state: "issued",
      controlNumber: number,
      expiresAt: new Date(Date.now() + 7 * 86400_000),
    });
    return { billId, number };
  }
  const billRow = async (billId: string) => (await database.db.select().from(bills).where(eq(bills.billId, billId)))[0]!;
  const paymentsOf = async (billId: string) => {
    const bill = await billRow(billId);
    return database.db.select().from(payments).where(eq(payments.billId, bill.id));
  };
  const unmatched = async (trxId: string) =>
    (await database.db.select().from(unmatchedPayments).where(eq(unmatchedPayments.trxId, trxId)))[0];

  beforeAll(async () => {
    database = await open();
    boss = await jobQueue(database);
    await seedCatalogue(database.db, fixture);
    const [citizen] = await database.db
      .insert(citizens)
      .values({ ninHash: "h", ninLast4: "0001", firstName: "Rehema", surname: "Mushi" })
      .returning();
    citizenId = citizen!.id;
    const [service] = await database.db.select({ id: services.id }).from(services).where(eq(services.slugEn, "birth-registration"));
    serviceId = service!.id;
    const [member] = await database.db
      .insert(staff)
      .values({ email: "ops@dirisha.test", name: "Operator", role: "admin", institutionId: null })
      .returning();
    operator = { kind: "staff", staffId: member!.id, role: "admin", institutionId: null };
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("gives a bill to its owner only: another citizen's is no bill, by its id or by its BillId", async () => {
    // Issue 21: the proxy's 404 for another's bill and the SMS's short link rest on these.
    const { billId } = await issuedBill(350_000n);
    const { id } = await billRow(billId);
    const [other] = await database.db
      .insert(citizens)
      .values({ ninHash: "other", ninLast4: "0002", firstName: "Neema", surname: "Kweka" })
      .returning();
    expect(await ownsBill(database.db, citizenId, id)).toBe(true);
    expect(await ownsBill(database.db, other!.id, id)).toBe(false);
    expect(await ownsBill(database.db, citizenId, "00000000-0000-4000-8000-000000000000")).toBe(false);
    // Not an id at all (36 dashes would fail as a uuid in the database): no bill, no query.
    expect(await ownsBill(database.db, citizenId, "-".repeat(36))).toBe(false);
    expect(await billOfCitizenByGepgId(database.db, citizenId, billId)).toEqual({ id });
    expect(await billOfCitizenByGepgId(database.db, other!.id, billId)).toBeNull();
    expect(await billOfCitizen(database.db, other!.id, id)).toBeNull();
    expect(await billOfCitizen(database.db, citizenId, "-".repeat(36))).toBeNull();
  });

  it("sets the control number once, and queues one SMS with it", async () => {
    const billId = "DRS261125900000001";
    await database.db.insert(bills).values({
      billId,
      citizenId,
      serviceId,
      feePosition: 0,
      descriptionSw: "Usajili wa kizazi",
      descriptionEn: "Birth registration",
      amountMinor: 800000n,
      currency: "TZS",
      gfsCode: "99999999",
      spCode: "SP99001",
      payerName: "Rehema Mushi",
      payerPhone: "255700000001",
      state: "submitted",
      expiresAt: new Date(Date.now() + 7 * 86400_000),
    });
    await applyControlNumber(database.db, signed(controlNumberMessage(billId, "991234567890")));
    await applyControlNumber(database.db, signed(controlNumberMessage(billId, "991234567890")));
    const bill = await billRow(billId);
    expect([bill.state, bill.controlNumber]).toEqual(["issued", "991234567890"]);
    const sms = (await queuedSms(boss)).filter((message) => message.message.includes("991234567890"));
    expect(sms).toHaveLength(1);
  });

  it("sends a bill's SMS in the language the citizen asked for it in", async () => {
    const expiresAt = new Date("2026-12-11T09:00:00Z");
    for (const [locale, phone, billId, number] of [
      ["sw", "255700000011", "DRS261125900000011", "991234560011"],
      ["en", "255700000012", "DRS261125900000012", "991234560012"],
    ] as const) {
      await database.db.insert(bills).values({
        billId,
        citizenId,
        serviceId,
        feePosition: 0,
        descriptionSw: "RITA – Usajili wa kizazi",
        descriptionEn: "RITA – Birth registration",
        amountMinor: 800000n,
        currency: "TZS",
        payOption: "part",
        gfsCode: "99999999",
        spCode: "SP99001",
        payerName: "Rehema Mushi",
        payerPhone: phone,
        state: "submitted",
        locale,
        expiresAt,
      });
      await applyControlNumber(database.db, signed(controlNumberMessage(billId, number)));
      await applyPayment(
        database.db,
        signed(paymentMessage({ billId, number, trxId: `TRX00000001${number.slice(-2)}`, paid: "3000.00", option: "2" })),
      );
      await applyPayment(
        database.db,
        signed(paymentMessage({ billId, number, trxId: `TRX00000002${number.slice(-2)}`, paid: "5000.00", option: "2" })),
      );
    }
    const receipts = async (billId: string) => (await paymentsOf(billId)).map((p) => p.receiptNumber).sort();
    const [sw1, sw2] = await receipts("DRS261125900000011");
    const swLink = shortLink("sw", "b", "DRS261125900000011");
    expect(await smsTo(boss, "255700000011")).toEqual([
      `Dirisha: Namba ya malipo 991234560011 ya TZS 8,000 kwa Usajili wa kizazi. Lipa kabla ya 11 Desemba 2026. ${swLink}`,
      `Dirisha: Tumepokea TZS 3,000 kwa namba ya malipo 991234560011. Risiti ${sw1}. Bado kulipa: TZS 5,000. ${swLink}`,
      `Dirisha: Tumepokea TZS 5,000 kwa namba ya malipo 991234560011. Risiti ${sw2}. ${swLink}`,
    ]);
    const [en1, en2] = await receipts("DRS261125900000012");
    const enLink = shortLink("en", "b", "DRS261125900000012");
    expect(await smsTo(boss, "255700000012")).toEqual([
      `Dirisha: Control number 991234560012 for TZS 8,000, Birth registration. Pay before 11 December 2026. ${enLink}`,
      `Dirisha: We received TZS 3,000 for control number 991234560012. Receipt ${en1}. Still to pay: TZS 5,000. ${enLink}`,
      `Dirisha: We received TZS 5,000 for control number 991234560012. Receipt ${en2}. ${enLink}`,
    ]);
  });

  it("applies an exact payment that matches its bill, once however often (and however concurrently) it is notified", async () => {
    const { billId, number } = await issuedBill(800000n);
    const message = paymentMessage({ billId, number, trxId: "TRX0000000001", paid: "8000.00" });
    await Promise.all([applyPayment(database.db, signed(message)), applyPayment(database.db, signed(message))]);
    await applyPayment(database.db, signed(message));
    const rows = await paymentsOf(billId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.paidMinor).toBe(800000n);
    expect(rows[0]!.receiptNumber).toMatch(/^DRS-\d{4}-\d{6}$/);
    expect(rows[0]!.pspReceipt).toBe("QK71XY0001");
    expect(billStatus(await billRow(billId))).toBe("paid");
    expect(await unmatched("TRX0000000001")).toBeUndefined();
    expect((await queuedSms(boss)).filter((sms) => sms.message.includes("Tumepokea") && sms.message.includes(number))).toHaveLength(1);
  });

  it("keeps TZS 1.00 on a TZS 150,000 exact bill as unmatched: the bill stays unpaid and no receipt exists", async () => {
    const { billId, number } = await issuedBill(15_000_000n);
    await applyPayment(database.db, signed(paymentMessage({ billId, number, trxId: "TRX0000000010", paid: "1.00", billAmt: "150000.00" })));
    expect((await billRow(billId)).state).toBe("issued");
    expect(await paymentsOf(billId)).toEqual([]);
    const kept = await unmatched("TRX0000000010");
    expect(kept).toMatchObject({ state: "open", source: "notice", paidMinor: 100n, mismatches: ["amount_not_exact"], gepgBillId: billId });
    expect(kept!.signedXml).toContain("<TrxId>TRX0000000010</TrxId>");
    // Notified again: still one.
    await applyPayment(database.db, signed(paymentMessage({ billId, number, trxId: "TRX0000000010", paid: "1.00", billAmt: "150000.00" })));
    expect(await database.db.select().from(unmatchedPayments).where(eq(unmatchedPayments.trxId, "TRX0000000010"))).toHaveLength(1);
  });

  it("keeps a wrong currency, a wrong control number, another SP group or SP code, and an unknown BillId, each saying what disagrees", async () => {
    const { billId, number } = await issuedBill(800000n);
    const cases: [Notice, string[]][] = [
      [{ billId, number, trxId: "TRX0000000020", paid: "8000.00", ccy: "USD" }, ["currency"]],
      [{ billId, number: "990000000000", trxId: "TRX0000000021", paid: "8000.00" }, ["control_number"]],
      [{ billId, number, trxId: "TRX0000000022", paid: "8000.00", group: "SPG0000" }, ["sp_group"]],
      [{ billId, number, trxId: "TRX0000000023", paid: "8000.00", sp: "SP00000" }, ["sp_code"]],
      [{ billId, number, trxId: "TRX0000000024", paid: "8000.00", billAmt: "9000.00" }, ["bill_amount"]],
      [{ billId: "DRS000000000000000", number, trxId: "TRX0000000025", paid: "8000.00" }, ["unknown_bill"]],
    ];
    for (const [notice, mismatches] of cases) {
      await applyPayment(database.db, signed(paymentMessage(notice)));
      expect((await unmatched(notice.trxId))?.mismatches, notice.trxId).toEqual(mismatches);
    }
    expect((await billRow(billId)).state).toBe("issued");
    expect(await paymentsOf(billId)).toEqual([]);
    expect((await unmatched("TRX0000000025"))!.billId).toBeNull();
  });

  it("follows each payment option: exact, full-or-more, part with its balance", async () => {
    // Exact: a second payment on a paid bill is not taken.
    const exact = await issuedBill(800000n, "exact");
    await applyPayment(database.db, signed(paymentMessage({ ...exact, trxId: "TRX0000000030", paid: "8000.00" })));
    await applyPayment(database.db, signed(paymentMessage({ ...exact, trxId: "TRX0000000031", paid: "8000.00" })));
    expect((await unmatched("TRX0000000031"))?.mismatches).toEqual(["bill_paid"]);
    expect(await paymentsOf(exact.billId)).toHaveLength(1);

    // Full or more: less is kept, more settles the bill.
    const full = await issuedBill(800000n, "full");
    await applyPayment(database.db, signed(paymentMessage({ ...full, trxId: "TRX0000000032", paid: "7999.99", option: "1" })));
    expect((await unmatched("TRX0000000032"))?.mismatches).toEqual(["amount_short"]);
    await applyPayment(database.db, signed(paymentMessage({ ...full, trxId: "TRX0000000033", paid: "9000.00", option: "1" })));
    expect((await billRow(full.billId)).state).toBe("paid");

    // Part: part payments with the balance, exact decimals, nothing over what is left.
    const part = await issuedBill(800000n, "part");
    await applyPayment(database.db, signed(paymentMessage({ ...part, trxId: "TRX0000000034", paid: "1500.50", option: "2" })));
    expect((await billRow(part.billId)).state).toBe("part_paid");
    expect((await paymentsOf(part.billId)).map((p) => p.paidMinor)).toEqual([150050n]);
    await applyPayment(database.db, signed(paymentMessage({ ...part, trxId: "TRX0000000035", paid: "6500.00", option: "2" })));
    expect((await unmatched("TRX0000000035"))?.mismatches).toEqual(["amount_over"]);
    await applyPayment(database.db, signed(paymentMessage({ ...part, trxId: "TRX0000000036", paid: "6499.50", option: "2" })));
    expect((await billRow(part.billId)).state).toBe("paid");
    expect((await paymentsOf(part.billId)).reduce((sum, p) => sum + p.paidMinor, 0n)).toBe(800000n);
  });

  it("lets an operator apply an unmatched payment to a bill after checking, or mark a refund due, each audited", async () => {
    const { billId, number } = await issuedBill(800000n);
    // Notified with a control number GePG mistyped: kept.
    await applyPayment(database.db, signed(paymentMessage({ billId, number: "990000000001", trxId: "TRX0000000040", paid: "8000.00" })));
    const kept = (await unmatched("TRX0000000040"))!;
    const citizen = { kind: "citizen" as const, citizenId, sessionId: "s" };
    expect(await applyUnmatchedPayment(database.db, citizen as never, { id: kept.id, bill: billId, note: "" })).toEqual({
      ok: false,
      problem: "forbidden",
    });
    expect(await applyUnmatchedPayment(database.db, operator, { id: kept.id, bill: "DRS999", note: "" })).toEqual({
      ok: false,
      problem: "billNotFound",
    });

    const applied = await applyUnmatchedPayment(database.db, operator, {
      id: kept.id,
      bill: number,
      note: "Checked with the payer's M-Pesa receipt",
    });
    expect(applied).toMatchObject({ ok: true, receipt: expect.stringMatching(/^DRS-/) });
    expect((await billRow(billId)).state).toBe("paid");
    expect(await unmatched("TRX0000000040")).toMatchObject({
      state: "applied",
      resolvedBy: operator.staffId,
      resolution: "Checked with the payer's M-Pesa receipt",
    });
    // Once only.
    expect(await applyUnmatchedPayment(database.db, operator, { id: kept.id, bill: number, note: "" })).toEqual({
      ok: false,
      problem: "notOpen",
    });

    // A second payment for the now paid bill: applying is refused, a refund is recorded.
    await applyPayment(database.db, signed(paymentMessage({ billId, number, trxId: "TRX0000000041", paid: "8000.00" })));
    const second = (await unmatched("TRX0000000041"))!;
    expect(second.mismatches).toEqual(["bill_paid"]);
    expect(await applyUnmatchedPayment(database.db, operator, { id: second.id, bill: billId, note: "" })).toEqual({
      ok: false,
      problem: "billPaid",
    });
    expect(await markRefundDue(database.db, operator, { id: second.id, reason: "no" })).toEqual({ ok: false, problem: "reason" });
    expect(await markRefundDue(database.db, operator, { id: second.id, reason: "Paid twice; refund through GePG" })).toEqual({ ok: true });
    expect(await unmatched("TRX0000000041")).toMatchObject({ state: "refund_due", resolution: "Paid twice; refund through GePG" });

    // A USD payment cannot go onto a TZS bill.
    const other = await issuedBill(800000n);
    await applyPayment(database.db, signed(paymentMessage({ ...other, trxId: "TRX0000000042", paid: "8000.00", ccy: "USD" })));
    expect(
      await applyUnmatchedPayment(database.db, operator, { id: (await unmatched("TRX0000000042"))!.id, bill: other.billId, note: "" }),
    ).toEqual({ ok: false, problem: "currency" });

    const audit = await database.db
      .select()
      .from(editorialAudit)
      .where(sql`${editorialAudit.action} like 'payment.%'`);
    expect(audit.map((a) => [a.action, a.staffId, a.entityId])).toEqual(
      expect.arrayContaining([
        ["payment.apply_unmatched", operator.staffId, kept.id],
        ["payment.refund_due", operator.staffId, second.id],
      ]),
    );
    const entry = audit.find((a) => a.action === "payment.apply_unmatched")!;
    expect(entry.before).toMatchObject({ state: "open", mismatches: ["control_number"] });
    expect(entry.after).toMatchObject({ state: "applied", billState: "paid" });
  });

  it("reconciles a day: matches GePG's list with ours, and keeps a payment GePG lists that never reached us as unmatched, once", async () => {
    const { billId, number } = await issuedBill(800000n);
    await applyPayment(database.db, signed(paymentMessage({ billId, number, trxId: "TRX0000000050", paid: "8000.00" })));
    // A payment for another bill whose notice was refused at the time (bad signature): it is still "awaiting payment".
    const lost = await issuedBill(800000n);
    const reqId = randomUUID();
    await database.db.insert(reconciliations).values({ reqId, day: "2026-11-25" });
    const record = (n: Notice) =>
      paymentRecord(n).replace("<PmtTrxDtl>", `<PmtTrxDtl><CustCntrNum>${n.number}</CustCntrNum><GrpBillId>${n.billId}</GrpBillId>`);
    const response = `<sucSpPmtRes><BatchHdr><ResId>${randomUUID()}</ResId><ReqId>${reqId}</ReqId><PayStsCode>7101</PayStsCode><PayStsDesc>Success</PayStsDesc></BatchHdr><PmtDtls>${record({ billId, number, trxId: "TRX0000000050", paid: "8000.00" })}${record({ ...lost, trxId: "TRX0000000051", paid: "8000.00" })}</PmtDtls></sucSpPmtRes>`;
    await applyReconciliation(database.db, signed(response));
    await applyReconciliation(database.db, signed(response));
    const [run] = await database.db.select().from(reconciliations).where(eq(reconciliations.reqId, reqId));
    expect([run!.state, run!.gepgCount, run!.matched]).toEqual(["answered", 2, 1]);
    // (Payments of the other tests, on the same day, are ours and not in this list: missing at GePG.)
    expect(run!.differences!.filter((d) => d.kind !== "missing_at_gepg").map((d) => [d.kind, d.trxId])).toEqual([
      ["missing_here", "TRX0000000051"],
    ]);
    expect(run!.differences!.some((d) => d.trxId === "TRX0000000050")).toBe(false);
    const [first] = await database.db.select().from(payments).where(eq(payments.trxId, "TRX0000000050"));
    expect(first!.reconciledAt).not.toBeNull();
    expect(await unmatched("TRX0000000051")).toMatchObject({
      source: "reconciliation",
      state: "open",
      mismatches: ["missing_notice"],
      paidMinor: 800000n,
    });
    // The operator applies it: the citizen's bill is paid, with a receipt.
    const applied = await applyUnmatchedPayment(database.db, operator, {
      id: (await unmatched("TRX0000000051"))!.id,
      bill: lost.billId,
      note: "",
    });
    expect(applied.ok).toBe(true);
    expect((await billRow(lost.billId)).state).toBe("paid");
  });

  it("refuses a message whose signature does not match the bytes received", () => {
    const sealed = sealGepgMessage(
      paymentMessage({ billId: "DRS1", number: "991234567890", trxId: "TRX0000000003", paid: "8000.00" }),
      gepg.privateKey,
    );
    const tampered = sealed.replace("<PaidAmt>8000.00</PaidAmt>", "<PaidAmt>8000.01</PaidAmt>");
    expect(() => openGepgMessage(tampered, gepg.publicKey)).toThrow(/signature does not verify/);
  });
});
