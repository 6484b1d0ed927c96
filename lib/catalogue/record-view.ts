import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { clientAddress } from "@/lib/identity/request";
import { describeError, log } from "@/lib/log";
import { countRequest } from "./usage";

/**
 * Called by the service page: counts the view (once per visitor and day; robots and prefetches
 * not at all) without delaying the page, since a lost count is only a lost count. The headers
 * are read here, while the request is still being answered; the address is the one server.mjs
 * established from the socket and the trusted proxies, and only a keyed hash of it is kept.
 */
export async function recordServiceView(serviceId: string): Promise<void> {
  // A copy: the count runs after the page has gone out.
  const request = new Headers(await headers());
  const address = await clientAddress();
  const now = new Date();
  void (async () => countRequest(await getDb(), serviceId, request, address, now))().catch((error: unknown) =>
    log.warn("view not counted", { error: describeError(error) }),
  );
}
