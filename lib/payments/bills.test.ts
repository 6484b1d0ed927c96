import { generateKeyPairSync, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bills, citizens, outbox, payments, services } from "@/db/schema";
import { seedCatalogue } from "@/db/seed/load";
import { readCatalogueData } from "@/db/seed/data-files";
import { openGepgMessage, sealGepgMessage } from "@/lib/integrations/gepg/signature";
import { testEngines, type TestDatabase } from "@/testing/database";
import path from "node:path";
import { reconciliations } from "@/db/schema";
import { applyControlNumber, applyPayment, billStatus } from "./bills";
import { applyReconciliation } from "./reconciliation";

/*
 * GePG's callbacks applied to the database: a control number and a payment, each signed by
 * "GePG" (a key made here), applied once however often they come, amounts in minor units.
 */

const gepg = generateKeyPairSync("rsa", { modulusLength: 2048 });
const fixture = readCatalogueData(path.resolve(import.meta.dirname, "../../testing/fixtures/catalogue"));

function signed(content: string) {
  return openGepgMessage(sealGepgMessage(content, gepg.privateKey), gepg.publicKey);
}

const controlNumberMessage = (billId: string, number: string) =>
  `<billSubRes><BillHdr><ResId>${randomUUID()}</ResId><ReqId>${randomUUID()}</ReqId><GrpBillId>${billId}</GrpBillId><CustCntrNum>${number}</CustCntrNum><ResSts>GS</ResSts><ResStsCode>7101</ResStsCode><ResStsDesc>Success</ResStsDesc></BillHdr><BillDtls><BillDtl><BillId>${billId}</BillId><BillCntrNum>${number}</BillCntrNum><BillStsCode>7101</BillStsCode><BillStsDesc>Success</BillStsDesc></BillDtl></BillDtls></billSubRes>`;

const paymentMessage = (billId: string, number: string, trxId: string, paid: string) =>
  `<pmtSpNtfReq><PmtHdr><ReqId>${randomUUID()}</ReqId><GrpBillId>${billId}</GrpBillId><SpGrpCode>SPG9901</SpGrpCode><CustCntrNum>${number}</CustCntrNum><EntryCnt>1</EntryCnt></PmtHdr><PmtDtls><PmtTrxDtl><SpCode>SP99001</SpCode><BillId>${billId}</BillId><BillCtrNum>${number}</BillCtrNum><PspCode>PSP101</PspCode><PspName>M-Pesa (Vodacom)</PspName><TrxId>${trxId}</TrxId><PayRefId>PR${trxId}</PayRefId><BillAmt>8000.00</BillAmt><PaidAmt>${paid}</PaidAmt><BillPayOpt>3</BillPayOpt><Ccy>TZS</Ccy><CollAccNum>9900000000101</CollAccNum><TrxDtTm>2026-11-25T10:15:00</TrxDtTm><UsdPayChnl>MOBILE</UsdPayChnl><TrdPtyTrxId>QK71XY${trxId.slice(-4)}</TrdPtyTrxId><QtRefId></QtRefId><PyrCellNum>255700000001</PyrCellNum><PyrEmail></PyrEmail><PyrName>Rehema Mushi</PyrName><Rsv1></Rsv1><Rsv2></Rsv2><Rsv3></Rsv3></PmtTrxDtl></PmtDtls></pmtSpNtfReq>`;

