import { describe, expect, it } from "vitest";
import {
  buildBillCanclReq,
  buildBillSubReq,
  buildBillSubResAck,
  buildPmtSpNtfReqAck,
  buildSucSpPmtReq,
  buildSucSpPmtResAck,
  describeStatus,
  formatAmount,
  formatGepgDate,
  formatGepgDateTime,
  GEPG_STATUS,
  GepgMessageError,
  isCancelled,
  isSuccess,
  parseAmount,
  parseBillCanclRes,
  parseBillSubReqAck,
  parseBillSubRes,
  parseGepgDateTime,
  parsePmtSpNtfReq,
  parseSucSpPmtReqAck,
  parseSucSpPmtRes,
  toMinorUnits,
  type BillDtlInput,
  type BillSubReqInput,
} from "./messages";
import { parseXml, writeXml, type XmlElement, type XmlNode } from "./xml";

// The field lists of /work/shared/specs/gepg.md, copied here on purpose (not imported): the
// builders and readers are checked against the spec, not against themselves.
const SPEC = {
  BillHdr: ["ReqId", "SpGrpCode", "SysCode", "BillTyp", "PayTyp", "GrpBillId"],
  BillDtl: [
    "BillId",
    "SpCode",
    "CollCentCode",
    "BillDesc",
    "CustTin",
    "CustId",
    "CustIdTyp",
    "CustAccnt",
    "CustName",
    "CustCellNum",
    "CustEmail",
    "BillGenDt",
    "BillExprDt",
    "BillGenBy",
    "BillApprBy",
    "BillAmt",
    "BillEqvAmt",
    "MinPayAmt",
    "Ccy",
    "ExchRate",
    "BillPayOpt",
    "PayPlan",
    "PayLimTyp",
    "PayLimAmt",
    "CollPsp",
    "BillItems",
  ],
  BillItem: ["RefBillId", "SubSpCode", "GfsCode", "BillItemRef", "UseItemRefOnPay", "BillItemAmt", "BillItemEqvAmt", "CollSp"],
  billSubResAck: ["AckId", "ResId", "AckStsCode"],
  pmtSpNtfReqAck: ["AckId", "ReqId", "AckStsCode"],
  sucSpPmtResAck: ["AckId", "ResId", "AckStsCode"],
  sucSpPmtReq: ["ReqId", "SpGrpCode", "SysCode", "TrxDt", "Rsv1", "Rsv2", "Rsv3"],
  billCanclReq: ["ReqId", "SpGrpCode", "SysCode", "BillTyp", "GrpBillId", "CanclGenBy", "CanclApprBy", "CanclReasn"],
  billSubReqAck: ["AckId", "ReqId", "AckStsCode", "AckStsDesc"],
  billSubResHdr: ["ResId", "ReqId", "GrpBillId", "CustCntrNum", "ResSts", "ResStsCode", "ResStsDesc"],
  billSubResDtl: ["BillId", "BillCntrNum", "BillStsCode", "BillStsDesc"],
  PmtHdr: ["ReqId", "GrpBillId", "SpGrpCode", "CustCntrNum", "EntryCnt"],
  PmtTrxDtl: [
    "SpCode",
    "BillId",
    "BillCtrNum",
    "PspCode",
    "PspName",
    "TrxId",
    "PayRefId",
    "BillAmt",
    "PaidAmt",
    "BillPayOpt",
    "Ccy",
    "CollAccNum",
    "TrxDtTm",
    "UsdPayChnl",
    "TrdPtyTrxId",
    "QtRefId",
    "PyrCellNum",
    "PyrEmail",
    "PyrName",
    "Rsv1",
    "Rsv2",
    "Rsv3",
  ],
  BatchHdr: ["ResId", "ReqId", "PayStsCode", "PayStsDesc"],
};

const names = (element: XmlElement) => element.children.map((c) => c.name);
const texts = (element: XmlElement) =>
  Object.fromEntries(element.children.filter((c) => c.children.length === 0).map((c) => [c.name, c.text]));
const child = (element: XmlElement, name: string) => element.children.find((c) => c.name === name)!;

