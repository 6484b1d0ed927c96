import "server-only";
import { getDb } from "@/db";
import { currentCatalogue } from "@/lib/catalogue/current";
import { env } from "@/lib/env";
import type { Callback } from "@/lib/http/callback";
import { addressAllowed, sameSecret } from "@/lib/http/callers";
import { getT } from "@/lib/i18n/server";
import { describeError, log } from "@/lib/log";
import { toGsm } from "./gsm";
import { answerInboundSms } from "./inbound";
import { answerUssd } from "./sessions";

/**
 * The USSD aggregator's calls (one per step: form fields sessionId, serviceCode, phoneNumber,
 * text) and their answers ("CON …" or "END …", plain text). Only the aggregator may call: HTTP
 * Basic with the shared secret, from the configured addresses. Whatever arrives, the caller's
 * phone gets a screen: a fault ends the session with an apology, never an error page.
 */

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

/** Whether the request carries HTTP Basic credentials `user:secret` (compared in constant time). */
export function basicAuthorised(headers: Headers, user: string, secret: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(headers.get("authorization") ?? "");
  return match !== null && sameSecret(Buffer.from(match[1]!, "base64").toString("utf8"), `${user}:${secret}`);
}

export { addressAllowed };

/** Refuses a caller that is not the given system, before reading its body. */
export function screenCaller(headers: Headers, user: string, secret: string, addresses: string): Response | undefined {
  if (!addressAllowed(headers, addresses)) return plain(403, "Forbidden");
  if (!basicAuthorised(headers, user, secret)) return plain(401, "Unauthorized", { "www-authenticate": `Basic realm="dirisha-${user}"` });
  return undefined;
}

const field = (form: URLSearchParams, name: string, max: number) => (form.get(name) ?? "").slice(0, max);

export const ussdCallback: Callback = {
  maxBody: 16 * 1024,
  screen: (headers) => {
    const config = env();
    return screenCaller(headers, "aggregator", config.USSD_SECRET, config.USSD_ALLOWED_ADDRESSES);
  },
  tooLarge: () => plain(413, "Payload Too Large"),
  async receive(body) {
    const form = new URLSearchParams(new TextDecoder("utf-8", { fatal: false }).decode(body));
    const sessionId = field(form, "sessionId", 200);
    if (!/^[\w.:-]{1,128}$/.test(sessionId)) return plain(400, "END Bad request");
    try {
      const answer = await answerUssd(await getDb(), await currentCatalogue(), {
        sessionId,
        phoneNumber: field(form, "phoneNumber", 32),
        text: field(form, "text", 4000),
      });
      return plain(200, `${answer.end ? "END" : "CON"} ${answer.screen}`);
    } catch (error) {
      // The phone number is not logged; the session id says which call it was.
      log.error("a USSD step failed", { sessionId, error: describeError(error) });
      return plain(200, `END ${toGsm(getT("sw", "ussd")("sorry"))}`);
    }
  },
};

/** mGov's pull messages (form fields from, to, text, messageId): answered by SMS later, 200 at once. */
export const smsInboundCallback: Callback = {
  maxBody: 8 * 1024,
  screen: (headers) => {
    const config = env();
    return screenCaller(headers, "mgov", config.SMS_INBOUND_SECRET, config.SMS_INBOUND_ALLOWED_ADDRESSES);
  },
  tooLarge: () => plain(413, "Payload Too Large"),
  async receive(body) {
    const form = new URLSearchParams(new TextDecoder("utf-8", { fatal: false }).decode(body));
    const messageId = field(form, "messageId", 200);
    if (!/^[\w.:-]{1,128}$/.test(messageId)) return plain(400, "Bad request: messageId");
    try {
      const outcome = await answerInboundSms(await getDb(), await currentCatalogue(), {
        from: field(form, "from", 32),
        text: field(form, "text", 1000),
        messageId,
      });
      return plain(200, outcome);
    } catch (error) {
      log.error("an inbound SMS could not be answered", { messageId, error: describeError(error) });
      return plain(503, "Try again");
    }
  },
};
