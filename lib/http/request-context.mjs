// The request a piece of work belongs to, for the logs: server.mjs gives every request an id
// (the X-Request-Id a proxy in front set, when well formed, else a new one), answers with it, and
// runs the request inside this context; every log line written while handling it carries the id,
// and every hand-off queued by it carries the id to the worker's log lines. One store per process,
// on globalThis, so that server.mjs and Next's bundles share it. Plain JavaScript.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

globalThis.dirishaRequestContext ??= new AsyncLocalStorage();

/** @type {AsyncLocalStorage<{ requestId: string }>} */
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