/** A flat record in the order of `fields`, for the messages GePG sends. */
function flat(name: string, fields: readonly string[], values: Record<string, string>): XmlNode {
  return { name, children: fields.map((field) => ({ name: field, text: values[field] ?? "" })) };
}

function bill(overrides: Partial<BillDtlInput> = {}): BillDtlInput {
  return {
    BillId: "DRSH-BILL-1",
    SpCode: "SP99010",
    CollCentCode: "HQ",
    BillDesc: "Leseni ya biashara",
    CustId: "19900101000000000001",
    CustIdTyp: "1",
    CustName: "Amani Juma Mushi",
    CustCellNum: "255700000001",
    CustEmail: "amani@example.tz",
    BillGenDt: "2026-03-01T09:00:00",
    BillExprDt: "2026-03-31T23:59:59",
    BillGenBy: "Dirisha",
    BillApprBy: "Dirisha",
    BillAmt: 150050n,
    BillEqvAmt: "1500.50",
    Ccy: "TZS",
    BillPayOpt: "3",
    BillItems: [
      {
        SubSpCode: "1001",
        GfsCode: "140206",
        BillItemRef: "ITEM-1",
        UseItemRefOnPay: "N",
        BillItemAmt: 100000n,
        BillItemEqvAmt: 100000n,
        CollSp: "SP99010",
      },
      {
        SubSpCode: "1001",
        GfsCode: "140202",
        BillItemRef: "ITEM-2",
        UseItemRefOnPay: "N",
        BillItemAmt: "500.5",
        BillItemEqvAmt: "500.50",
        CollSp: "SP99010",
      },
    ],
    ...overrides,
  };
}

function submission(overrides: Partial<BillDtlInput> = {}): BillSubReqInput {
  return {
    BillHdr: { ReqId: "REQ-1", SpGrpCode: "SPG9901", SysCode: "DRSH001", BillTyp: "1", PayTyp: "1", GrpBillId: "DRSH-BILL-1" },
    BillDtls: [bill(overrides)],
  };
}

function buildError(build: () => unknown): GepgMessageError {
  try {
    build();
  } catch (error) {
    if (error instanceof GepgMessageError) return error;
    throw error;
  }
  throw new Error("expected a GepgMessageError");
}

describe("amounts", () => {
  it("are written from integer minor units or exact decimal strings, always with two decimals", () => {
    // Rule: amounts are never JS floats.
    expect(formatAmount(150050n)).toBe("1500.50");
    expect(formatAmount(5n)).toBe("0.05");
    expect(formatAmount(0n)).toBe("0.00");
    expect(formatAmount(12345678901234567n)).toBe("123456789012345.67");
    expect(toMinorUnits(150050n)).toBe(150050n);
    expect(toMinorUnits("1500.5")).toBe(150050n);
    expect(toMinorUnits("1500")).toBe(150000n);
    expect(toMinorUnits("0.01")).toBe(1n);
  });

  it("refuse numbers, a third decimal, signs, exponents and padding", () => {
    expect(() => toMinorUnits(1500.5 as unknown as bigint, "BillAmt")).toThrow(
      "BillAmt must be a bigint of minor units or a decimal string, not a number",
    );
    for (const bad of ["1500.505", "-1", "1e3", "01500", " 1500", "1,500.00", "", ".5", "1500."]) {
      expect(() => toMinorUnits(bad, "BillAmt"), bad).toThrow(/BillAmt ".*" is not an amount/);
    }
    expect(() => toMinorUnits(-1n, "BillAmt")).toThrow("BillAmt is negative");
    expect(() => formatAmount(-1n)).toThrow(/negative/);
  });

  it("are read exactly from what GePG writes", () => {
    expect(parseAmount("7885.0")).toBe(788500n);
    expect(parseAmount("7885")).toBe(788500n);
    expect(parseAmount("1500.50")).toBe(150050n);
    expect(parseAmount("1500.500")).toBe(150050n);
    expect(() => parseAmount("1500.501", "PaidAmt")).toThrow('PaidAmt "1500.501" has more than two decimals');
    expect(() => parseAmount("15,00", "PaidAmt")).toThrow('PaidAmt "15,00" is not an amount');
  });
});

