import { escapeXml, parseXml, writeXml, XmlError, type XmlElement, type XmlNode } from "./xml";

/**
 * GePG API 2.0 messages (docs/protocols/gepg.md): builders for what the portal sends as a
 * service provider (SP) and readers for what GePG sends back. Element names and order are the
 * spec's; field names in the types are GePG's own, so that a type can be checked against the
 * spec line by line. Mapping to the portal's own payment types is a separate step.
 *
 * Builders return the content element only (`<billSubReq>…</billSubReq>`); signature.ts signs
 * it and wraps it in `<Gepg>…<signature>…</signature></Gepg>`.
 */

export class GepgMessageError extends Error {
  override name = "GepgMessageError";
  constructor(
    message: string,
    /** The field at fault, as a path such as `BillDtls.BillDtl[1].BillAmt`, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

// ----- status codes -----

/** The codes seen in public clients. Any other code is a failure, and is kept as received. */
export const GEPG_STATUS = {
  SUCCESS: "7101",
  FAILURE: "7201",
  HEADER_MISSING: "7202",
  UNAUTHORISED: "7203",
  BILL_NOT_FOUND: "7204",
  BILL_EXPIRED: "7213",
  DUPLICATE_BILL: "7226",
  INVALID_REQUEST: "7242",
  BILL_SETTLED: "7279",
  BILL_CANCELLED: "7283",
  INVALID_SIGNATURE: "7303",
  INVALID_CONTROL_NUMBER: "7333",
} as const;

const STATUS_TEXT: Record<string, string> = {
  "7101": "Success",
  "7201": "Failure",
  "7202": "Required header missing",
  "7203": "Unauthorised",
  "7204": "Bill does not exist",
  "7213": "Bill expired",
  "7226": "Duplicate bill",
  "7242": "Invalid request data",
  "7279": "Bill already settled",
  "7283": "Bill cancelled",
  "7303": "Invalid signature",
  "7333": "Invalid control number",
};

export function isSuccess(code: string): boolean {
  return code === GEPG_STATUS.SUCCESS;
}

/**
 * Whether a cancellation reply means the bill is now cancelled. Public clients treat 7283
 * ("bill cancelled") as the success of a cancellation; 7101 is accepted too, since a gateway that
 * answers with its generic success code has still cancelled the bill.
 */
export function isCancelled(code: string): boolean {
  return code === GEPG_STATUS.BILL_CANCELLED || code === GEPG_STATUS.SUCCESS;
}

/** A short English description of a status code; unknown codes say so and keep the code. */
export function describeStatus(code: string): string {
  return STATUS_TEXT[code] ?? `Unknown status code ${code}`;
}

// ----- amounts -----

/**
 * An amount as the caller gives it: integer minor units (cents) as a bigint, or an exact decimal
 * string with at most two decimals. JS numbers are refused: 0.1 + 0.2 is not 0.3, and a bill is
 * a legal claim on a citizen.
 */
export type Amount = bigint | string;

const MAX_AMOUNT_DIGITS = 16;

/** "1500.50" from 150050n: GePG's decimal form, always two decimals. */
export function formatAmount(minorUnits: bigint): string {
  if (typeof minorUnits !== "bigint") throw new GepgMessageError("formatAmount takes a bigint of minor units");
  if (minorUnits < 0n) throw new GepgMessageError(`Amount ${minorUnits} is negative`);
  const whole = minorUnits / 100n;
  const cents = minorUnits % 100n;
  return `${whole}.${cents.toString().padStart(2, "0")}`;
}

/** Minor units from an Amount given to a builder; strict (no third decimal, no exponent, no sign). */
export function toMinorUnits(amount: Amount, field = "amount"): bigint {
  if (typeof amount === "bigint") {
    if (amount < 0n) throw new GepgMessageError(`${field} is negative`, field);
    if (amount.toString().length > MAX_AMOUNT_DIGITS + 2) throw new GepgMessageError(`${field} is too large`, field);
    return amount;
  }
  if (typeof amount !== "string") {
    throw new GepgMessageError(`${field} must be a bigint of minor units or a decimal string, not a ${typeof amount}`, field);
  }
  const match = new RegExp(`^(0|[1-9][0-9]{0,${MAX_AMOUNT_DIGITS - 1}})(?:\\.([0-9]{1,2}))?$`).exec(amount);
  if (!match) throw new GepgMessageError(`${field} "${amount}" is not an amount such as 1500.50`, field);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/**
 * Minor units from an amount GePG sent. Senders write "7885.0", "7885" or "7885.00"; a third
 * decimal is accepted only when it is zero, since cents are the smallest unit of TZS and USD.
 */
export function parseAmount(text: string, field = "amount"): bigint {
  const match = new RegExp(`^([0-9]{1,${MAX_AMOUNT_DIGITS}})(?:\\.([0-9]+))?$`).exec(text);
  if (!match) throw new GepgMessageError(`${field} "${text}" is not an amount`, field);
  const decimals = match[2] ?? "";
  if (/[1-9]/.test(decimals.slice(2))) throw new GepgMessageError(`${field} "${text}" has more than two decimals`, field);
  return BigInt(match[1]!) * 100n + BigInt(decimals.slice(0, 2).padEnd(2, "0"));
}

// ----- dates (East Africa Time, UTC+3, no daylight saving) -----

const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;
const DATE_TIME = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,6})?$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** `YYYY-MM-DDTHH:mm:ss` in East Africa Time, as GePG writes dates. */
export function formatGepgDateTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new GepgMessageError("Not a valid date");
  return new Date(date.getTime() + EAT_OFFSET_MS).toISOString().slice(0, 19);
}

