import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, randomInt, randomUUID, sign, verify } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { escapeHtml, page } from "./html.mjs";
import { createModeSwitch } from "./modes.mjs";

/**
 * GePG (Government electronic Payment Gateway), API 2.0, as fixed in docs/protocols/gepg.md.
 * The portal is the service provider (SP). Everything is in memory and lost on restart.
 *
 * SP → GePG (signed `<Gepg><content/><signature/></Gepg>`, RSA-SHA256 over the content's exact
 * bytes, verified with the SP's public key; answers signed with GePG's own key):
 * - POST /gepg/api/bill/20/submission: billSubReq → billSubReqAck (7101, or 7226 for a BillId
 *   or GrpBillId already known, 7303 bad signature, 7242 invalid data…); a moment later billSubRes
 *   with a new control number (12 digits, starting 99) is posted to the SP's callback.
 * - POST /gepg/api/bill/20/cancellation: billCanclReq → billCanclRes (7283 cancelled, 7204, 7279…).
 * - POST /gepg/api/reconciliation/20/request: sucSpPmtReq → sucSpPmtReqAck; then sucSpPmtRes with
 *   that day's payments (East Africa Time) is posted to the SP's reconciliation callback.
 * GePG → SP callbacks (billSubRes, pmtSpNtfReq, sucSpPmtRes) are retried with backoff until the SP
 * answers HTTP 200 with its signed acknowledgement naming the message and carrying 7101.
 *
 * Tester side: /gepg (page) and /gepg/pay.json pay a control number from a chosen channel, which
 * sends a pmtSpNtfReq; /gepg/_control switches test modes: down, slow (`slowMs`), garbage (the
 * three endpoints answer 200 with an HTML page), bad-signature (answers, and each try of a
 * callback while the mode is on, signed with a throwaway key), duplicate-callback (each callback
 * made sent twice at once), out-of-order (callbacks made are held back while the mode is on, then
 * sent newest first: a payment before its bill's control number).
 */
export const MODES = ["normal", "down", "slow", "garbage", "duplicate-callback", "out-of-order", "bad-signature"];

/** How far apart held-back callbacks are released (newest first) when out-of-order is switched off. */
const RELEASE_SPACING_MS = 400;

/** Payment channels. PSP codes and collection accounts are made up for the sandbox. */
export const CHANNELS = [
  { id: "mpesa", name: "M-Pesa (Vodacom)", pspCode: "PSP101", kind: "MOBILE", account: "9900000000101" },
  { id: "mixx", name: "Mixx by Yas (Tigo Pesa)", pspCode: "PSP102", kind: "MOBILE", account: "9900000000102" },
  { id: "airtel", name: "Airtel Money", pspCode: "PSP103", kind: "MOBILE", account: "9900000000103" },
  { id: "halopesa", name: "HaloPesa", pspCode: "PSP104", kind: "MOBILE", account: "9900000000104" },
  { id: "crdb", name: "CRDB Bank", pspCode: "PSP201", kind: "BANK", account: "9900000000201" },
  { id: "nmb", name: "NMB Bank", pspCode: "PSP202", kind: "BANK", account: "9900000000202" },
  { id: "nbc", name: "NBC Bank", pspCode: "PSP203", kind: "BANK", account: "9900000000203" },
];

// ----- keys -----

/**
 * GePG's keys in the keys folder, next to GovESB's (keys.mjs): gepg-private.pem (PKCS#8) and
 * gepg-public.pem (SPKI), the sandbox GePG's RSA pair, created here on first start; and
 * gepg-sp-public.pem, the SP's (portal's) public key or certificate, written by the portal.
 */
export const GEPG_PRIVATE_FILE = "gepg-private.pem";
export const GEPG_PUBLIC_FILE = "gepg-public.pem";
export const SP_PUBLIC_FILE = "gepg-sp-public.pem";

/** Loads GePG's RSA pair from `dir`, or creates it there; a second process starting at once reads the first one's file. */
export function loadOrCreateGepgKeys(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privatePath = path.join(dir, GEPG_PRIVATE_FILE);
  const publicPath = path.join(dir, GEPG_PUBLIC_FILE);
  let created = false;
  if (!fs.existsSync(privatePath)) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    try {
      fs.writeFileSync(privatePath, privateKey.export({ type: "pkcs8", format: "pem" }), { flag: "wx", mode: 0o600 });
      created = true;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
  }
  const privateKey = createPrivateKey(fs.readFileSync(privatePath));
  if (privateKey.asymmetricKeyType !== "rsa") {
    throw new Error(
      `The GePG key ${privatePath} is ${privateKey.asymmetricKeyType}, not RSA: delete ${GEPG_PRIVATE_FILE} and ${GEPG_PUBLIC_FILE} to make new ones`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: "spki", format: "pem" });
  if (!fs.existsSync(publicPath) || fs.readFileSync(publicPath, "utf8") !== publicPem) {
    const temp = `${publicPath}.${process.pid}.tmp`;
    fs.writeFileSync(temp, publicPem, { mode: 0o644 });
    fs.renameSync(temp, publicPath);
  }
  return { privateKey, publicKey, created, privatePath, publicPath };
}

/** The SP's public key (SPKI PEM or X.509 certificate PEM), read now; `{ error }` saying what to do when missing. */
export function readSpPublicKey(file) {
  let pem;
  try {
    pem = fs.readFileSync(file);
  } catch (error) {
    if (error.code === "ENOENT") return { error: `The SP's public key ${file} is missing: start the portal once so that it writes it` };
    return { error: `The SP's public key ${file} cannot be read (${error.code ?? error.message})` };
  }
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== "rsa") return { error: `The SP's public key ${file} is not an RSA key` };
    return { key };
  } catch {
    return { error: `The SP's public key ${file} is neither an SPKI public key nor a certificate in PEM` };
  }
}

function asKey(value, kind) {
  if (value === undefined || value === null) return null;
  if (typeof value === "object" && typeof value.export === "function") return value;
  return kind === "private" ? createPrivateKey(value) : createPublicKey(value);
}

// ----- XML (the sandbox's own small reader and writer; it shares no code with the portal) -----

class XmlError extends Error {}

const TOKEN =
  /<!--([\s\S]*?)-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)/y;