describe("dates", () => {
  it("are East Africa Time, UTC+3", () => {
    expect(formatGepgDateTime(new Date("2026-03-01T21:30:00Z"))).toBe("2026-03-02T00:30:00");
    expect(formatGepgDate(new Date("2026-03-01T21:30:00Z"))).toBe("2026-03-02");
    expect(parseGepgDateTime("2026-03-02T00:30:00").toISOString()).toBe("2026-03-01T21:30:00.000Z");
    expect(parseGepgDateTime("2026-03-02 00:30:00.250").toISOString()).toBe("2026-03-01T21:30:00.250Z");
    expect(() => parseGepgDateTime("2026-02-30T00:00:00", "BillExprDt")).toThrow('BillExprDt "2026-02-30T00:00:00" is not a date-time');
    expect(() => parseGepgDateTime("2026-03-01T24:00:00")).toThrow(GepgMessageError);
  });
});

describe("billSubReq", () => {
  it("writes the header, bill details and items in the spec's order, with amounts from minor units", () => {
    const root = parseXml(buildBillSubReq(submission()));
    expect(root.name).toBe("billSubReq");
    expect(names(root)).toEqual(["BillHdr", "BillDtls"]);
    expect(names(child(root, "BillHdr"))).toEqual(SPEC.BillHdr);
    expect(texts(child(root, "BillHdr"))).toEqual({
      ReqId: "REQ-1",
      SpGrpCode: "SPG9901",
      SysCode: "DRSH001",
      BillTyp: "1",
      PayTyp: "1",
      GrpBillId: "DRSH-BILL-1",
    });
    const details = child(root, "BillDtls");
    expect(names(details)).toEqual(["BillDtl"]);
    const detail = details.children[0]!;
    expect(names(detail)).toEqual(SPEC.BillDtl);
    expect(texts(detail)).toEqual({
      BillId: "DRSH-BILL-1",
      SpCode: "SP99010",
      CollCentCode: "HQ",
      BillDesc: "Leseni ya biashara",
      CustTin: "",
      CustId: "19900101000000000001",
      CustIdTyp: "1",
      CustAccnt: "",
      CustName: "Amani Juma Mushi",
      CustCellNum: "255700000001",
      CustEmail: "amani@example.tz",
      BillGenDt: "2026-03-01T09:00:00",
      BillExprDt: "2026-03-31T23:59:59",
      BillGenBy: "Dirisha",
      BillApprBy: "Dirisha",
      BillAmt: "1500.50",
      BillEqvAmt: "1500.50",
      MinPayAmt: "1500.50",
      Ccy: "TZS",
      ExchRate: "1.00",
      BillPayOpt: "3",
      PayPlan: "1",
      PayLimTyp: "1",
      PayLimAmt: "0.00",
      CollPsp: "",
    });
    const items = child(detail, "BillItems").children;
    expect(items.map((i) => i.name)).toEqual(["BillItem", "BillItem"]);
    for (const item of items) expect(names(item)).toEqual(SPEC.BillItem);
    expect(texts(items[0]!)).toEqual({
      RefBillId: "DRSH-BILL-1",
      SubSpCode: "1001",
      GfsCode: "140206",
      BillItemRef: "ITEM-1",
      UseItemRefOnPay: "N",
      BillItemAmt: "1000.00",
      BillItemEqvAmt: "1000.00",
      CollSp: "SP99010",
    });
    expect(texts(items[1]!).BillItemAmt).toBe("500.50");
  });

  it("is compact XML whose text survives escaping", () => {
    const xml = buildBillSubReq(submission({ BillDesc: 'Ada <ya> "leseni" & usajili', CustName: "O'Brien — Zanzibar" }));
    expect(xml).toMatch(/^<billSubReq><BillHdr><ReqId>REQ-1<\/ReqId>/);
    expect(xml).not.toMatch(/>\s+</);
    expect(xml).toContain("<BillDesc>Ada &lt;ya&gt; &quot;leseni&quot; &amp; usajili</BillDesc>");
    const detail = child(child(parseXml(xml), "BillDtls"), "BillDtl");
    expect(texts(detail).BillDesc).toBe('Ada <ya> "leseni" & usajili');
    expect(texts(detail).CustName).toBe("O'Brien — Zanzibar");
  });

  it("writes a Date in East Africa Time, and partial payment with its minimum", () => {
    const xml = buildBillSubReq(
      submission({
        BillGenDt: new Date("2026-03-01T06:00:00Z"),
        BillExprDt: new Date("2026-03-31T20:59:59Z"),
        BillPayOpt: "2",
        MinPayAmt: "100.00",
      }),
    );
    const detail = texts(child(child(parseXml(xml), "BillDtls"), "BillDtl"));
    expect(detail).toMatchObject({
      BillGenDt: "2026-03-01T09:00:00",
      BillExprDt: "2026-03-31T23:59:59",
      BillPayOpt: "2",
      MinPayAmt: "100.00",
    });
  });

  it("writes a group of bills (BillTyp 2), each with its items", () => {
    const request: BillSubReqInput = {
      BillHdr: { ReqId: "REQ-2", SpGrpCode: "SPG9901", SysCode: "DRSH001", BillTyp: "2", PayTyp: "2", GrpBillId: "GROUP-1" },
      BillDtls: [bill({ BillId: "A" }), bill({ BillId: "B", SpCode: "SP99011" })],
    };
    const details = child(parseXml(buildBillSubReq(request)), "BillDtls").children;
    expect(details.map((d) => texts(d).BillId)).toEqual(["A", "B"]);
    expect(texts(child(details[1]!, "BillItems").children[0]!).RefBillId).toBe("B");
  });

  it("refuses what GePG would refuse, naming the field", () => {
    const cases: [() => unknown, string, string][] = [
      [() => buildBillSubReq(submission({ BillAmt: 150051n })), "BillDtls.BillDtl[1].BillAmt", "is not the sum of its items (1500.50)"],
      [() => buildBillSubReq(submission({ BillEqvAmt: "1500.00" })), "BillDtls.BillDtl[1].BillEqvAmt", "is not the sum of its items"],
      [
        () => buildBillSubReq(submission({ BillExprDt: "2026-03-01T08:00:00" })),
        "BillDtls.BillDtl[1].BillExprDt",
        "must be after BillGenDt",
      ],
      [
        () => buildBillSubReq(submission({ BillPayOpt: "2" })),
        "BillDtls.BillDtl[1].MinPayAmt",
        "is missing (required for partial payment)",
      ],
      [() => buildBillSubReq(submission({ MinPayAmt: "2000.00" })), "BillDtls.BillDtl[1].MinPayAmt", "is more than BillAmt"],
      [() => buildBillSubReq(submission({ Ccy: "USD" })), "BillDtls.BillDtl[1].ExchRate", "is missing (required for USD)"],
      [() => buildBillSubReq(submission({ ExchRate: "1e3" })), "BillDtls.BillDtl[1].ExchRate", "must be a positive decimal"],
      [() => buildBillSubReq(submission({ CustCellNum: "0700000001" })), "BillDtls.BillDtl[1].CustCellNum", "must be 255 and nine digits"],
      [
        () => buildBillSubReq(submission({ CustIdTyp: undefined })),
        "BillDtls.BillDtl[1].CustIdTyp",
        "is missing (CustId and CustIdTyp go together",
      ],
      [() => buildBillSubReq(submission({ CustName: " " })), "BillDtls.BillDtl[1].CustName", "is missing"],
      [() => buildBillSubReq(submission({ BillItems: [] })), "BillDtls.BillDtl[1].BillItems", "is missing"],
      [() => buildBillSubReq(submission({ BillDesc: "bell \u0007" })), "BillDtls.BillDtl[1].BillDesc", "U+0007 cannot be written"],
      [
        () => buildBillSubReq(submission({ BillItems: [{ ...bill().BillItems[0]!, GfsCode: "" }] })),
        "BillDtls.BillDtl[1].BillItems.BillItem[1].GfsCode",
        "is missing",
      ],
      [() => buildBillSubReq({ ...submission(), BillDtls: [bill(), bill()] }), "BillHdr.BillTyp", "BillTyp 1 carries exactly one BillDtl"],
      [
        () => buildBillSubReq({ ...submission(), BillHdr: { ...submission().BillHdr, BillTyp: "2" }, BillDtls: [bill(), bill()] }),
        "BillDtls.BillDtl[2].BillId",
        "repeats an earlier BillId",
      ],
    ];
    for (const [build, field, message] of cases) {
      const error = buildError(build);
      expect(error.field, message).toBe(field);
      expect(error.message).toContain(field);
      expect(error.message).toContain(message);
    }
  });
});