/** `YYYY-MM-DD` of the day in East Africa Time (reconciliation's TrxDt). */
export function formatGepgDate(date: Date): string {
  return formatGepgDateTime(date).slice(0, 10);
}

function realDate(year: string, month: string, day: string): boolean {
  const probe = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return probe.getUTCFullYear() === Number(year) && probe.getUTCMonth() === Number(month) - 1 && probe.getUTCDate() === Number(day);
}

/** The instant a GePG date-time (East Africa Time) names; a space instead of T is accepted. */
export function parseGepgDateTime(text: string, field = "date"): Date {
  const m = DATE_TIME.exec(text);
  if (!m || !realDate(m[1]!, m[2]!, m[3]!) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) {
    throw new GepgMessageError(`${field} "${text}" is not a date-time such as 2026-03-01T14:30:00`, field);
  }
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms) - EAT_OFFSET_MS);
}

function dateTimeText(value: Date | string, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new GepgMessageError(`${field} is not a valid date`, field);
    return formatGepgDateTime(value);
  }
  if (typeof value !== "string") throw new GepgMessageError(`${field} is missing`, field);
  return formatGepgDateTime(parseGepgDateTime(value, field));
}

function dateText(value: Date | string, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new GepgMessageError(`${field} is not a valid date`, field);
    return formatGepgDate(value);
  }
  const m = typeof value === "string" ? DATE.exec(value) : null;
  if (!m || !realDate(m[1]!, m[2]!, m[3]!))
    throw new GepgMessageError(`${field} "${String(value)}" is not a date such as 2026-03-01`, field);
  return value;
}

// ----- building -----

function leaf(name: string, text: string, field: string): XmlNode {
  try {
    escapeXml(text);
  } catch (error) {
    if (error instanceof XmlError) throw new GepgMessageError(`${field}: ${error.message}`, field);
    throw error;
  }
  return { name, text };
}

function required(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new GepgMessageError(`${field} is missing`, field);
  return value;
}

function optional(value: unknown, field: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new GepgMessageError(`${field} must be text`, field);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new GepgMessageError(`${field} must be one of ${allowed.join(", ")}`, field);
  }
  return value as T;
}

function statusCode(value: unknown, field: string): string {
  if (typeof value !== "string" || !/^[0-9]{4}$/.test(value))
    throw new GepgMessageError(`${field} must be a four-digit status code`, field);
  return value;
}

/** The text elements of one record, in the order given, each checked and named in errors. */
function leaves(path: string, fields: [string, string][]): XmlNode[] {
  return fields.map(([field, text]) => leaf(field, text, `${path}.${field}`));
}

function record(name: string, path: string, fields: [string, string][]): XmlNode {
  return { name, children: leaves(path, fields) };
}

export type Currency = "TZS" | "USD";
/** 1 full, 2 partial, 3 exact. */
export type BillPayOption = "1" | "2" | "3";
/** 1 NIN, 2 driving licence, 3 TIN, 4 wallet/pay number. */
export type CustomerIdType = "1" | "2" | "3" | "4";
/** 1 one bill with its own control number; 2 bills of several SPs under one customer control number. */
export type BillType = "1" | "2";

export const CURRENCIES: readonly Currency[] = ["TZS", "USD"];
export const BILL_PAY_OPTIONS: readonly BillPayOption[] = ["1", "2", "3"];
export const CUSTOMER_ID_TYPES: readonly CustomerIdType[] = ["1", "2", "3", "4"];
export const BILL_TYPES: readonly BillType[] = ["1", "2"];

export type BillItemInput = {
  /** Defaults to the bill's BillId, as in every public sample. */
  RefBillId?: string;
  SubSpCode: string;
  /** The government revenue (GFS) code the item is collected under. */
  GfsCode: string;
  BillItemRef: string;
  UseItemRefOnPay: "Y" | "N";
  BillItemAmt: Amount;
  BillItemEqvAmt: Amount;
  CollSp: string;
};