const BAD_REFERENCE = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/;
const PREDEFINED = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decodeText(raw) {
  if (BAD_REFERENCE.test(raw)) throw new XmlError("Only the five predefined entities and character references are allowed");
  return raw.replace(/\r\n?/g, "\n").replace(/&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, ref) => {
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    if (code > 0x10ffff || (code < 0x20 && ![9, 10, 13].includes(code)) || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlError(`&${ref}; is not a character XML allows`);
    }
    return String.fromCodePoint(code);
  });
}

/**
 * Reads a document into `{ name, children, text, start, end }` elements, where start/end are the
 * element's offsets in `source`: the signed part is cut from there, never re-serialised.
 * No DOCTYPE, no processing instructions, no entities beyond the five.
 */
export function readXml(source) {
  if (NOT_XML_CHAR.test(source)) throw new XmlError("The text holds a character XML does not allow");
  let i = source.startsWith("\uFEFF") ? 1 : 0;
  const declaration = /<\?xml\s[^?]*\?>/y;
  declaration.lastIndex = i;
  if (declaration.exec(source)) i = declaration.lastIndex;
  const stack = [];
  let root = null;
  while (i < source.length) {
    if (source.startsWith("<!DOCTYPE", i) || source.startsWith("<!doctype", i)) throw new XmlError("DOCTYPE is not allowed");
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(source);
    if (!m) throw new XmlError(`Malformed XML at offset ${i}`);
    const top = stack[stack.length - 1];
    if (m[7] !== undefined || m[2] !== undefined) {
      const text = m[7] !== undefined ? decodeText(m[7]) : m[2];
      if (!top) {
        if (m[2] !== undefined || text.trim() !== "") throw new XmlError("Text outside the root element");
      } else {
        top.parts.push(text);
        if (m[2] !== undefined || text.trim() !== "") top.hasText = true;
      }
    } else if (m[4] !== undefined) {
      if (root && !top) throw new XmlError("More than one root element");
      if (stack.length >= 16) throw new XmlError("Elements nested too deep");
      if (m[5]) decodeText(m[5]);
      const element = { name: m[4], children: [], text: "", start: i, end: -1 };
      if (top) top.element.children.push(element);
      else root = element;
      if (m[6] === "/") element.end = TOKEN.lastIndex;
      else stack.push({ element, parts: [], hasText: false });
    } else if (m[3] !== undefined) {
      if (!top || top.element.name !== m[3]) throw new XmlError(`Unexpected </${m[3]}>`);
      stack.pop();
      if (top.hasText && top.element.children.length) throw new XmlError(`${top.element.name} mixes text and elements`);
      top.element.text = top.element.children.length ? "" : top.parts.join("");
      top.element.end = TOKEN.lastIndex;
    }
    i = TOKEN.lastIndex;
  }
  if (stack.length) throw new XmlError(`${stack[stack.length - 1].element.name} is not closed`);
  if (!root) throw new XmlError("No root element");
  return root;
}

const XML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

function el(name, content) {
  const inner = Array.isArray(content) ? content.join("") : String(content ?? "").replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]);
  return `<${name}>${inner}</${name}>`;
}

/** Elements for `names`, in that order, from `values`. */
function record(names, values) {
  return names.map((name) => el(name, values[name] ?? ""));
}

// ----- the protocol's field lists (the spec's order) -----

const FIELDS = {
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
  billSubReqAck: ["AckId", "ReqId", "AckStsCode", "AckStsDesc"],
  billSubResHdr: ["ResId", "ReqId", "GrpBillId", "CustCntrNum", "ResSts", "ResStsCode", "ResStsDesc"],
  billSubResDtl: ["BillId", "BillCntrNum", "BillStsCode", "BillStsDesc"],
  billSubResAck: ["AckId", "ResId", "AckStsCode"],
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
  pmtSpNtfReqAck: ["AckId", "ReqId", "AckStsCode"],
  sucSpPmtReq: ["ReqId", "SpGrpCode", "SysCode", "TrxDt", "Rsv1", "Rsv2", "Rsv3"],
  sucSpPmtReqAck: ["AckId", "ReqId", "AckStsCode", "AckStsDesc"],
  BatchHdr: ["ResId", "ReqId", "PayStsCode", "PayStsDesc"],
  sucSpPmtResAck: ["AckId", "ResId", "AckStsCode"],
  billCanclReq: ["ReqId", "SpGrpCode", "SysCode", "BillTyp", "GrpBillId", "CanclGenBy", "CanclApprBy", "CanclReasn"],
  billCanclRes: ["ResId", "ReqId", "GrpBillId", "CanclStsCode", "CanclStsDesc"],
};
// A reconciliation record is a notification's PmtTrxDtl led by the two header fields it lacks.
const RECONCILIATION_FIELDS = ["CustCntrNum", "GrpBillId", ...FIELDS.PmtTrxDtl];

class Refusal extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const invalid = (message) => new Refusal("7242", message);

/**
 * The text values of a record whose children must be exactly `names`, in that order: the
 * sandbox holds the portal to the spec's element order, as an XSD-validating gateway would.
 */
function readRecord(element, names, where, containers = []) {
  const got = element.children.map((c) => c.name);
  for (let i = 0; i < Math.max(got.length, names.length); i++) {
    if (got[i] === names[i]) continue;
    if (names[i] === undefined) throw invalid(`${where}: unexpected element ${got[i]}`);
    if (got[i] === undefined) throw invalid(`${where}.${names[i]} is missing`);
    throw invalid(`${where}: expected ${names[i]} at position ${i + 1}, found ${got[i]}`);
  }
  const values = {};
  for (const child of element.children) {
    if (containers.includes(child.name)) continue;
    if (child.children.length) throw invalid(`${where}.${child.name} must hold text`);
    values[child.name] = child.text.trim();
  }
  return values;
}

function need(values, name, where) {
  if (!values[name]) throw invalid(`${where}.${name} is empty`);
  return values[name];
}

function oneOf(values, name, allowed, where) {
  if (!allowed.includes(values[name])) throw invalid(`${where}.${name} must be one of ${allowed.join(", ")}`);
  return values[name];
}

// ----- amounts and dates -----

