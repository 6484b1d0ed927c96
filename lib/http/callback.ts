import "server-only";

/**
 * The one way an outside system's callback is received, so that each route is a line: the body
 * is read as the exact bytes sent (a signature covers those, not a re-encoded copy), never past
 * the system's limit whatever the client declares (Content-Length or none, chunked or not), and
 * handed with the headers to the domain that owns the callback. The domain verifies, parses with
 * its adapter's schema and answers, every refusal included, in the system's own format.
 */
export type Callback = {
  /** The most bytes a body may have; the rest of a larger one is never read. */
  maxBody: number;
  /** A refusal that the headers alone decide, before any of the body is read. */
  screen?: (headers: Headers) => Response | undefined;
  /** The answer to a body over maxBody. */
  tooLarge: () => Response;
  /** The answer to a body read whole. */
  receive: (body: Uint8Array, headers: Headers) => Promise<Response>;
};

/** A route handler (POST) for one callback. */
export function callbackRoute(callback: Callback): (request: Request) => Promise<Response> {
  return async (request) => {
    const refused = callback.screen?.(request.headers);
    if (refused) {
      await request.body?.cancel().catch(() => {});
      return refused;
    }
    const body = await readLimited(request, callback.maxBody);
    if (body === null) return callback.tooLarge();
    return callback.receive(body, request.headers);
  };
}

/**
 * The body's bytes, or null when there are more than `limit`: refused at once when declared so,
 * otherwise counted as they arrive and the reading stopped at the first byte past the limit.
 */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => {});
    return null;
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