export type BillDtlInput = {
  BillId: string;
  SpCode: string;
  CollCentCode?: string;
  BillDesc: string;
  CustTin?: string;
  /** With CustIdTyp, or both left out. */
  CustId?: string;
  CustIdTyp?: CustomerIdType;
  CustAccnt?: string;
  CustName: string;
  /** 255 and nine digits. */
  CustCellNum?: string;
  CustEmail?: string;
  /** A Date (written in East Africa Time) or a `YYYY-MM-DDTHH:mm:ss` EAT string. */
  BillGenDt: Date | string;
  BillExprDt: Date | string;
  BillGenBy: string;
  BillApprBy: string;
  BillAmt: Amount;
  BillEqvAmt: Amount;
  /** Defaults to BillAmt for full and exact payment; required for partial payment. */
  MinPayAmt?: Amount;
  Ccy: Currency;
  /** A decimal string; defaults to "1.00" for TZS, required for USD. */
  ExchRate?: string;
  BillPayOpt: BillPayOption;
  /** Defaults to "1", as in public samples. */
  PayPlan?: string;
  /** Defaults to "1", as in public samples. */
  PayLimTyp?: string;
  /** Defaults to 0. */
  PayLimAmt?: Amount;
  CollPsp?: string;
  BillItems: readonly BillItemInput[];
};

export type BillSubReqInput = {
  BillHdr: {
    ReqId: string;
    SpGrpCode: string;
    SysCode: string;
    BillTyp: BillType;
    PayTyp: string;
    GrpBillId: string;
  };
  BillDtls: readonly BillDtlInput[];
};

function billItem(item: BillItemInput, billId: string, path: string): { node: XmlNode; amount: bigint; equivalent: bigint } {
  const amount = toMinorUnits(item.BillItemAmt, `${path}.BillItemAmt`);
  const equivalent = toMinorUnits(item.BillItemEqvAmt, `${path}.BillItemEqvAmt`);
  if (amount === 0n) throw new GepgMessageError(`${path}.BillItemAmt must be more than zero`, `${path}.BillItemAmt`);
  const node = record("BillItem", path, [
    ["RefBillId", item.RefBillId === undefined ? billId : required(item.RefBillId, `${path}.RefBillId`)],
    ["SubSpCode", required(item.SubSpCode, `${path}.SubSpCode`)],
    ["GfsCode", required(item.GfsCode, `${path}.GfsCode`)],
    ["BillItemRef", required(item.BillItemRef, `${path}.BillItemRef`)],
    ["UseItemRefOnPay", oneOf(item.UseItemRefOnPay, ["Y", "N"], `${path}.UseItemRefOnPay`)],
    ["BillItemAmt", formatAmount(amount)],
    ["BillItemEqvAmt", formatAmount(equivalent)],
    ["CollSp", required(item.CollSp, `${path}.CollSp`)],
  ]);
  return { node, amount, equivalent };
}

