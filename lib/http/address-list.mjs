// Allow-lists of client addresses (the callers of callbacks, the metrics' readers), read the same
// way by lib/http/callers.ts and server.mjs. Plain JavaScript: server.mjs imports it outside Next.js.

/**
 * The addresses of a comma-separated list.
 * @param {string | undefined} list
 * @returns {string[]}
 */
export function addressList(list) {
  return String(list ?? "")
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean);
}

/**
 * A client's address as server.mjs established it, an IPv4 one without its IPv6 prefix.
 * @param {string | null | undefined} address
 * @returns {string}
 */
export function plainAddress(address) {
  return String(address ?? "").replace(/^::ffff:/, "");
}
