import "server-only";
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { rawMember } from "./raw-json";

/**
 * GovESB's signed envelope: {"data":<compact JSON>,"signature":"<base64>"}, the signature being
 * ECDSA with SHA-256 (DER) over the bytes of the data JSON exactly as sent.
 */

export type Curve = "secp256k1" | "prime256v1";

export function privateKeyFrom(pem: string): KeyObject {
  return createPrivateKey(pem);
}

export function publicKeyFrom(pem: string): KeyObject {
  return createPublicKey(pem);
}

/** The body to send: the data serialised once, and signed as serialised. */
export function sealEnvelope(data: unknown, privateKey: KeyObject): string {
  const json = JSON.stringify(data);
  const signature = sign("sha256", Buffer.from(json, "utf8"), privateKey).toString("base64");
  return `{"data":${json},"signature":${JSON.stringify(signature)}}`;
}

export class EnvelopeError extends Error {
  override name = "EnvelopeError";
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks a received envelope against the sender's public key and returns its data. Given as
 * bytes, the body must be UTF-8: a replaced byte would let other bytes than the signed ones verify.
 */
export function openEnvelope<T = unknown>(received: string | Uint8Array, publicKey: KeyObject): T {
  let body: string;
  try {
    body = typeof received === "string" ? received : utf8.decode(received);
  } catch {
    throw new EnvelopeError("not UTF-8");
  }
  const rawData = rawMember(body, "data");
  const rawSignature = rawMember(body, "signature");
  if (rawData === undefined || rawSignature === undefined) throw new EnvelopeError("not a signed envelope");
  let signature: Buffer;
  try {
    signature = Buffer.from(JSON.parse(rawSignature) as string, "base64");
  } catch {
    throw new EnvelopeError("signature is not a string");
  }
  if (signature.length === 0 || !verify("sha256", Buffer.from(rawData, "utf8"), publicKey, signature)) {
    throw new EnvelopeError("signature does not verify");
  }
  try {
    return JSON.parse(rawData) as T;
  } catch {
    throw new EnvelopeError("data is not JSON");
  }
}