function billDtl(bill: BillDtlInput, path: string): XmlNode {
  const billId = required(bill.BillId, `${path}.BillId`);
  const amount = toMinorUnits(bill.BillAmt, `${path}.BillAmt`);
  if (amount === 0n) throw new GepgMessageError(`${path}.BillAmt must be more than zero`, `${path}.BillAmt`);
  const equivalent = toMinorUnits(bill.BillEqvAmt, `${path}.BillEqvAmt`);
  const payOption = oneOf(bill.BillPayOpt, BILL_PAY_OPTIONS, `${path}.BillPayOpt`);
  if (payOption === "2" && bill.MinPayAmt === undefined) {
    throw new GepgMessageError(`${path}.MinPayAmt is missing (required for partial payment)`, `${path}.MinPayAmt`);
  }
  const minimum = bill.MinPayAmt === undefined ? amount : toMinorUnits(bill.MinPayAmt, `${path}.MinPayAmt`);
  if (minimum > amount) throw new GepgMessageError(`${path}.MinPayAmt is more than BillAmt`, `${path}.MinPayAmt`);
  const currency = oneOf(bill.Ccy, CURRENCIES, `${path}.Ccy`);
  let rate = bill.ExchRate;
  if (rate === undefined) {
    if (currency !== "TZS") throw new GepgMessageError(`${path}.ExchRate is missing (required for ${currency})`, `${path}.ExchRate`);
    rate = "1.00";
  }
  if (typeof rate !== "string" || !/^(0|[1-9][0-9]{0,9})(\.[0-9]{1,6})?$/.test(rate) || !/[1-9]/.test(rate)) {
    throw new GepgMessageError(`${path}.ExchRate must be a positive decimal string such as 2500.00`, `${path}.ExchRate`);
  }
  const generated = dateTimeText(bill.BillGenDt, `${path}.BillGenDt`);
  const expires = dateTimeText(bill.BillExprDt, `${path}.BillExprDt`);
  // Both are EAT wall-clock strings of the same form, so text order is time order.
  if (expires <= generated) throw new GepgMessageError(`${path}.BillExprDt must be after BillGenDt`, `${path}.BillExprDt`);

  const customerId = optional(bill.CustId, `${path}.CustId`);
  if ((customerId === "") !== (bill.CustIdTyp === undefined)) {
    const [missing, given] = customerId === "" ? ["CustId", "CustIdTyp"] : ["CustIdTyp", "CustId"];
    throw new GepgMessageError(`${path}.${missing} is missing (CustId and CustIdTyp go together; ${given} is given)`, `${path}.${missing}`);
  }
  const customerIdType = bill.CustIdTyp === undefined ? "" : oneOf(bill.CustIdTyp, CUSTOMER_ID_TYPES, `${path}.CustIdTyp`);
  const phone = optional(bill.CustCellNum, `${path}.CustCellNum`);
  if (phone !== "" && !/^255[0-9]{9}$/.test(phone)) {
    throw new GepgMessageError(`${path}.CustCellNum must be 255 and nine digits`, `${path}.CustCellNum`);
  }
  const email = optional(bill.CustEmail, `${path}.CustEmail`);
  if (email !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new GepgMessageError(`${path}.CustEmail is not an email address`, `${path}.CustEmail`);
  }

  if (!Array.isArray(bill.BillItems) || bill.BillItems.length === 0) {
    throw new GepgMessageError(`${path}.BillItems is missing (at least one BillItem)`, `${path}.BillItems`);
  }
  const items = bill.BillItems.map((item, i) => billItem(item, billId, `${path}.BillItems.BillItem[${i + 1}]`));
  // GePG refuses a bill whose items do not add up; saying so here names the bill at fault.
  const itemTotal = items.reduce((sum, item) => sum + item.amount, 0n);
  if (itemTotal !== amount) {
    throw new GepgMessageError(
      `${path}.BillAmt ${formatAmount(amount)} is not the sum of its items (${formatAmount(itemTotal)})`,
      `${path}.BillAmt`,
    );
  }
  const equivalentTotal = items.reduce((sum, item) => sum + item.equivalent, 0n);
  if (equivalentTotal !== equivalent) {
    throw new GepgMessageError(
      `${path}.BillEqvAmt ${formatAmount(equivalent)} is not the sum of its items (${formatAmount(equivalentTotal)})`,
      `${path}.BillEqvAmt`,
    );
  }

  const fields = leaves(path, [
    ["BillId", billId],
    ["SpCode", required(bill.SpCode, `${path}.SpCode`)],
    ["CollCentCode", optional(bill.CollCentCode, `${path}.CollCentCode`)],
    ["BillDesc", required(bill.BillDesc, `${path}.BillDesc`)],
    ["CustTin", optional(bill.CustTin, `${path}.CustTin`)],
    ["CustId", customerId],
    ["CustIdTyp", customerIdType],
    ["CustAccnt", optional(bill.CustAccnt, `${path}.CustAccnt`)],
    ["CustName", required(bill.CustName, `${path}.CustName`)],
    ["CustCellNum", phone],
    ["CustEmail", email],
    ["BillGenDt", generated],
    ["BillExprDt", expires],
    ["BillGenBy", required(bill.BillGenBy, `${path}.BillGenBy`)],
    ["BillApprBy", required(bill.BillApprBy, `${path}.BillApprBy`)],
    ["BillAmt", formatAmount(amount)],
    ["BillEqvAmt", formatAmount(equivalent)],
    ["MinPayAmt", formatAmount(minimum)],
    ["Ccy", currency],
    ["ExchRate", rate],
    ["BillPayOpt", payOption],
    ["PayPlan", bill.PayPlan === undefined ? "1" : required(bill.PayPlan, `${path}.PayPlan`)],
    ["PayLimTyp", bill.PayLimTyp === undefined ? "1" : required(bill.PayLimTyp, `${path}.PayLimTyp`)],
    ["PayLimAmt", formatAmount(bill.PayLimAmt === undefined ? 0n : toMinorUnits(bill.PayLimAmt, `${path}.PayLimAmt`))],
    ["CollPsp", optional(bill.CollPsp, `${path}.CollPsp`)],
  ]);
  return { name: "BillDtl", children: [...fields, { name: "BillItems", children: items.map((i) => i.node) }] };
}