/** Minor units from a decimal string: never through a float. */
function minorUnits(text, where) {
  const m = /^(0|[1-9][0-9]{0,15})(?:\.([0-9]{1,2}))?$/.exec(text ?? "");
  if (!m) throw invalid(`${where} "${text ?? ""}" is not an amount such as 1500.50`);
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

function money(minor) {
  return `${minor / 100n}.${String(minor % 100n).padStart(2, "0")}`;
}

const EAT_MS = 3 * 60 * 60 * 1000;

/** `YYYY-MM-DDTHH:mm:ss` in East Africa Time. */
function eat(ms) {
  return new Date(ms + EAT_MS).toISOString().slice(0, 19);
}

/** The instant an EAT date-time names, or NaN. */
function fromEat(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text ?? "");
  if (!m) return NaN;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return eat(ms - EAT_MS) === text ? ms - EAT_MS : NaN;
}

function digits(length) {
  let text = "";
  for (let i = 0; i < length; i++) text += String(randomInt(10));
  return text;
}

const RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function receipt(channel) {
  if (channel.kind === "BANK") return `${channel.id.toUpperCase()}${digits(10)}`;
  let text = "";
  for (let i = 0; i < 10; i++) text += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return text;
}

// ----- GePG -----

export function createGepg({
  spGroupCode,
  keysDir,
  spPublicKeyFile = keysDir ? path.join(keysDir, SP_PUBLIC_FILE) : undefined,
  // Tests: { gepgPrivateKey, gepgPublicKey, spPublicKey } as KeyObjects or PEM, instead of the folder.
  keys = {},
  controlNumberUrl,
  paymentUrl,
  reconciliationUrl,
  controlNumberDelayMs = 500,
  reconciliationDelayMs = 500,
  retryBaseMs = 1000,
  retryMaxMs = 30_000,
  maxAttempts = 20,
  attemptTimeoutMs = 10_000,
  slowMs = 12_000,
  maxBills = 1000,
}) {
  const givenPrivate = asKey(keys.gepgPrivateKey, "private");
  const givenSp = asKey(keys.spPublicKey, "public");
  let own = givenPrivate
    ? { privateKey: givenPrivate, publicKey: asKey(keys.gepgPublicKey, "public") ?? createPublicKey(givenPrivate) }
    : null;
  let throwaway = null;
  const control = createModeSwitch(MODES, { slowMs });
  let stopped = false;
  // Callbacks made in out-of-order mode, oldest first, until the mode is switched off.
  const held = [];
  control.onChange((previous, next) => {
    if (previous === "out-of-order" && next !== "out-of-order") releaseHeld();
  });

  const groups = new Map(); // GrpBillId -> group, oldest first
  const billIds = new Map(); // BillId -> group
  const controlNumbers = new Map(); // CustCntrNum or BillCntrNum -> { group, bills it pays }
  const payments = []; // newest last
  const deliveries = []; // newest last
  const timers = new Set();
  const inFlight = new Set();

  function ownKeys() {
    own ??= loadOrCreateGepgKeys(keysDir);
    return own;
  }

  function spKey() {
    return givenSp ? { key: givenSp } : readSpPublicKey(spPublicKeyFile);
  }

  function signingKey() {
    if (control.mode() === "bad-signature") {
      throwaway ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
      return throwaway;
    }
    return ownKeys().privateKey;
  }

  /** `<Gepg>content<signature>…</signature></Gepg>`, signed over exactly `content`. */
  function seal(content) {
    const signature = sign("sha256", Buffer.from(content, "utf8"), { key: signingKey(), padding: constants.RSA_PKCS1_PADDING });
    return `<Gepg>${content}<signature>${signature.toString("base64")}</signature></Gepg>`;
  }

  function later(ms, fn) {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref?.();
    timers.add(timer);
  }

  /**
   * The content element of a signed envelope, once the body is well formed, holds `expected`
   * and verifies with the sender's key (`sender`: { key } or { error }) over the content's exact
   * bytes. Throws a Refusal (7242 malformed, 7303 signature) otherwise; `state.reqId` is filled as
   * soon as it is known, so that even a refusal can name the request.
   */
  function open(bytes, expected, sender, state = {}) {
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw invalid("The body is not UTF-8");
    }
    let root;
    try {
      root = readXml(text);
    } catch (error) {
      if (error instanceof XmlError) throw invalid(`The body is not a GePG envelope: ${error.message}`);
      throw error;
    }
    const [content, signature, ...rest] = root.children;
    if (root.name !== "Gepg" || !content || signature?.name !== "signature" || rest.length) {
      throw invalid(`The body must be <Gepg><${expected}>…</${expected}><signature>…</signature></Gepg>`);
    }
    if (content.name !== expected) throw invalid(`Expected <${expected}>, got <${content.name}>`);
    const header = content.children.find((c) => c.name === "BillHdr") ?? content;
    state.reqId = header.children.find((c) => c.name === "ReqId")?.text.trim() ?? "";
    if (!sender.key) throw new Refusal("7303", `Invalid signature: ${sender.error}`);
    const signed = Buffer.from(text.slice(content.start, content.end), "utf8");
    const signatureBytes = Buffer.from(signature.text.replace(/\s+/g, ""), "base64");
    let valid = false;
    try {
      valid =
        signatureBytes.length > 0 && verify("sha256", signed, { key: sender.key, padding: constants.RSA_PKCS1_PADDING }, signatureBytes);
    } catch {
      valid = false;
    }
    if (!valid) throw new Refusal("7303", "Invalid signature");
    return content;
  }

  const HEADERS = { "gepg-com": "Gepg-Com", "gepg-code": "Gepg-Code", "gepg-alg": "Gepg-Alg" };

  /** Mode, headers, envelope and signature: every SP request goes through these, in this order. */
  async function admit(headers, bytes, expected, state) {
    const mode = control.mode();
    if (mode === "down") return { down: true };
    if (mode === "garbage") return { garbage: true };
    if (mode === "slow") await sleep(control.slowMs());
    for (const [name, label] of Object.entries(HEADERS)) {
      if (!headers[name]) throw new Refusal("7202", `Required header ${label} is missing`);
    }
    if (headers["gepg-alg"] !== "00S2") throw invalid(`Gepg-Alg ${headers["gepg-alg"]} is not supported (API 2.0 uses 00S2)`);
    if (headers["gepg-code"] !== spGroupCode) throw new Refusal("7203", `Unknown SP group ${headers["gepg-code"]}`);
    if (!/xml/i.test(headers["content-type"] ?? "")) throw invalid("Content-Type must be application/xml");
    return { content: open(bytes, expected, spKey(), state) };
  }

  function xmlAnswer(content) {
    return { status: 200, type: "application/xml; charset=utf-8", body: seal(content) };
  }

  const unavailable = { status: 503, type: "text/plain; charset=utf-8", body: "Service unavailable" };
  // A gateway in front of GePG answering with its own page: 200, and nothing GePG would send.
  const garbage = {
    status: 200,
    type: "text/html; charset=utf-8",
    body: "<html><body><h1>Gateway</h1><p>Your request is being processed.</p></body></html>",
  };

  /** A signed request ack (billSubReqAck, sucSpPmtReqAck). */
  function requestAck(name, reqId, code, description) {
    return xmlAnswer(
      el(name, record(FIELDS[name], { AckId: `ACK${digits(12)}`, ReqId: reqId, AckStsCode: code, AckStsDesc: description })),
    );
  }

  // ----- bill submission -----

  function readBill(content) {
    const [header, details, ...rest] = content.children;
    if (header?.name !== "BillHdr" || details?.name !== "BillDtls" || rest.length)
      throw invalid("billSubReq must hold BillHdr then BillDtls");
    const hdr = readRecord(header, FIELDS.BillHdr, "BillHdr");
    for (const name of ["ReqId", "SpGrpCode", "SysCode", "PayTyp", "GrpBillId"]) need(hdr, name, "BillHdr");
    oneOf(hdr, "BillTyp", ["1", "2"], "BillHdr");
    if (hdr.SpGrpCode !== spGroupCode)
      throw new Refusal("7203", `BillHdr.SpGrpCode ${hdr.SpGrpCode} is not the SP group of the Gepg-Code header`);
    if (!details.children.length || details.children.some((d) => d.name !== "BillDtl"))
      throw invalid("BillDtls must hold one or more BillDtl");
    if (hdr.BillTyp === "1" && details.children.length !== 1) throw invalid("BillTyp 1 must have exactly one BillDtl");
    const bills = details.children.map((detail, n) => {
      const where = `BillDtl[${n + 1}]`;
      const v = readRecord(detail, FIELDS.BillDtl, where, ["BillItems"]);
      for (const name of ["BillId", "SpCode", "BillDesc", "CustName", "BillGenBy", "BillApprBy"]) need(v, name, where);
      const generated = fromEat(v.BillGenDt);
      const expires = fromEat(v.BillExprDt);
      if (Number.isNaN(generated)) throw invalid(`${where}.BillGenDt "${v.BillGenDt}" is not YYYY-MM-DDTHH:mm:ss`);
      if (Number.isNaN(expires)) throw invalid(`${where}.BillExprDt "${v.BillExprDt}" is not YYYY-MM-DDTHH:mm:ss`);
      if (expires <= generated) throw invalid(`${where}.BillExprDt is not after BillGenDt`);
      const amount = minorUnits(v.BillAmt, `${where}.BillAmt`);
      if (amount === 0n) throw invalid(`${where}.BillAmt must be more than zero`);
      const minimum = minorUnits(v.MinPayAmt, `${where}.MinPayAmt`);
      if (minimum > amount) throw invalid(`${where}.MinPayAmt is more than BillAmt`);
      minorUnits(v.BillEqvAmt, `${where}.BillEqvAmt`);
      minorUnits(v.PayLimAmt, `${where}.PayLimAmt`);
      oneOf(v, "Ccy", ["TZS", "USD"], where);
      oneOf(v, "BillPayOpt", ["1", "2", "3"], where);
      if (!/^[0-9]+(\.[0-9]+)?$/.test(v.ExchRate)) throw invalid(`${where}.ExchRate "${v.ExchRate}" is not a decimal`);
      if (v.CustId && !["1", "2", "3", "4"].includes(v.CustIdTyp)) throw invalid(`${where}.CustIdTyp must be 1, 2, 3 or 4`);
      if (v.CustCellNum && !/^255[0-9]{9}$/.test(v.CustCellNum)) throw invalid(`${where}.CustCellNum must be 255 and nine digits`);
      const items = detail.children.find((c) => c.name === "BillItems").children;
      if (!items.length || items.some((i) => i.name !== "BillItem")) throw invalid(`${where}.BillItems must hold one or more BillItem`);
      let total = 0n;
      items.forEach((item, k) => {
        const at = `${where}.BillItem[${k + 1}]`;
        const iv = readRecord(item, FIELDS.BillItem, at);
        for (const name of ["RefBillId", "SubSpCode", "GfsCode", "BillItemRef", "CollSp"]) need(iv, name, at);
        oneOf(iv, "UseItemRefOnPay", ["Y", "N"], at);
        total += minorUnits(iv.BillItemAmt, `${at}.BillItemAmt`);
        minorUnits(iv.BillItemEqvAmt, `${at}.BillItemEqvAmt`);
      });
      if (total !== amount) throw invalid(`${where}.BillAmt ${money(amount)} is not the sum of its items (${money(total)})`);
      return { ...v, amount, minimum, expiresAt: expires, paid: 0n, BillCntrNum: null };
    });
    return { hdr, bills };
  }

  function newControlNumber() {
    let number;
    do number = `99${digits(10)}`;
    while (controlNumbers.has(number));
    return number;
  }

  async function submission(headers, bytes) {
    const state = { reqId: "" };
    try {
      const { down, garbage: junk, content } = await admit(headers, bytes, "billSubReq", state);
      if (down) return unavailable;
      if (junk) return garbage;
      const { hdr, bills } = readBill(content);
      const seen = new Set();
      for (const bill of bills) {
        if (billIds.has(bill.BillId) || seen.has(bill.BillId))
          throw new Refusal("7226", `Duplicate bill: BillId ${bill.BillId} is already known`);
        seen.add(bill.BillId);
      }
      if (groups.has(hdr.GrpBillId)) throw new Refusal("7226", `Duplicate bill: GrpBillId ${hdr.GrpBillId} is already known`);
      if (bills.some((bill) => bill.expiresAt <= Date.now())) throw new Refusal("7213", "Bill expired");
      const group = {
        ...hdr,
        bills,
        CustCntrNum: null,
        status: "awaiting control number",
        receivedAt: eat(Date.now()),
        cancelledAt: null,
        duplicateCallbacks: control.mode() === "duplicate-callback",
      };
      groups.set(hdr.GrpBillId, group);
      for (const bill of bills) billIds.set(bill.BillId, group);
      while (groups.size > maxBills) forget(groups.values().next().value);
      later(controlNumberDelayMs, () => issueControlNumber(group));
      return requestAck("billSubReqAck", hdr.ReqId, "7101", "Successful");
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return requestAck("billSubReqAck", state.reqId, error.code, error.message);
    }
  }

  function forget(group) {
    groups.delete(group.GrpBillId);
    for (const bill of group.bills) {
      billIds.delete(bill.BillId);
      if (bill.BillCntrNum) controlNumbers.delete(bill.BillCntrNum);
    }
    if (group.CustCntrNum) controlNumbers.delete(group.CustCntrNum);
  }

  /**
   * One control number for the group (CustCntrNum), and one per bill: for a single bill (BillTyp 1)
   * they are the same number; for a group each bill can also be paid on its own number.
   */
  function issueControlNumber(group) {
    if (!groups.has(group.GrpBillId)) return;
    group.CustCntrNum = newControlNumber();
    controlNumbers.set(group.CustCntrNum, { group, bills: group.bills });
    for (const bill of group.bills) {
      bill.BillCntrNum = group.bills.length === 1 ? group.CustCntrNum : newControlNumber();
      if (group.bills.length > 1) controlNumbers.set(bill.BillCntrNum, { group, bills: [bill] });
    }
    group.status = "open";
    const resId = `RES${digits(12)}`;
    const content = el("billSubRes", [
      el(
        "BillHdr",
        record(FIELDS.billSubResHdr, {
          ResId: resId,
          ReqId: group.ReqId,
          GrpBillId: group.GrpBillId,
          CustCntrNum: group.CustCntrNum,
          ResSts: "ACCEPTED",
          ResStsCode: "7101",
          ResStsDesc: "Successful",
        }),
      ),
      el(
        "BillDtls",
        group.bills.map((bill) =>
          el(
            "BillDtl",
            record(FIELDS.billSubResDtl, {
              BillId: bill.BillId,
              BillCntrNum: bill.BillCntrNum,
              BillStsCode: "7101",
              BillStsDesc: "Successful",
            }),
          ),
        ),
      ),
    ]);
    deliver("billSubRes", controlNumberUrl, content, {
      ackName: "billSubResAck",
      ackRef: "ResId",
      ref: resId,
      copies: group.duplicateCallbacks ? 2 : 1,
    });
  }

  // ----- cancellation -----

  async function cancellation(headers, bytes) {
    const state = { reqId: "" };
    const answer = (code, description, grpBillId = "") =>
      xmlAnswer(
        el(
          "billCanclRes",
          record(FIELDS.billCanclRes, {
            ResId: `RES${digits(12)}`,
            ReqId: state.reqId,
            GrpBillId: grpBillId,
            CanclStsCode: code,
            CanclStsDesc: description,
          }),
        ),
      );
    try {
      const { down, garbage: junk, content } = await admit(headers, bytes, "billCanclReq", state);
      if (down) return unavailable;
      if (junk) return garbage;
      const v = readRecord(content, FIELDS.billCanclReq, "billCanclReq");
      for (const name of ["ReqId", "SpGrpCode", "SysCode", "GrpBillId", "CanclGenBy", "CanclApprBy", "CanclReasn"])
        need(v, name, "billCanclReq");
      oneOf(v, "BillTyp", ["1", "2"], "billCanclReq");
      if (v.SpGrpCode !== spGroupCode)
        throw new Refusal("7203", `billCanclReq.SpGrpCode ${v.SpGrpCode} is not the SP group of the Gepg-Code header`);
      const group = groups.get(v.GrpBillId);
      if (!group || group.BillTyp !== v.BillTyp) return answer("7204", "Bill does not exist", v.GrpBillId);
      // Cancelling twice leaves the bill as the SP wants it: the same answer again.
      if (group.status === "cancelled") return answer("7283", "Bill cancelled", v.GrpBillId);
      const paid = group.bills.reduce((sum, bill) => sum + bill.paid, 0n);
      if (group.status === "settled") return answer("7279", "Bill already settled", v.GrpBillId);
      if (paid > 0n) return answer("7201", "Bill has payments and cannot be cancelled", v.GrpBillId);
      group.status = "cancelled";
      group.cancelledAt = eat(Date.now());
      group.cancellation = { by: v.CanclGenBy, approvedBy: v.CanclApprBy, reason: v.CanclReasn };
      return answer("7283", "Bill cancelled", v.GrpBillId);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return answer(error.code, error.message);
    }
  }

  // ----- payments (tester side) -----

  function channelById(id) {
    return CHANNELS.find((c) => c.id === id);
  }

  /**
   * Pays a control number as a citizen would: `{ controlNumber, channel, amount?, payerName?,
   * payerPhone?, payerEmail? }`. Returns `{ status, body }` (JSON) and, when paid, posts the
   * payment notification to the SP.
   */
  function pay(request) {
    const fail = (status, code, error) => ({ status, body: { error, code } });
    const controlNumber = String(request?.controlNumber ?? "").replace(/\s+/g, "");
    const entry = controlNumbers.get(controlNumber);
    if (!entry) return fail(404, "7333", `No bill has control number ${controlNumber || "(none)"}`);
    const channel = channelById(request.channel);
    if (!channel) return fail(400, "7242", `channel must be one of ${CHANNELS.map((c) => c.id).join(", ")}`);
    const { group, bills } = entry;
    if (group.status === "cancelled") return fail(409, "7283", "Bill cancelled");
    const owing = bills.map((bill) => bill.amount - bill.paid);
    const remaining = owing.reduce((a, b) => a + b, 0n);
    if (remaining <= 0n) return fail(409, "7279", "Bill already settled");
    if (bills.some((bill) => bill.expiresAt <= Date.now())) return fail(409, "7213", "Bill expired");
    let amount = remaining;
    if (request.amount !== undefined && request.amount !== null && request.amount !== "") {
      // A JSON number may already have lost its cents on the way in: amounts travel as text.
      if (typeof request.amount !== "string") return fail(400, "7242", 'amount must be a decimal string such as "1500.50"');
      try {
        amount = minorUnits(request.amount, "amount");
      } catch (error) {
        return fail(400, "7242", error.message);
      }
    }
    if (amount <= 0n) return fail(400, "7242", "amount must be more than zero");
    if (bills.length > 1 && amount !== remaining) {
      return fail(422, "7242", `A group's control number is paid in full: ${money(remaining)} ${bills[0].Ccy}`);
    }
    const bill = bills[0];
    if (bills.length === 1) {
      if (bill.BillPayOpt === "3" && amount !== remaining) return fail(422, "7242", `Exact payment: pay ${money(remaining)} ${bill.Ccy}`);
      if (bill.BillPayOpt === "1" && amount < remaining)
        return fail(422, "7242", `Full payment: pay at least ${money(remaining)} ${bill.Ccy}`);
      const least = bill.minimum < remaining ? bill.minimum : remaining;
      if (bill.BillPayOpt === "2" && amount < least) return fail(422, "7242", `Partial payment: pay at least ${money(least)} ${bill.Ccy}`);
    }
    const payerName = String(request.payerName ?? "").trim() || bill.CustName;
    const payerPhone = String(request.payerPhone ?? "").replace(/\s+/g, "") || bill.CustCellNum || "";
    const payerEmail = String(request.payerEmail ?? "").trim() || bill.CustEmail || "";
    if (payerPhone && !/^255[0-9]{9}$/.test(payerPhone)) return fail(400, "7242", "payerPhone must be 255 and nine digits");
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(payerName + payerEmail))
      return fail(400, "7242", "payerName and payerEmail must be plain text");

    const now = Date.now();
    const shares = bills.length === 1 ? [amount] : owing;
    const records = bills.map((b, i) => {
      b.paid += shares[i];
      return {
        CustCntrNum: controlNumber,
        GrpBillId: group.GrpBillId,
        SpCode: b.SpCode,
        BillId: b.BillId,
        BillCtrNum: b.BillCntrNum,
        PspCode: channel.pspCode,
        PspName: channel.name,
        TrxId: `SBXT${digits(12)}`,
        PayRefId: `SBXR${digits(10)}`,
        BillAmt: money(b.amount),
        PaidAmt: money(shares[i]),
        BillPayOpt: b.BillPayOpt,
        Ccy: b.Ccy,
        CollAccNum: channel.account,
        TrxDtTm: eat(now),
        UsdPayChnl: channel.kind,
        TrdPtyTrxId: receipt(channel),
        QtRefId: "",
        PyrCellNum: payerPhone,
        PyrEmail: payerEmail,
        PyrName: payerName,
        Rsv1: "",
        Rsv2: "",
        Rsv3: "",
        channel: channel.id,
        paidAt: now,
      };
    });
    payments.push(...records);
    if (group.bills.every((b) => b.paid >= b.amount)) group.status = "settled";
    else group.status = "partly paid";

    const reqId = `NTF${digits(12)}`;
    const content = el("pmtSpNtfReq", [
      el(
        "PmtHdr",
        record(FIELDS.PmtHdr, {
          ReqId: reqId,
          GrpBillId: group.GrpBillId,
          SpGrpCode: spGroupCode,
          CustCntrNum: controlNumber,
          EntryCnt: String(records.length),
        }),
      ),
      el(
        "PmtDtls",
        records.map((r) => el("PmtTrxDtl", record(FIELDS.PmtTrxDtl, r))),
      ),
    ]);
    const sent = deliver("pmtSpNtfReq", paymentUrl, content, {
      ackName: "pmtSpNtfReqAck",
      ackRef: "ReqId",
      ref: reqId,
      copies: control.mode() === "duplicate-callback" ? 2 : 1,
    });
    return { status: 200, body: { payments: records.map(paymentJson), notification: sent.map(deliveryJson) } };
  }

  // ----- reconciliation -----

  async function reconciliation(headers, bytes) {
    const state = { reqId: "" };
    try {
      const { down, garbage: junk, content } = await admit(headers, bytes, "sucSpPmtReq", state);
      if (down) return unavailable;
      if (junk) return garbage;
      const v = readRecord(content, FIELDS.sucSpPmtReq, "sucSpPmtReq");
      for (const name of ["ReqId", "SpGrpCode", "SysCode", "TrxDt"]) need(v, name, "sucSpPmtReq");
      if (v.SpGrpCode !== spGroupCode)
        throw new Refusal("7203", `sucSpPmtReq.SpGrpCode ${v.SpGrpCode} is not the SP group of the Gepg-Code header`);
      if (Number.isNaN(fromEat(`${v.TrxDt}T00:00:00`))) throw invalid(`sucSpPmtReq.TrxDt "${v.TrxDt}" is not YYYY-MM-DD`);
      const duplicates = control.mode() === "duplicate-callback";
      later(reconciliationDelayMs, () => sendReconciliation(v.ReqId, v.TrxDt, duplicates));
      return requestAck("sucSpPmtReqAck", v.ReqId, "7101", "Successful");
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return requestAck("sucSpPmtReqAck", state.reqId, error.code, error.message);
    }
  }

  function sendReconciliation(reqId, day, duplicates) {
    const records = payments.filter((p) => p.TrxDtTm.startsWith(`${day}T`));
    const resId = `RES${digits(12)}`;
    const content = el("sucSpPmtRes", [
      el(
        "BatchHdr",
        record(FIELDS.BatchHdr, {
          ResId: resId,
          ReqId: reqId,
          PayStsCode: "7101",
          PayStsDesc: records.length ? "Successful" : "No payments on that day",
        }),
      ),
      el(
        "PmtDtls",
        records.map((r) => el("PmtTrxDtl", record(RECONCILIATION_FIELDS, r))),
      ),
    ]);
    deliver("sucSpPmtRes", reconciliationUrl, content, {
      ackName: "sucSpPmtResAck",
      ackRef: "ResId",
      ref: resId,
      copies: duplicates ? 2 : 1,
    });
  }

  // ----- deliveries to the SP -----

  /**
   * Queues `copies` identical posts of `content`, signed at each try (the same bytes while the key
   * is the same); each is retried until acknowledged. In out-of-order mode they are held back.
   */
  function deliver(kind, url, content, { ackName, ackRef, ref, copies }) {
    const made = [];
    for (let copy = 1; copy <= copies; copy++) {
      const delivery = {
        id: randomUUID(),
        kind,
        url,
        ref,
        copy,
        ackName,
        ackRef,
        content,
        state: control.mode() === "out-of-order" ? "held" : "pending",
        attempts: 0,
        lastError: null,
        lastAttemptAt: null,
        nextAttemptAt: eat(Date.now()),
        deliveredAt: null,
        ack: null,
      };
      deliveries.push(delivery);
      while (deliveries.length > maxBills * 4) deliveries.shift();
      made.push(delivery);
      if (delivery.state === "held") held.push(delivery);
      else later(0, () => attempt(delivery));
    }
    return made;
  }

  /** The callbacks held back in out-of-order mode, sent newest first, RELEASE_SPACING_MS apart. */
  function releaseHeld() {
    const released = held.splice(0).reverse();
    released.forEach((delivery, n) => {
      delivery.state = "pending";
      delivery.nextAttemptAt = eat(Date.now() + n * RELEASE_SPACING_MS);
      later(n * RELEASE_SPACING_MS, () => attempt(delivery));
    });
  }

  /** Why the SP's answer is not an acknowledgement (null when it is one). */
  function judgeAck(delivery, text) {
    let content;
    try {
      content = open(Buffer.from(text, "utf8"), delivery.ackName, spKey());
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (error.code === "7303") return `the answer's signature does not verify with the SP's public key (${error.message})`;
      return `the answer is not a ${delivery.ackName}: ${error.message}`;
    }
    let v;
    try {
      v = readRecord(content, FIELDS[delivery.ackName], delivery.ackName);
    } catch (error) {
      if (error instanceof Refusal) return `the answer is not a ${delivery.ackName}: ${error.message}`;
      throw error;
    }
    delivery.ack = { AckId: v.AckId, AckStsCode: v.AckStsCode };
    if (v[delivery.ackRef] !== delivery.ref)
      return `the ${delivery.ackName} names ${delivery.ackRef} ${v[delivery.ackRef] || "(none)"}, not ${delivery.ref}`;
    if (v.AckStsCode !== "7101") return `acknowledged with ${v.AckStsCode || "no code"}, not 7101`;
    return null;
  }

  async function attempt(delivery) {
    if (stopped) return;
    delivery.attempts += 1;
    delivery.lastAttemptAt = eat(Date.now());
    delivery.nextAttemptAt = null;
    const controller = new AbortController();
    inFlight.add(controller);
    let error = null;
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: { "Content-Type": "application/xml", "Gepg-Code": spGroupCode, "Gepg-Alg": "00S2" },
        body: seal(delivery.content),
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(attemptTimeoutMs)]),
      });
      const text = await response.text();
      error =
        response.status === 200
          ? judgeAck(delivery, text)
          : `HTTP ${response.status}${text ? `: ${text.replace(/\s+/g, " ").slice(0, 200)}` : ""}`;
    } catch (caught) {
      if (stopped) return;
      error =
        caught?.name === "TimeoutError"
          ? `no answer within ${attemptTimeoutMs / 1000} s`
          : `${caught?.cause?.code ?? caught?.cause?.message ?? caught?.message ?? caught}`;
    } finally {
      inFlight.delete(controller);
    }
    if (stopped) return;
    if (!error) {
      delivery.state = "delivered";
      delivery.deliveredAt = eat(Date.now());
      delivery.lastError = null;
      return;
    }
    delivery.lastError = error;
    if (delivery.attempts >= maxAttempts) {
      delivery.state = "failed";
      return;
    }
    const wait = Math.min(retryBaseMs * 2 ** (delivery.attempts - 1), retryMaxMs);
    delivery.nextAttemptAt = eat(Date.now() + wait);
    later(wait, () => attempt(delivery));
  }

  // ----- views -----

  function paymentJson(p) {
    const { channel, paidAt, ...fields } = p;
    return { ...fields, channel, paidAt: new Date(paidAt).toISOString() };
  }

  function deliveryJson(d) {
    const { content, ackName, ...rest } = d;
    return { ...rest, acknowledgement: ackName, bytes: Buffer.byteLength(seal(content)) };
  }

  function groupJson(group) {
    return {
      GrpBillId: group.GrpBillId,
      ReqId: group.ReqId,
      BillTyp: group.BillTyp,
      CustCntrNum: group.CustCntrNum,
      status: group.status,
      receivedAt: group.receivedAt,
      cancelledAt: group.cancelledAt,
      bills: group.bills.map((bill) => ({
        BillId: bill.BillId,
        BillCntrNum: bill.BillCntrNum,
        SpCode: bill.SpCode,
        BillDesc: bill.BillDesc,
        CustName: bill.CustName,
        CustCellNum: bill.CustCellNum,
        BillAmt: money(bill.amount),
        paid: money(bill.paid),
        Ccy: bill.Ccy,
        BillPayOpt: bill.BillPayOpt,
        BillExprDt: bill.BillExprDt,
      })),
    };
  }

  function snapshot() {
    return {
      mode: control.mode(),
      bills: Array.from(groups.values()).reverse().map(groupJson),
      payments: payments.slice().reverse().map(paymentJson),
      deliveries: deliveries.slice().reverse().map(deliveryJson),
    };
  }

  function deliveryText(d) {
    const tries = `${d.attempts} ${d.attempts === 1 ? "try" : "tries"}`;
    if (d.state === "delivered") return `delivered ${d.deliveredAt} (EAT) after ${tries}`;
    if (d.state === "failed") return `failed after ${tries}: ${d.lastError}`;
    if (d.state === "held") return "held back (out-of-order): sent once the mode is switched off";
    return `pending, ${tries} so far${d.nextAttemptAt ? `, next at ${d.nextAttemptAt}` : ""}${d.lastError ? `; last error: ${d.lastError}` : ""}`;
  }

  function pageHtml() {
    const e = escapeHtml;
    const payable = Array.from(groups.values()).filter((g) => g.status === "open" || g.status === "partly paid");
    const options = CHANNELS.map((c) => `<option value="${e(c.id)}">${e(c.name)}</option>`).join("");
    const billRows = Array.from(groups.values())
      .reverse()
      .map((g) =>
        g.bills
          .map(
            (b, i) =>
              `<tr>${i === 0 ? `<td rowspan="${g.bills.length}"><code>${e(g.CustCntrNum ?? "…")}</code></td>` : ""}` +
              `<td><code>${e(b.BillId)}</code>${g.bills.length > 1 ? `<br><code>${e(b.BillCntrNum ?? "")}</code>` : ""}</td>` +
              `<td>${e(b.BillDesc)}</td><td>${e(b.CustName)}${b.CustCellNum ? `<br>${e(b.CustCellNum)}` : ""}</td>` +
              `<td>${e(b.Ccy)} ${e(money(b.amount))}</td><td>${e(money(b.paid))}</td>` +
              `${i === 0 ? `<td rowspan="${g.bills.length}">${e(g.status)}</td>` : ""}<td>${e(b.BillExprDt)}</td></tr>`,
          )
          .join(""),
      )
      .join("");
    const paymentRows = payments
      .slice()
      .reverse()
      .map(
        (p) =>
          `<tr><td>${e(p.TrxDtTm)}</td><td><code>${e(p.CustCntrNum)}</code></td><td>${e(p.PspName)}</td><td>${e(p.Ccy)} ${e(p.PaidAmt)}</td>` +
          `<td><code>${e(p.TrdPtyTrxId)}</code></td><td><code>${e(p.TrxId)}</code></td><td>${e(p.PyrName)}</td></tr>`,
      )
      .join("");
    const deliveryRows = deliveries
      .slice()
      .reverse()
      .map(
        (d) =>
          `<tr><td>${e(d.kind)}${d.copy > 1 ? " (copy)" : ""}</td><td><code>${e(d.ref)}</code></td><td>${e(d.url)}</td><td>${e(deliveryText(d))}</td></tr>`,
      )
      .join("");
    return page(
      "GePG",
      `<p>Test mode: <strong>${e(control.mode())}</strong> (<a href="/gepg/_control">/gepg/_control</a>). SP group <code>${e(spGroupCode)}</code>. ` +
        `JSON: <a href="/gepg/bills.json">/gepg/bills.json</a>.</p>` +
        `<h2>Pay a control number</h2>` +
        (payable.length
          ? `<form method="post" action="/gepg/pay"><p><label>Control number <select name="controlNumber">` +
            payable.map((g) => `<option value="${e(g.CustCntrNum)}">${e(g.CustCntrNum)} · ${e(g.bills[0].BillDesc)}</option>`).join("") +
            `</select></label></p><p><label>Channel <select name="channel">${options}</select></label></p>` +
            `<p><label>Amount <input name="amount" inputmode="decimal" placeholder="what is owed"></label> ` +
            `<label>Payer name <input name="payerName"></label> <label>Payer phone <input name="payerPhone" placeholder="2557…"></label></p>` +
            `<p><button type="submit">Pay</button></p></form>`
          : `<p>No bill is waiting for payment.</p>`) +
        `<h2>Bills</h2><table><thead><tr><th>Control number</th><th>Bill</th><th>Description</th><th>Customer</th><th>Amount</th><th>Paid</th><th>Status</th><th>Expires (EAT)</th></tr></thead>` +
        `<tbody>${billRows || `<tr><td colspan="8">None yet.</td></tr>`}</tbody></table>` +
        `<h2>Payments</h2><table><thead><tr><th>Time (EAT)</th><th>Control number</th><th>Channel</th><th>Paid</th><th>Receipt</th><th>GePG TrxId</th><th>Payer</th></tr></thead>` +
        `<tbody>${paymentRows || `<tr><td colspan="7">None yet.</td></tr>`}</tbody></table>` +
        `<h2>Callbacks to the SP</h2><table><thead><tr><th>Message</th><th>Id</th><th>URL</th><th>Delivery</th></tr></thead>` +
        `<tbody>${deliveryRows || `<tr><td colspan="4">None yet.</td></tr>`}</tbody></table>`,
    );
  }

  /** `{"mode":…,"slowMs"?:…}` from /gepg/_control: `{ status, body }`. */
  function setMode(request) {
    return control.set(request);
  }

  // ----- routes under /gepg -----

  const json = (status, body) => ({ status, type: "application/json; charset=utf-8", body: JSON.stringify(body) });
  const html = (status, body) => ({ status, type: "text/html; charset=utf-8", body });

  async function parseJson(readBody) {
    try {
      const value = JSON.parse((await readBody()).toString("utf8"));
      return value && typeof value === "object" && !Array.isArray(value) ? value : null;
    } catch (error) {
      if (error.status) throw error;
      return null;
    }
  }

  /**
   * Handles a request under /gepg: `readBody()` resolves to the body's bytes (the server applies
   * its size limit). Returns `{ status, type, body, location? }`.
   */
  async function handle(method, pathname, headers, readBody) {
    const route = `${method} ${pathname}`;
    switch (route) {
      case "POST /gepg/api/bill/20/submission":
        return submission(headers, await readBody());
      case "POST /gepg/api/bill/20/cancellation":
        return cancellation(headers, await readBody());
      case "POST /gepg/api/reconciliation/20/request":
        return reconciliation(headers, await readBody());
      case "GET /gepg":
        return html(200, pageHtml());
      case "GET /gepg/bills.json":
        return json(200, snapshot());
      case "POST /gepg/pay.json": {
        const request = await parseJson(readBody);
        if (!request) return json(400, { error: 'Body must be JSON: {"controlNumber":"99…","channel":"mpesa","amount":"1500.50"}' });
        const result = pay(request);
        return json(result.status, result.body);
      }
      case "POST /gepg/pay": {
        const form = new URLSearchParams((await readBody()).toString("utf8"));
        const result = pay(Object.fromEntries(form));
        if (result.status === 200) return { status: 303, type: "text/plain; charset=utf-8", body: "", location: "/gepg" };
        return html(
          result.status,
          page("GePG", `<p>${escapeHtml(result.body.error)} (${escapeHtml(result.body.code)})</p><p><a href="/gepg">Back to GePG</a></p>`),
        );
      }
      case "GET /gepg/_control":
        return json(200, control.state());
      case "POST /gepg/_control": {
        const request = await parseJson(readBody);
        const result = request ? setMode(request) : { status: 400, body: { error: 'Body must be JSON: {"mode":"…"}' } };
        return json(result.status, result.body);
      }
      default:
        return json(404, { error: "Not found" });
    }
  }

  function stop() {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const controller of inFlight) controller.abort();
  }

  return { handle, pay, snapshot, setMode, mode: () => control.mode(), publicKey: () => ownKeys().publicKey, stop };
}