describe.each(testEngines())("GePG callbacks applied on $name", ({ open }) => {
  let database: TestDatabase;
  let billId: string;

  beforeAll(async () => {
    database = await open();
    await seedCatalogue(database.db, fixture);
    const [citizen] = await database.db.insert(citizens).values({ ninHash: "h", ninLast4: "0001", firstName: "Rehema", surname: "Mushi", dateOfBirth: "1990-01-01" }).returning();
    const [service] = await database.db.select({ id: services.id }).from(services).where(eq(services.slugEn, "birth-registration"));
    billId = "DRS261125000000001";
    await database.db.insert(bills).values({
      billId,
      citizenId: citizen!.id,
      serviceId: service!.id,
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
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("sets the control number once, and queues one SMS with it", async () => {
    await applyControlNumber(database.db, signed(controlNumberMessage(billId, "991234567890")));
    await applyControlNumber(database.db, signed(controlNumberMessage(billId, "991234567890")));
    const [bill] = await database.db.select().from(bills).where(eq(bills.billId, billId));
    expect([bill!.state, bill!.controlNumber]).toEqual(["issued", "991234567890"]);
    const sms = await database.db.select().from(outbox).where(eq(outbox.topic, "sms.send"));
    expect(sms).toHaveLength(1);
    expect(JSON.stringify(sms[0]!.payload)).toContain("991234567890");
  });

  it("records a payment notified twice, even at the same moment, once; amounts stay integers of cents", async () => {
    const message = paymentMessage(billId, "991234567890", "TRX0000000001", "8000.00");
    await Promise.all([applyPayment(database.db, signed(message)), applyPayment(database.db, signed(message))]);
    await applyPayment(database.db, signed(message));
    const rows = await database.db.select().from(payments).where(eq(payments.trxId, "TRX0000000001"));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.paidMinor).toBe(800000n);
    expect(rows[0]!.receiptNumber).toMatch(/^DRS-\d{4}-\d{6}$/);
    expect(rows[0]!.pspReceipt).toBe("QK71XY0001");
    const [bill] = await database.db.select().from(bills).where(eq(bills.billId, billId));
    expect(billStatus(bill!)).toBe("paid");
    const [{ n } = { n: 0 }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(sql`${outbox.payload}::text like '%Tumepokea%'`);
    expect(Number(n)).toBe(1);
  });

  it("reads GePG's decimals exactly: a payment of 1500.50 is 150050 cents", async () => {
    await applyPayment(database.db, signed(paymentMessage(billId, "991234567890", "TRX0000000002", "1500.50")));
    const [row] = await database.db.select().from(payments).where(eq(payments.trxId, "TRX0000000002"));
    expect(row!.paidMinor).toBe(150050n);
  });

  it("reconciles a day: matches GePG's list with ours and flags what differs, once", async () => {
    const reqId = randomUUID();
    await database.db.insert(reconciliations).values({ reqId, day: "2026-11-25" });
    const record = (trxId: string, paid: string) =>
      paymentMessage(billId, "991234567890", trxId, paid)
        .replace(/^.*<PmtDtls>/, "")
        .replace(/<\/PmtDtls>.*$/, "")
        .replace("<PmtTrxDtl>", `<PmtTrxDtl><CustCntrNum>991234567890</CustCntrNum><GrpBillId>${billId}</GrpBillId>`);
    // GePG lists our first payment as it is, our second with another amount, and one we never heard of.
    const response = `<sucSpPmtRes><BatchHdr><ResId>${randomUUID()}</ResId><ReqId>${reqId}</ReqId><PayStsCode>7101</PayStsCode><PayStsDesc>Success</PayStsDesc></BatchHdr><PmtDtls>${record("TRX0000000001", "8000.00")}${record("TRX0000000002", "1500.00")}${record("TRX0000000099", "8000.00")}</PmtDtls></sucSpPmtRes>`;
    await applyReconciliation(database.db, signed(response));
    await applyReconciliation(database.db, signed(response));
    const [run] = await database.db.select().from(reconciliations).where(eq(reconciliations.reqId, reqId));
    expect([run!.state, run!.gepgCount, run!.matched]).toEqual(["answered", 3, 1]);
    expect(run!.differences!.map((d) => [d.kind, d.trxId])).toEqual([
      ["amount", "TRX0000000002"],
      ["missing_here", "TRX0000000099"],
    ]);
    const [first] = await database.db.select().from(payments).where(eq(payments.trxId, "TRX0000000001"));
    expect(first!.reconciledAt).not.toBeNull();
  });

  it("refuses a message whose signature does not match the bytes received", () => {
    const sealed = sealGepgMessage(paymentMessage(billId, "991234567890", "TRX0000000003", "8000.00"), gepg.privateKey);
    const tampered = sealed.replace("<PaidAmt>8000.00</PaidAmt>", "<PaidAmt>8000.01</PaidAmt>");
    expect(() => openGepgMessage(tampered, gepg.publicKey)).toThrow(/signature does not verify/);
  });
});