/** `<billSubReq>`: a bill (or, with BillTyp 2, a group of bills) for which GePG issues a control number. */
export function buildBillSubReq(request: BillSubReqInput): string {
  const header = request?.BillHdr;
  if (!header) throw new GepgMessageError("BillHdr is missing", "BillHdr");
  const billType = oneOf(header.BillTyp, BILL_TYPES, "BillHdr.BillTyp");
  const details = request.BillDtls;
  if (!Array.isArray(details) || details.length === 0) throw new GepgMessageError("BillDtls is missing (at least one BillDtl)", "BillDtls");
  if (billType === "1" && details.length !== 1) {
    throw new GepgMessageError("BillHdr.BillTyp 1 carries exactly one BillDtl; use BillTyp 2 for several", "BillHdr.BillTyp");
  }
  const billNodes = details.map((detail, i) => billDtl(detail, `BillDtls.BillDtl[${i + 1}]`));
  const ids = new Set<string>();
  for (const [i, detail] of details.entries()) {
    const field = `BillDtls.BillDtl[${i + 1}].BillId`;
    if (ids.has(detail.BillId)) throw new GepgMessageError(`${field} repeats an earlier BillId`, field);
    ids.add(detail.BillId);
  }
  return writeXml({
    name: "billSubReq",
    children: [
      record("BillHdr", "BillHdr", [
        ["ReqId", required(header.ReqId, "BillHdr.ReqId")],
        ["SpGrpCode", required(header.SpGrpCode, "BillHdr.SpGrpCode")],
        ["SysCode", required(header.SysCode, "BillHdr.SysCode")],
        ["BillTyp", billType],
        ["PayTyp", required(header.PayTyp, "BillHdr.PayTyp")],
        ["GrpBillId", required(header.GrpBillId, "BillHdr.GrpBillId")],
      ]),
      { name: "BillDtls", children: billNodes },
    ],
  });
}

export type AckInput = { AckId: string; AckStsCode: string };

function ack(name: string, reference: "ReqId" | "ResId", value: string, input: AckInput): string {
  return writeXml(
    record(name, name, [
      ["AckId", required(input?.AckId, `${name}.AckId`)],
      [reference, required(value, `${name}.${reference}`)],
      ["AckStsCode", statusCode(input?.AckStsCode, `${name}.AckStsCode`)],
    ]),
  );
}

/** The SP's acknowledgement of a control-number response (billSubRes), naming its ResId. */
export function buildBillSubResAck(input: AckInput & { ResId: string }): string {
  return ack("billSubResAck", "ResId", input?.ResId, input);
}

/** The SP's acknowledgement of a payment notification, naming its ReqId. GePG retries until it gets one. */
export function buildPmtSpNtfReqAck(input: AckInput & { ReqId: string }): string {
  return ack("pmtSpNtfReqAck", "ReqId", input?.ReqId, input);
}

/** The SP's acknowledgement of a reconciliation response (sucSpPmtRes), naming its ResId. */
export function buildSucSpPmtResAck(input: AckInput & { ResId: string }): string {
  return ack("sucSpPmtResAck", "ResId", input?.ResId, input);
}

export type SucSpPmtReqInput = {
  ReqId: string;
  SpGrpCode: string;
  SysCode: string;
  /** The day whose successful payments are asked for: a Date (its EAT day) or `YYYY-MM-DD`. */
  TrxDt: Date | string;
  Rsv1?: string;
  Rsv2?: string;
  Rsv3?: string;
};

/** `<sucSpPmtReq>`: asks for the list of one day's successful payments. */
export function buildSucSpPmtReq(input: SucSpPmtReqInput): string {
  return writeXml(
    record("sucSpPmtReq", "sucSpPmtReq", [
      ["ReqId", required(input?.ReqId, "sucSpPmtReq.ReqId")],
      ["SpGrpCode", required(input.SpGrpCode, "sucSpPmtReq.SpGrpCode")],
      ["SysCode", required(input.SysCode, "sucSpPmtReq.SysCode")],
      ["TrxDt", dateText(input.TrxDt, "sucSpPmtReq.TrxDt")],
      ["Rsv1", optional(input.Rsv1, "sucSpPmtReq.Rsv1")],
      ["Rsv2", optional(input.Rsv2, "sucSpPmtReq.Rsv2")],
      ["Rsv3", optional(input.Rsv3, "sucSpPmtReq.Rsv3")],
    ]),
  );
}

export type BillCanclReqInput = {
  ReqId: string;
  SpGrpCode: string;
  SysCode: string;
  BillTyp: BillType;
  GrpBillId: string;
  CanclGenBy: string;
  CanclApprBy: string;
  CanclReasn: string;
};

