import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/keys";

/**
 * Keyed hashes for values the portal must recognise but never keep (NINs, one-time codes,
 * tokens, addresses). Keyed, because a NIN is a date and twelve digits: unkeyed, it could be
 * found again by trying them all.
 */
export function keyedHash(purpose: string, value: string): string {
  return createHmac("sha256", `${authSecret()}\u0000${purpose}`).update(value, "utf8").digest("base64url");
}

/** Compares two hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