describe("the SP's other messages", () => {
  it("acknowledgements carry the id they answer and a four-digit code, in the spec's order", () => {
    const cases: [string, string[], Record<string, string>][] = [
      [
        buildBillSubResAck({ AckId: "A1", ResId: "RES-1", AckStsCode: "7101" }),
        SPEC.billSubResAck,
        { AckId: "A1", ResId: "RES-1", AckStsCode: "7101" },
      ],
      [
        buildPmtSpNtfReqAck({ AckId: "A2", ReqId: "REQ-9", AckStsCode: "7101" }),
        SPEC.pmtSpNtfReqAck,
        { AckId: "A2", ReqId: "REQ-9", AckStsCode: "7101" },
      ],
      [
        buildSucSpPmtResAck({ AckId: "A3", ResId: "RES-3", AckStsCode: "7201" }),
        SPEC.sucSpPmtResAck,
        { AckId: "A3", ResId: "RES-3", AckStsCode: "7201" },
      ],
    ];
    for (const [xml, order, values] of cases) {
      const root = parseXml(xml);
      expect(names(root)).toEqual(order);
      expect(texts(root)).toEqual(values);
    }
    expect(buildPmtSpNtfReqAck({ AckId: "A2", ReqId: "REQ-9", AckStsCode: "7101" })).toBe(
      "<pmtSpNtfReqAck><AckId>A2</AckId><ReqId>REQ-9</ReqId><AckStsCode>7101</AckStsCode></pmtSpNtfReqAck>",
    );
    expect(() => buildPmtSpNtfReqAck({ AckId: "A", ReqId: "R", AckStsCode: "ok" })).toThrow(
      "pmtSpNtfReqAck.AckStsCode must be a four-digit status code",
    );
    expect(() => buildBillSubResAck({ AckId: "A", ResId: "", AckStsCode: "7101" })).toThrow("billSubResAck.ResId is missing");
  });

  it("sucSpPmtReq asks for one EAT day", () => {
    const root = parseXml(
      buildSucSpPmtReq({ ReqId: "REC-1", SpGrpCode: "SPG9901", SysCode: "DRSH001", TrxDt: new Date("2026-03-01T22:00:00Z") }),
    );
    expect(names(root)).toEqual(SPEC.sucSpPmtReq);
    expect(texts(root)).toEqual({
      ReqId: "REC-1",
      SpGrpCode: "SPG9901",
      SysCode: "DRSH001",
      TrxDt: "2026-03-02",
      Rsv1: "",
      Rsv2: "",
      Rsv3: "",
    });
    expect(texts(parseXml(buildSucSpPmtReq({ ReqId: "R", SpGrpCode: "S", SysCode: "Y", TrxDt: "2026-02-28" }))).TrxDt).toBe("2026-02-28");
    expect(() => buildSucSpPmtReq({ ReqId: "R", SpGrpCode: "S", SysCode: "Y", TrxDt: "2026-02-29" })).toThrow(
      'sucSpPmtReq.TrxDt "2026-02-29" is not a date',
    );
  });

  it("billCanclReq names the bill and why", () => {
    const input = {
      ReqId: "CAN-1",
      SpGrpCode: "SPG9901",
      SysCode: "DRSH001",
      BillTyp: "1",
      GrpBillId: "DRSH-BILL-1",
      CanclGenBy: "Dirisha",
      CanclApprBy: "Afisa",
      CanclReasn: "Ombi limeondolewa & kurudiwa",
    } as const;
    const root = parseXml(buildBillCanclReq(input));
    expect(names(root)).toEqual(SPEC.billCanclReq);
    expect(texts(root)).toEqual(input);
    expect(() => buildBillCanclReq({ ...input, CanclReasn: "" })).toThrow("billCanclReq.CanclReasn is missing");
  });
});

