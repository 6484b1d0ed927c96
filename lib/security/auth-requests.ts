import { NextRequest } from "next/server";

/*
 * next-auth answers 500 ("a problem with the server configuration") to a callbackUrl that is not
 * an http(s) address or a path, given in the query or in its cookie (@auth/core's assertConfig):
 * anyone could make the sign-in routes fail with ?callbackUrl=javascript:… or a NUL (issue 21).
 * The portal never sends one to these routes (it signs in from its Server Actions, with
 * redirectTo), so such a value is dropped before next-auth reads the request; an address
 * elsewhere that is one is left to next-auth, which sends the browser nowhere but the portal.
 */

const CALLBACK_COOKIES = ["authjs.callback-url", "__Secure-authjs.callback-url"];

/** next-auth's own test: an absolute http(s) address, or a path on this origin. */
function readable(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

/** The request without a callbackUrl next-auth cannot read, in its query or its cookie. */
export function withoutBadCallbackUrl(request: NextRequest): NextRequest {
  const url = new URL(request.url);
  const badQuery = url.searchParams.getAll("callbackUrl").some((value) => !readable(value, url.origin));
  const badCookie = CALLBACK_COOKIES.some((name) => {
    const value = request.cookies.get(name)?.value;
    return value !== undefined && !readable(value, url.origin);
  });
  if (!badQuery && !badCookie) return request;
  if (badQuery) url.searchParams.delete("callbackUrl");
  const headers = new Headers(request.headers);
  if (badCookie) {
    const kept = request.cookies.getAll().filter((cookie) => !CALLBACK_COOKIES.includes(cookie.name));
    if (kept.length) headers.set("cookie", kept.map((cookie) => `${cookie.name}=${encodeURIComponent(cookie.value)}`).join("; "));
    else headers.delete("cookie");
  }
  return new NextRequest(url, { method: request.method, headers, body: request.body, duplex: "half" } as ConstructorParameters<
    typeof NextRequest
  >[1]);
}

/** A next-auth route handler that never sees such a callbackUrl. */
export function safeAuthHandler(handler: (request: NextRequest) => Promise<Response>): (request: NextRequest) => Promise<Response> {
  return (request) => handler(withoutBadCallbackUrl(request));
}