/** `<billCanclReq>`: cancels an unpaid bill (its control number stops accepting payments). */
export function buildBillCanclReq(input: BillCanclReqInput): string {
  return writeXml(
    record("billCanclReq", "billCanclReq", [
      ["ReqId", required(input?.ReqId, "billCanclReq.ReqId")],
      ["SpGrpCode", required(input.SpGrpCode, "billCanclReq.SpGrpCode")],
      ["SysCode", required(input.SysCode, "billCanclReq.SysCode")],
      ["BillTyp", oneOf(input.BillTyp, BILL_TYPES, "billCanclReq.BillTyp")],
      ["GrpBillId", required(input.GrpBillId, "billCanclReq.GrpBillId")],
      ["CanclGenBy", required(input.CanclGenBy, "billCanclReq.CanclGenBy")],
      ["CanclApprBy", required(input.CanclApprBy, "billCanclReq.CanclApprBy")],
      ["CanclReasn", required(input.CanclReasn, "billCanclReq.CanclReasn")],
    ]),
  );
}

// ----- reading -----

/** A content element (from openGepgMessage) or its XML text. */
export type MessageSource = XmlElement | string;

function contentElement(source: MessageSource, name: string): XmlElement {
  let element: XmlElement;
  if (typeof source === "string") {
    try {
      element = parseXml(source);
    } catch (error) {
      if (error instanceof XmlError) throw new GepgMessageError(`${name}: ${error.message}`);
      throw error;
    }
  } else {
    element = source;
  }
  if (element.name === "Gepg") {
    // Reading an envelope here would skip its signature; openGepgMessage verifies, then hands over the content.
    throw new GepgMessageError(`Expected the ${name} element, got a whole <Gepg> envelope: open it with openGepgMessage first`);
  }
  if (element.name !== name) throw new GepgMessageError(`Expected ${name}, got ${element.name}`);
  return element;
}

/**
 * Reads the fields of one record element. Unknown elements are ignored (GePG adds fields from
 * one release to the next); a field given twice, or holding elements instead of text, is an error.
 */
class RecordReader {
  constructor(
    private readonly element: XmlElement,
    readonly path: string,
  ) {}

  private single(name: string): XmlElement | undefined {
    const found = this.element.children.filter((child) => child.name === name);
    if (found.length > 1) throw new GepgMessageError(`${this.path}.${name} appears ${found.length} times`, `${this.path}.${name}`);
    return found[0];
  }

  private value(name: string): string | undefined {
    const child = this.single(name);
    if (!child) return undefined;
    if (child.children.length > 0) throw new GepgMessageError(`${this.path}.${name} must hold text, not elements`, `${this.path}.${name}`);
    return child.text.trim();
  }

  required(name: string): string {
    const value = this.value(name);
    if (value === undefined) throw new GepgMessageError(`${this.path}.${name} is missing`, `${this.path}.${name}`);
    if (value === "") throw new GepgMessageError(`${this.path}.${name} is empty`, `${this.path}.${name}`);
    return value;
  }

  /** Absent and empty both read as null: senders differ in which they use for "no value". */
  optional(name: string): string | null {
    const value = this.value(name);
    return value === undefined || value === "" ? null : value;
  }

  code(name: string): string {
    const value = this.required(name);
    if (!/^[0-9]{4}$/.test(value))
      throw new GepgMessageError(`${this.path}.${name} "${value}" is not a four-digit status code`, `${this.path}.${name}`);
    return value;
  }

  /** A control number: an opaque digit string (no prefix or length is relied on). */
  controlNumber(name: string, required: boolean): string | null {
    const value = required ? this.required(name) : this.optional(name);
    if (value !== null && !/^[0-9]{1,30}$/.test(value)) {
      throw new GepgMessageError(`${this.path}.${name} "${value}" is not a control number (digits only)`, `${this.path}.${name}`);
    }
    return value;
  }

  amount(name: string): bigint {
    return parseAmount(this.required(name), `${this.path}.${name}`);
  }

  dateTime(name: string): string {
    const value = this.required(name);
    parseGepgDateTime(value, `${this.path}.${name}`);
    return value.replace(" ", "T");
  }

  currency(name: string): string {
    const value = this.required(name);
    if (!/^[A-Z]{3}$/.test(value))
      throw new GepgMessageError(`${this.path}.${name} "${value}" is not a currency code`, `${this.path}.${name}`);
    return value;
  }

  child(name: string): RecordReader {
    const child = this.single(name);
    if (!child) throw new GepgMessageError(`${this.path}.${name} is missing`, `${this.path}.${name}`);
    return new RecordReader(child, `${this.path}.${name}`);
  }

  has(name: string): boolean {
    return this.single(name) !== undefined;
  }

