// The request a piece of work belongs to, for the logs: server.mjs gives every request an id
// (the X-Request-Id a proxy in front set, when well formed, else a new one), answers with it, and
// runs the request inside this context; every log line written while handling it carries the id,
// and every hand-off queued by it carries the id to the worker's log lines. One store per process,
// on globalThis, so that server.mjs and Next's bundles share it. Plain JavaScript.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

globalThis.dirishaRequestContext ??= new AsyncLocalStorage();

/**
 * requestId: the request's id; shared: the page said it is the same for every anonymous visitor
 * (sharePage()); personal: a signed-in citizen or staff member was found (markPersonal()); replays: what the page does on every view, run again when a cached copy is sent.
 * @type {AsyncLocalStorage<{ requestId: string, shared?: boolean, personal?: boolean, replays?: Array<(headers: Headers, address: string) => void> }>}
 */
export const requestContext = globalThis.dirishaRequestContext;

/** The id of the request being handled, or undefined outside one (the worker, start-up). */
export function currentRequestId() {
  return requestContext.getStore()?.requestId;
}

const WELL_FORMED = /^[A-Za-z0-9._-]{8,64}$/;

/** The id a request is known by: the proxy's, when it looks like an id, else a new one. */
export function requestIdFor(given) {
  const value = Array.isArray(given) ? given[0] : given;
  return typeof value === "string" && WELL_FORMED.test(value) ? value : randomUUID();
}

/**
 * Called by a page whose HTML is the same for every visitor without a session, until the
 * catalogue's version or the day changes: server.mjs may then keep it and send it to the next
 * anonymous visitor of the same address without rendering it again (lib/http/page-cache.mjs).
 * A page that shows anything else (a reference's status, a signed-in citizen's data) never calls it.
 */
export function sharePage() {
  const store = requestContext.getStore();
  if (store) store.shared = true;
}

/**
 * What a shared page does on every view, not only when rendered (counting the view): run now by
 * the caller, and again, with that request's headers and client address, for every cached copy sent.
 * @param {(headers: Headers, address: string) => void} replay
 */
export function onEveryView(replay) {
  const store = requestContext.getStore();
  if (store) (store.replays ??= []).push(replay);
}

/**
 * Called where a signed-in citizen or staff member is found: whatever the page said, what is
 * rendered for them is never kept for others (server.mjs checks before it stores a page).
 */
export function markPersonal() {
  const store = requestContext.getStore();
  if (store) store.personal = true;
}
