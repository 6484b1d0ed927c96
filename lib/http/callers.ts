import "server-only";
import { timingSafeEqual } from "node:crypto";
import { addressList, plainAddress } from "./address-list.mjs";

/**
 * Who is calling a route meant for one system or for operators only: the caller's address, as
 * server.mjs set it from the socket (or the trusted proxies), against an allow-list; and a secret
 * compared in constant time.
 */

/** Whether the caller's address is in the comma-separated allow-list; an empty list allows any. */
export function addressAllowed(headers: Headers, list: string): boolean {
  const allowed = addressList(list);
  return allowed.length === 0 || allowed.includes(plainAddress(headers.get("x-dirisha-client-address")));
}

/** Whether two texts are the same, taking as long whatever differs (for secrets). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