  /** The repeated `itemName` children of the list element `listName` (empty when the list is absent). */
  list(listName: string, itemName: string): RecordReader[] {
    const list = this.single(listName);
    if (!list) return [];
    return list.children
      .filter((child) => child.name === itemName)
      .map((child, i) => new RecordReader(child, `${this.path}.${listName}.${itemName}[${i + 1}]`));
  }
}

export type RequestAck = { AckId: string; ReqId: string; AckStsCode: string; AckStsDesc: string | null };

function readRequestAck(source: MessageSource, name: string): RequestAck {
  const r = new RecordReader(contentElement(source, name), name);
  return { AckId: r.required("AckId"), ReqId: r.required("ReqId"), AckStsCode: r.code("AckStsCode"), AckStsDesc: r.optional("AckStsDesc") };
}

/** GePG's synchronous answer to a bill submission: accepted (7101) or why not (e.g. 7226 duplicate). */
export function parseBillSubReqAck(source: MessageSource): RequestAck {
  return readRequestAck(source, "billSubReqAck");
}

/** GePG's synchronous answer to a reconciliation request; the records follow later in sucSpPmtRes. */
export function parseSucSpPmtReqAck(source: MessageSource): RequestAck {
  return readRequestAck(source, "sucSpPmtReqAck");
}

export type BillSubRes = {
  BillHdr: {
    ResId: string;
    ReqId: string;
    GrpBillId: string;
    /** The control number the citizen pays (for BillTyp 2, the one covering every bill). Null when refused. */
    CustCntrNum: string | null;
    ResSts: string | null;
    ResStsCode: string;
    ResStsDesc: string | null;
  };
  BillDtls: { BillId: string; BillCntrNum: string | null; BillStsCode: string; BillStsDesc: string | null }[];
};

/** The control-number response, posted by GePG to the SP's callback some time after the submission. */
export function parseBillSubRes(source: MessageSource): BillSubRes {
  const r = new RecordReader(contentElement(source, "billSubRes"), "billSubRes");
  const h = r.child("BillHdr");
  const resStsCode = h.code("ResStsCode");
  const succeeded = isSuccess(resStsCode);
  const header = {
    ResId: h.required("ResId"),
    ReqId: h.required("ReqId"),
    GrpBillId: h.required("GrpBillId"),
    CustCntrNum: h.controlNumber("CustCntrNum", succeeded),
    ResSts: h.optional("ResSts"),
    ResStsCode: resStsCode,
    ResStsDesc: h.optional("ResStsDesc"),
  };
  const details = r.list("BillDtls", "BillDtl").map((d) => {
    const billStsCode = d.code("BillStsCode");
    return {
      BillId: d.required("BillId"),
      BillCntrNum: d.controlNumber("BillCntrNum", isSuccess(billStsCode)),
      BillStsCode: billStsCode,
      BillStsDesc: d.optional("BillStsDesc"),
    };
  });
  if (succeeded && details.length === 0) {
    throw new GepgMessageError("billSubRes.BillDtls is missing although ResStsCode is 7101", "billSubRes.BillDtls");
  }
  return { BillHdr: header, BillDtls: details };
}

export type PmtTrxDtl = {
  SpCode: string;
  BillId: string;
  BillCtrNum: string;
  PspCode: string;
  PspName: string | null;
  /** GePG's transaction id: the key that makes a repeated notification recognisable. */
  TrxId: string;
  /** GePG's payment receipt reference. */
  PayRefId: string;
  /** Minor units. */
  BillAmt: bigint;
  /** Minor units. */
  PaidAmt: bigint;
  BillPayOpt: string | null;
  Ccy: string;
  CollAccNum: string | null;
  /** `YYYY-MM-DDTHH:mm:ss` in East Africa Time (parseGepgDateTime gives the instant). */
  TrxDtTm: string;
  UsdPayChnl: string | null;
  /** The payment service provider's own receipt (M-Pesa receipt, bank reference…). */
  TrdPtyTrxId: string | null;
  QtRefId: string | null;
  PyrCellNum: string | null;
  PyrEmail: string | null;
  PyrName: string | null;
  Rsv1: string | null;
  Rsv2: string | null;
  Rsv3: string | null;
};

