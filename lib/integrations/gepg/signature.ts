import { constants, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { parseXml, scanXmlShape, ShapeError, XmlError, type XmlElement } from "./xml";

/**
 * GePG API 2.0's signed envelope:
 *
 *   <Gepg><billSubReq>…</billSubReq><signature>BASE64</signature></Gepg>
 *
 * The signature is RSA PKCS#1 v1.5 with SHA-256 over the exact bytes of the content element,
 * from its "<" to the ">" of its end tag, as sent. A receiver cuts those bytes out of the body
 * it received and verifies them: parsing and writing the XML again could change them (spacing,
 * quoting, entity forms), so nothing is re-serialised before verifying.
 */

export const SIGNATURE_ELEMENT = "signature";
/** Header value naming the algorithm (RSA with SHA-256) in API 2.0. */
export const GEPG_ALGORITHM = "00S2";
/** Gepg-Com of requests an SP sends to GePG. */
export const GEPG_SP_COMMAND = "default.sp.in";

/** Why an envelope was refused, for logs and tests (never carries the message's content). */
export type RefusalReason =
  "bad-signature" | "not-utf8" | "declaration" | "too-deep" | "not-envelope" | "legacy-envelope" | "not-xml" | "unexpected-message";

export class GepgSignatureError extends Error {
  override name = "GepgSignatureError";
  constructor(
    message: string,
    /** "malformed": not a GePG envelope; "bad-signature": an envelope whose signature does not verify. */
    readonly kind: "malformed" | "bad-signature",
    readonly reason: RefusalReason = kind === "bad-signature" ? "bad-signature" : "not-envelope",
  ) {
    super(message);
  }
}

/** A wrong key is a configuration fault, not a fault of the message: hence a TypeError. */
function requireRsa(key: KeyObject, role: string): KeyObject {
  if (key?.asymmetricKeyType !== "rsa") {
    throw new TypeError(`GePG signs with RSA, but the ${role} is ${key?.asymmetricKeyType ?? "not an asymmetric key"}`);
  }
  return key;
}

/** An RSA private key from PEM (PKCS#8 or PKCS#1). */
export function rsaPrivateKeyFrom(pem: string | Buffer): KeyObject {
  return requireRsa(createPrivateKey(pem), "private key");
}

/** An RSA public key from PEM: an SPKI public key or an X.509 certificate (what GePG hands out). */
export function rsaPublicKeyFrom(pem: string | Buffer): KeyObject {
  return requireRsa(createPublicKey(pem), "public key");
}

/** The base64 signature of the content's UTF-8 bytes. */
export function signContent(content: string, privateKey: KeyObject): string {
  requireRsa(privateKey, "private key");
  return sign("sha256", Buffer.from(content, "utf8"), { key: privateKey, padding: constants.RSA_PKCS1_PADDING }).toString("base64");
}

/**
 * The body to send: the content element, exactly as given, signed as given. The content is
 * checked to be one well-formed element, so that what is signed is what the other side will
 * find between <Gepg> and <signature>.
 */
export function sealGepgMessage(content: string, privateKey: KeyObject): string {
  let element: XmlElement;
  try {
    element = parseXml(content);
  } catch (error) {
    if (error instanceof XmlError) throw new GepgSignatureError(`The content is not one XML element: ${error.message}`, "malformed");
    throw error;
  }
  if (element.start !== 0 || element.end !== content.length) {
    throw new GepgSignatureError("The content must be exactly one element, with nothing before or after it", "malformed");
  }
  if (element.name === "Gepg" || element.name === SIGNATURE_ELEMENT) {
    throw new GepgSignatureError(`<${element.name}> cannot be the content of an envelope`, "malformed");
  }
  return `<Gepg>${content}<${SIGNATURE_ELEMENT}>${signContent(content, privateKey)}</${SIGNATURE_ELEMENT}></Gepg>`;
}

export type OpenedMessage = {
  /** The content element's name, e.g. "pmtSpNtfReq". */
  name: string;
  /** The content element, parsed (for the readers in messages.ts). */
  content: XmlElement;
  /** The content element's text exactly as received: the signed part, for logs and audits. */
  signedXml: string;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** GePG's deepest path is Gepg/billSubReq/BillDtls/BillDtl/BillItems/BillItem/x: 7. */
export const MAX_ENVELOPE_DEPTH = 10;
const LEAD = /^\uFEFF?(?:<\?xml[^<>]*\?>)?[ \t\r\n]*$/;
const TAIL = /^[ \t\r\n]*<\/Gepg>[ \t\r\n]*$/;
const SPACE = new Set([" ", "\t", "\r", "\n"]);

/**
 * Cuts the envelope into its content and signature by position alone, without parsing:
 * `<Gepg>` CONTENT `<signature>` BASE64 `</signature></Gepg>`, whitespace allowed between them.
 */
function cutEnvelope(text: string): { start: number; end: number; signature: string } {
  const open = text.indexOf("<Gepg>");
  if (open < 0 || !LEAD.test(text.slice(0, open))) {
    throw new GepgSignatureError("The body is not a GePG envelope (<Gepg> first)", "malformed", "not-envelope");
  }
  const signatureOpen = text.lastIndexOf(`<${SIGNATURE_ELEMENT}>`);
  if (signatureOpen < 0) {
    const legacy = text.includes("<gepgSignature>");
    throw new GepgSignatureError(
      legacy
        ? "This is a legacy GePG envelope (gepgSignature, SHA-1); only API 2.0 is accepted"
        : "The envelope must hold one content element followed by <signature>",
      "malformed",
      legacy ? "legacy-envelope" : "not-envelope",
    );
  }
  const signatureClose = text.indexOf(`</${SIGNATURE_ELEMENT}>`, signatureOpen);
  if (signatureClose < 0 || signatureOpen < open || !TAIL.test(text.slice(signatureClose + SIGNATURE_ELEMENT.length + 3))) {
    throw new GepgSignatureError(
      "The envelope must hold one content element followed by <signature>, and end there",
      "malformed",
      "not-envelope",
    );
  }
  let start = open + "<Gepg>".length;
  let end = signatureOpen;
  while (start < end && SPACE.has(text[start]!)) start++;
  while (end > start && SPACE.has(text[end - 1]!)) end--;
  if (start === end)
    throw new GepgSignatureError("The envelope must hold one content element followed by <signature>", "malformed", "not-envelope");
  return { start, end, signature: text.slice(signatureOpen + SIGNATURE_ELEMENT.length + 2, signatureClose) };
}

/**
 * Checks a received envelope against the sender's public key and returns its content, cheapest
 * refusal first: the bytes must be UTF-8; one pass refuses a DOCTYPE or any declaration and
 * nesting past MAX_ENVELOPE_DEPTH; the envelope is cut into content and signature by position
 * and the signature verified over the content's exact bytes; only a message that verifies is
 * parsed into objects. `expected` names the content element the caller is waiting for; any
 * other is refused. Pass the request's raw bytes when there are any: text decoded leniently
 * (with replacement characters) would no longer be the bytes that were signed.
 */
export function openGepgMessage(body: string | Uint8Array, publicKey: KeyObject, expected?: string): OpenedMessage {
  requireRsa(publicKey, "public key");
  let text: string;
  if (typeof body === "string") {
    text = body;
  } else {
    try {
      // Fatal decoding: a body that is not valid UTF-8 could not be cut into the bytes signed.
      text = utf8.decode(body);
    } catch {
      throw new GepgSignatureError("The body is not UTF-8", "malformed", "not-utf8");
    }
  }

  try {
    scanXmlShape(text, MAX_ENVELOPE_DEPTH);
  } catch (error) {
    if (error instanceof ShapeError) {
      throw new GepgSignatureError(
        `The body is not a GePG envelope: ${error.message}`,
        "malformed",
        error.problem === "depth" ? "too-deep" : error.problem === "declaration" ? "declaration" : "not-xml",
      );
    }
    throw error;
  }

  const cut = cutEnvelope(text);
  // Some encoders wrap base64 at 64 or 76 characters; the line breaks are not part of the value.
  const signatureText = cut.signature.replace(/[ \t\r\n]/g, "");
  if (signatureText === "" || signatureText.length % 4 !== 0 || !BASE64.test(signatureText)) {
    throw new GepgSignatureError("<signature> is not base64", "malformed", "not-envelope");
  }
  // The string was decoded strictly from the bytes received (or given as text), so encoding this
  // slice as UTF-8 gives back exactly the bytes that were signed.
  const signedXml = text.slice(cut.start, cut.end);
  const valid = verify(
    "sha256",
    Buffer.from(signedXml, "utf8"),
    { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(signatureText, "base64"),
  );
  if (!valid) throw new GepgSignatureError("The signature does not verify", "bad-signature");

  // Signed by the sender: now, and only now, built into objects.
  let root: XmlElement;
  try {
    root = parseXml(text, { maxDepth: MAX_ENVELOPE_DEPTH });
  } catch (error) {
    if (error instanceof XmlError)
      throw new GepgSignatureError(`The body is not a GePG envelope: ${error.message}`, "malformed", "not-xml");
    throw error;
  }
  if (root.name !== "Gepg") throw new GepgSignatureError(`The body's root is <${root.name}>, not <Gepg>`, "malformed");
  const [content, signature, ...rest] = root.children;
  if (
    !content ||
    !signature ||
    rest.length > 0 ||
    signature.name !== SIGNATURE_ELEMENT ||
    content.name === SIGNATURE_ELEMENT ||
    content.start !== cut.start ||
    content.end !== cut.end
  ) {
    throw new GepgSignatureError("The envelope must hold one content element followed by <signature>", "malformed");
  }
  if (signature.children.length > 0) throw new GepgSignatureError("<signature> must hold base64 text", "malformed");
  if (expected !== undefined && content.name !== expected) {
    throw new GepgSignatureError(`Expected <${expected}>, got <${content.name}>`, "malformed", "unexpected-message");
  }
  return { name: content.name, content, signedXml };
}

/**
 * Headers of a request from the SP to GePG: the SP's group code identifies the sender (and so
 * the public key GePG verifies with); the algorithm header says RSA with SHA-256.
 */
export function gepgRequestHeaders(spGroupCode: string, command: string = GEPG_SP_COMMAND): Record<string, string> {
  if (!/^[A-Za-z0-9_-]+$/.test(spGroupCode)) throw new GepgSignatureError(`"${spGroupCode}" is not an SP group code`, "malformed");
  return {
    "Content-Type": "application/xml",
    "Gepg-Com": command,
    "Gepg-Code": spGroupCode,
    "Gepg-Alg": GEPG_ALGORITHM,
  };
}
