import { describe, expect, it } from "vitest";
import { callbackRoute, type Callback } from "./callback";

/*
 * How every callback's body is read, whatever the system behind it: the exact bytes, never past
 * the limit, however the client sends them or what it declares.
 */

const LIMIT = 1024;

/** A callback that echoes what it was handed: 200 with the body's size, 413, or 415. */
const echo: Callback = {
  maxBody: LIMIT,
  screen: (headers) => (headers.get("content-type") === "text/plain" ? new Response(null, { status: 415 }) : undefined),
  tooLarge: () => new Response(null, { status: 413 }),
  receive: async (body, headers) =>
    new Response(JSON.stringify({ size: body.byteLength, first: body[0] ?? null, type: headers.get("content-type") })),
};
const route = callbackRoute(echo);

/** A chunked body (no Content-Length) of `total` bytes in 100-byte chunks, counting what was pulled. */
function streamed(total: number, headers: Record<string, string> = {}) {
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      const size = Math.min(100, total - counter.pulled);
      counter.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0xab));
    },
  });
  const request = new Request("http://portal.test/callback", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, counter };
}

describe("a callback's body", () => {
  it("is handed over as the exact bytes sent, with the headers, up to the limit inclusive", async () => {
    const response = await route(
      new Request("http://portal.test/callback", {
        method: "POST",
        body: new Uint8Array(LIMIT).fill(0xff),
        headers: { "Content-Type": "application/xml" },
      }),
    );
    expect([response.status, await response.json()]).toEqual([200, { size: LIMIT, first: 0xff, type: "application/xml" }]);
    const { request } = streamed(LIMIT);
    expect(await (await route(request)).json()).toMatchObject({ size: LIMIT });
  });

  it("is refused one byte past the limit when sent without Content-Length, and not read further", async () => {
    // Rule: a callback's body is read with a size cap, always.
    const { request, counter } = streamed(100 * LIMIT);
    expect(request.headers.get("content-length")).toBeNull();
    expect((await route(request)).status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(LIMIT + 2 * 100);
  });

  it("is refused when it declares too much, before any of it is read, and when it sends more than it declares", async () => {
    const declared = streamed(10 * LIMIT, { "Content-Length": String(10 * LIMIT) });
    expect((await route(declared.request)).status).toBe(413);
    expect(declared.counter.pulled).toBeLessThanOrEqual(100);
    const understated = streamed(10 * LIMIT, { "Content-Length": "10" });
    expect((await route(understated.request)).status).toBe(413);
  });

  it("is not read at all when the headers alone refuse it", async () => {
    const { request, counter } = streamed(10 * LIMIT, { "Content-Type": "text/plain" });
    expect((await route(request)).status).toBe(415);
    expect(counter.pulled).toBeLessThanOrEqual(100);
  });

  it("may be empty", async () => {
    expect(await (await route(new Request("http://portal.test/callback", { method: "POST" }))).json()).toMatchObject({ size: 0 });
  });
});