function readPayment(d: RecordReader): PmtTrxDtl {
  const paid = d.amount("PaidAmt");
  if (paid === 0n) throw new GepgMessageError(`${d.path}.PaidAmt must be more than zero`, `${d.path}.PaidAmt`);
  return {
    SpCode: d.required("SpCode"),
    BillId: d.required("BillId"),
    BillCtrNum: d.controlNumber("BillCtrNum", true)!,
    PspCode: d.required("PspCode"),
    PspName: d.optional("PspName"),
    TrxId: d.required("TrxId"),
    PayRefId: d.required("PayRefId"),
    BillAmt: d.amount("BillAmt"),
    PaidAmt: paid,
    BillPayOpt: d.optional("BillPayOpt"),
    Ccy: d.currency("Ccy"),
    CollAccNum: d.optional("CollAccNum"),
    TrxDtTm: d.dateTime("TrxDtTm"),
    UsdPayChnl: d.optional("UsdPayChnl"),
    TrdPtyTrxId: d.optional("TrdPtyTrxId"),
    QtRefId: d.optional("QtRefId"),
    PyrCellNum: d.optional("PyrCellNum"),
    PyrEmail: d.optional("PyrEmail"),
    PyrName: d.optional("PyrName"),
    Rsv1: d.optional("Rsv1"),
    Rsv2: d.optional("Rsv2"),
    Rsv3: d.optional("Rsv3"),
  };
}

export type PmtSpNtfReq = {
  PmtHdr: { ReqId: string; GrpBillId: string; SpGrpCode: string; CustCntrNum: string; EntryCnt: number };
  PmtDtls: PmtTrxDtl[];
};

/**
 * A payment notification. The same one can arrive more than once (GePG retries until it is
 * acknowledged): TrxId identifies the payment.
 */
export function parsePmtSpNtfReq(source: MessageSource): PmtSpNtfReq {
  const r = new RecordReader(contentElement(source, "pmtSpNtfReq"), "pmtSpNtfReq");
  const h = r.child("PmtHdr");
  const countText = h.required("EntryCnt");
  if (!/^[1-9][0-9]{0,3}$/.test(countText)) {
    throw new GepgMessageError(`pmtSpNtfReq.PmtHdr.EntryCnt "${countText}" is not a count`, "pmtSpNtfReq.PmtHdr.EntryCnt");
  }
  const header = {
    ReqId: h.required("ReqId"),
    GrpBillId: h.required("GrpBillId"),
    SpGrpCode: h.required("SpGrpCode"),
    CustCntrNum: h.controlNumber("CustCntrNum", true)!,
    EntryCnt: Number(countText),
  };
  if (!r.has("PmtDtls")) throw new GepgMessageError("pmtSpNtfReq.PmtDtls is missing", "pmtSpNtfReq.PmtDtls");
  const payments = r.list("PmtDtls", "PmtTrxDtl").map(readPayment);
  if (payments.length !== header.EntryCnt) {
    throw new GepgMessageError(
      `pmtSpNtfReq.PmtHdr.EntryCnt is ${header.EntryCnt} but PmtDtls holds ${payments.length} PmtTrxDtl`,
      "pmtSpNtfReq.PmtHdr.EntryCnt",
    );
  }
  return { PmtHdr: header, PmtDtls: payments };
}

export type ReconciliationRecord = PmtTrxDtl & { CustCntrNum: string | null; GrpBillId: string | null };

export type SucSpPmtRes = {
  BatchHdr: { ResId: string; ReqId: string; PayStsCode: string; PayStsDesc: string | null };
  PmtDtls: ReconciliationRecord[];
};

/**
 * The reconciliation response: one day's successful payments. The header fields are read from
 * `BatchHdr` as public clients show it, or straight from the root when there is no BatchHdr
 * (the shared spec lists them without one).
 */
export function parseSucSpPmtRes(source: MessageSource): SucSpPmtRes {
  const r = new RecordReader(contentElement(source, "sucSpPmtRes"), "sucSpPmtRes");
  const h = r.has("BatchHdr") ? r.child("BatchHdr") : r;
  const header = {
    ResId: h.required("ResId"),
    ReqId: h.required("ReqId"),
    PayStsCode: h.code("PayStsCode"),
    PayStsDesc: h.optional("PayStsDesc"),
  };
  const records = r.list("PmtDtls", "PmtTrxDtl").map((d) => ({
    ...readPayment(d),
    CustCntrNum: d.controlNumber("CustCntrNum", false),
    GrpBillId: d.optional("GrpBillId"),
  }));
  return { BatchHdr: header, PmtDtls: records };
}

export type BillCanclRes = {
  ResId: string | null;
  ReqId: string;
  GrpBillId: string | null;
  CanclStsCode: string;
  CanclStsDesc: string | null;
};

/** GePG's answer to a cancellation; isCancelled(CanclStsCode) says whether the bill is now cancelled. */
export function parseBillCanclRes(source: MessageSource): BillCanclRes {
  const r = new RecordReader(contentElement(source, "billCanclRes"), "billCanclRes");
  return {
    ResId: r.optional("ResId"),
    ReqId: r.required("ReqId"),
    GrpBillId: r.optional("GrpBillId"),
    CanclStsCode: r.code("CanclStsCode"),
    CanclStsDesc: r.optional("CanclStsDesc"),
  };
}