describe("GePG's messages", () => {
  it("billSubReqAck and sucSpPmtReqAck, from wire text with a declaration and indentation", () => {
    const wire =
      "<billSubReqAck>\n  <AckId>ACK-77</AckId>\n  <ReqId>REQ-1</ReqId>\n  <AckStsCode>7226</AckStsCode>\n  <AckStsDesc>Duplicate bill</AckStsDesc>\n</billSubReqAck>";
    expect(parseBillSubReqAck(wire)).toEqual({ AckId: "ACK-77", ReqId: "REQ-1", AckStsCode: "7226", AckStsDesc: "Duplicate bill" });
    const built = writeXml(flat("sucSpPmtReqAck", SPEC.billSubReqAck, { AckId: "A", ReqId: "REC-1", AckStsCode: "7101" }));
    expect(parseSucSpPmtReqAck(built)).toEqual({ AckId: "A", ReqId: "REC-1", AckStsCode: "7101", AckStsDesc: null });
    expect(() => parseBillSubReqAck(built)).toThrow("Expected billSubReqAck, got sucSpPmtReqAck");
    expect(() => parseBillSubReqAck("<billSubReqAck><AckId>A</AckId><ReqId>R</ReqId></billSubReqAck>")).toThrow(
      "billSubReqAck.AckStsCode is missing",
    );
  });

  it("billSubRes: the control number, per group and per bill", () => {
    const xml = writeXml({
      name: "billSubRes",
      children: [
        flat("BillHdr", SPEC.billSubResHdr, {
          ResId: "RES-1",
          ReqId: "REQ-1",
          GrpBillId: "G-1",
          CustCntrNum: "990239121373",
          ResSts: "GS",
          ResStsCode: "7101",
          ResStsDesc: "Success",
        }),
        {
          name: "BillDtls",
          children: [
            flat("BillDtl", SPEC.billSubResDtl, { BillId: "A", BillCntrNum: "990239121374", BillStsCode: "7101", BillStsDesc: "Success" }),
            flat("BillDtl", SPEC.billSubResDtl, { BillId: "B", BillCntrNum: "990239121375", BillStsCode: "7101" }),
          ],
        },
      ],
    });
    expect(parseBillSubRes(xml)).toEqual({
      BillHdr: {
        ResId: "RES-1",
        ReqId: "REQ-1",
        GrpBillId: "G-1",
        CustCntrNum: "990239121373",
        ResSts: "GS",
        ResStsCode: "7101",
        ResStsDesc: "Success",
      },
      BillDtls: [
        { BillId: "A", BillCntrNum: "990239121374", BillStsCode: "7101", BillStsDesc: "Success" },
        { BillId: "B", BillCntrNum: "990239121375", BillStsCode: "7101", BillStsDesc: null },
      ],
    });
  });

  it("billSubRes: a refusal has no control number; a success must have one, of digits", () => {
    const refused = writeXml({
      name: "billSubRes",
      children: [
        flat("BillHdr", SPEC.billSubResHdr, {
          ResId: "R",
          ReqId: "Q",
          GrpBillId: "G",
          ResStsCode: "7242",
          ResStsDesc: "Invalid request data",
        }),
      ],
    });
    expect(parseBillSubRes(refused)).toMatchObject({ BillHdr: { CustCntrNum: null, ResStsCode: "7242" }, BillDtls: [] });
    const header = (CustCntrNum: string) =>
      writeXml({
        name: "billSubRes",
        children: [
          flat("BillHdr", SPEC.billSubResHdr, { ResId: "R", ReqId: "Q", GrpBillId: "G", CustCntrNum, ResStsCode: "7101" }),
          { name: "BillDtls", children: [flat("BillDtl", SPEC.billSubResDtl, { BillId: "A", BillCntrNum: "99", BillStsCode: "7101" })] },
        ],
      });
    expect(() => parseBillSubRes(header(""))).toThrow("billSubRes.BillHdr.CustCntrNum is empty");
    expect(() => parseBillSubRes(header("99-02"))).toThrow('billSubRes.BillHdr.CustCntrNum "99-02" is not a control number');
  });

  const payment = {
    SpCode: "SP99010",
    BillId: "DRSH-BILL-1",
    BillCtrNum: "990239121373",
    PspCode: "PSP101",
    PspName: "M-Pesa",
    TrxId: "GT260301000001",
    PayRefId: "EC1000123456",
    BillAmt: "1500.50",
    PaidAmt: "1500.50",
    BillPayOpt: "3",
    Ccy: "TZS",
    CollAccNum: "0150000000001",
    TrxDtTm: "2026-03-01T14:30:05",
    UsdPayChnl: "MOBILE",
    TrdPtyTrxId: "SGK3H7X2QW",
    QtRefId: "",
    PyrCellNum: "255700000001",
    PyrEmail: "",
    PyrName: "Amani Juma Mushi",
    Rsv1: "",
    Rsv2: "",
    Rsv3: "",
  };
  const parsedPayment = {
    ...payment,
    BillAmt: 150050n,
    PaidAmt: 150050n,
    QtRefId: null,
    PyrEmail: null,
    Rsv1: null,
    Rsv2: null,
    Rsv3: null,
  };

  function notification(entries: Record<string, string>[], header: Record<string, string> = {}): string {
    return writeXml({
      name: "pmtSpNtfReq",
      children: [
        flat("PmtHdr", SPEC.PmtHdr, {
          ReqId: "NTF-1",
          GrpBillId: "DRSH-BILL-1",
          SpGrpCode: "SPG9901",
          CustCntrNum: "990239121373",
          EntryCnt: String(entries.length),
          ...header,
        }),
        { name: "PmtDtls", children: entries.map((entry) => flat("PmtTrxDtl", SPEC.PmtTrxDtl, entry)) },
      ],
    });
  }

  it("pmtSpNtfReq: every field the spec lists, amounts as minor units", () => {
    expect(parsePmtSpNtfReq(notification([payment]))).toEqual({
      PmtHdr: { ReqId: "NTF-1", GrpBillId: "DRSH-BILL-1", SpGrpCode: "SPG9901", CustCntrNum: "990239121373", EntryCnt: 1 },
      PmtDtls: [parsedPayment],
    });
  });

  it("pmtSpNtfReq: ignores fields the spec does not list, accepts a space in TrxDtTm", () => {
    const xml = notification([{ ...payment, TrxDtTm: "2026-03-01 14:30:05" }]).replace(
      "<Rsv3></Rsv3>",
      "<Rsv3></Rsv3><NtfDtTm>2026-03-01 14:30:06</NtfDtTm>",
    );
    expect(parsePmtSpNtfReq(xml).PmtDtls[0]!.TrxDtTm).toBe("2026-03-01T14:30:05");
  });

  it("pmtSpNtfReq: refuses a missing, repeated or invalid field, or a wrong count, naming it", () => {
    const cases: [string, string][] = [
      [notification([{ ...payment, TrxId: "" }]), "pmtSpNtfReq.PmtDtls.PmtTrxDtl[1].TrxId is empty"],
      [
        notification([payment, { ...payment, PaidAmt: "12.345" }]),
        'pmtSpNtfReq.PmtDtls.PmtTrxDtl[2].PaidAmt "12.345" has more than two decimals',
      ],
      [notification([{ ...payment, PaidAmt: "0.00" }]), "pmtSpNtfReq.PmtDtls.PmtTrxDtl[1].PaidAmt must be more than zero"],
      [notification([{ ...payment, TrxDtTm: "01/03/2026" }]), 'pmtSpNtfReq.PmtDtls.PmtTrxDtl[1].TrxDtTm "01/03/2026" is not a date-time'],
      [notification([{ ...payment, Ccy: "tzs" }]), 'pmtSpNtfReq.PmtDtls.PmtTrxDtl[1].Ccy "tzs" is not a currency code'],
      [notification([payment], { EntryCnt: "2" }), "pmtSpNtfReq.PmtHdr.EntryCnt is 2 but PmtDtls holds 1 PmtTrxDtl"],
      [notification([payment], { EntryCnt: "one" }), 'pmtSpNtfReq.PmtHdr.EntryCnt "one" is not a count'],
      [notification([payment]).replace("<ReqId>NTF-1</ReqId>", ""), "pmtSpNtfReq.PmtHdr.ReqId is missing"],
      [notification([payment]).replace("<TrxId>", "<TrxId>X</TrxId><TrxId>"), "pmtSpNtfReq.PmtDtls.PmtTrxDtl[1].TrxId appears 2 times"],
      [
        notification([payment]).replace("<PspName>M-Pesa</PspName>", "<PspName><b>M</b></PspName>"),
        "PmtTrxDtl[1].PspName must hold text, not elements",
      ],
      [notification([payment]).replace(/<PmtDtls>.*<\/PmtDtls>/, ""), "pmtSpNtfReq.PmtDtls is missing"],
    ];
    for (const [xml, message] of cases) expect(() => parsePmtSpNtfReq(xml), message).toThrow(message);
  });

  it("sucSpPmtRes: the day's records, with a BatchHdr or without one", () => {
    const record = { CustCntrNum: "990239121373", GrpBillId: "DRSH-BILL-1", ...payment };
    const withBatch = writeXml({
      name: "sucSpPmtRes",
      children: [
        flat("BatchHdr", SPEC.BatchHdr, { ResId: "RES-9", ReqId: "REC-1", PayStsCode: "7101", PayStsDesc: "Success" }),
        {
          name: "PmtDtls",
          children: [
            flat("PmtTrxDtl", ["CustCntrNum", "GrpBillId", ...SPEC.PmtTrxDtl], record),
            flat("PmtTrxDtl", SPEC.PmtTrxDtl, payment),
          ],
        },
      ],
    });
    expect(parseSucSpPmtRes(withBatch)).toEqual({
      BatchHdr: { ResId: "RES-9", ReqId: "REC-1", PayStsCode: "7101", PayStsDesc: "Success" },
      PmtDtls: [
        { ...parsedPayment, CustCntrNum: "990239121373", GrpBillId: "DRSH-BILL-1" },
        { ...parsedPayment, CustCntrNum: null, GrpBillId: null },
      ],
    });
    const flatHeader =
      "<sucSpPmtRes><ResId>RES-9</ResId><ReqId>REC-1</ReqId><PayStsCode>7101</PayStsCode><PmtDtls></PmtDtls></sucSpPmtRes>";
    expect(parseSucSpPmtRes(flatHeader)).toEqual({
      BatchHdr: { ResId: "RES-9", ReqId: "REC-1", PayStsCode: "7101", PayStsDesc: null },
      PmtDtls: [],
    });
    expect(() => parseSucSpPmtRes("<sucSpPmtRes><BatchHdr><ResId>R</ResId><ReqId>Q</ReqId></BatchHdr></sucSpPmtRes>")).toThrow(
      "sucSpPmtRes.BatchHdr.PayStsCode is missing",
    );
  });

  it("billCanclRes, and which codes mean cancelled", () => {
    const xml =
      "<billCanclRes><ResId>RES-5</ResId><ReqId>CAN-1</ReqId><GrpBillId>DRSH-BILL-1</GrpBillId><CanclStsCode>7283</CanclStsCode><CanclStsDesc>Bill cancelled</CanclStsDesc></billCanclRes>";
    const answer = parseBillCanclRes(xml);
    expect(answer).toEqual({
      ResId: "RES-5",
      ReqId: "CAN-1",
      GrpBillId: "DRSH-BILL-1",
      CanclStsCode: "7283",
      CanclStsDesc: "Bill cancelled",
    });
    expect(isCancelled(answer.CanclStsCode)).toBe(true);
    expect(isCancelled("7101")).toBe(true);
    expect(isCancelled("7279")).toBe(false);
  });

  it("refuses a whole envelope (its signature would go unchecked) and malformed XML", () => {
    expect(() => parseBillSubRes("<Gepg><billSubRes/><signature>x</signature></Gepg>")).toThrow(/open it with openGepgMessage first/);
    expect(() => parsePmtSpNtfReq("<!DOCTYPE x><pmtSpNtfReq/>")).toThrow(/pmtSpNtfReq: DOCTYPE is not allowed/);
  });
});

describe("status codes", () => {
  it("know the codes seen in public clients and keep unknown ones as failures", () => {
    expect(isSuccess(GEPG_STATUS.SUCCESS)).toBe(true);
    expect(isSuccess("7226")).toBe(false);
    expect(describeStatus("7226")).toBe("Duplicate bill");
    expect(describeStatus("7999")).toBe("Unknown status code 7999");
    expect(isSuccess("7999")).toBe(false);
  });
});
