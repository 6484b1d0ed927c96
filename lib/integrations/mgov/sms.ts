import "server-only";
import { countOutsideError } from "@/lib/metrics";
import { createHmac } from "node:crypto";
import { DeliveryError } from "@/lib/jobs/errors";

/**
 * mGov SMS gateway, quick send (see shared/specs/mgov.md): a form POST with `data` (a JSON
 * string) and `datetime`, signed by X-Auth-Request-Hash = base64(HMAC-SHA256(data, api key)).
 */

export type MgovConfig = {
  url: string;
  apiKey: string;
  /** The account's e-mail address, sent as X-Auth-Request-Id. */
  account: string;
  senderId: string;
  serviceId: string;
  timeoutMs?: number;
};

export type QuickSms = {
  /** International form without "+": 255 and nine digits. */
  recipients: string[];
  message: string;
};

/** "YYYY-MM-DD HH:mm:ss" in East Africa Time (UTC+3 all year), the gateway's clock. */
export function eastAfricaTime(date: Date): string {
  return new Date(date.getTime() + 3 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** The exact request: what is signed is the `data` string as sent. */
export function buildQuickSmsRequest(config: MgovConfig, sms: QuickSms, now: Date) {
  const datetime = eastAfricaTime(now);
  const data = JSON.stringify({
    recipients: sms.recipients.join(","),
    message: sms.message,
    datetime,
    mobile_service_id: config.serviceId,
    sender_id: config.senderId,
  });
  const hash = createHmac("sha256", config.apiKey).update(data, "utf8").digest("base64");
  return {
    body: new URLSearchParams({ data, datetime }).toString(),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Auth-Request-Hash": hash,
      "X-Auth-Request-Id": config.account,
      "X-Auth-Request-Type": "api",
    },
  };
}

/**
 * Sends one message. Throws DeliveryError: permanent when the gateway refused the message or our
 * credentials, retryable when it could not be reached, timed out or failed on its side. Only an
 * answer in the gateway's own form (a JSON object, its `success` not false) means it took the
 * message: a 200 with anything else (a proxy's or a captive page) is no proof, and is retried
 * rather than taken for sent.
 */
export async function sendQuickSms(config: MgovConfig, sms: QuickSms, now = new Date()): Promise<void> {
  const request = buildQuickSmsRequest(config, sms, now);
  let response: Response;
  try {
    response = await fetch(config.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? "timed out" : "could not be reached";
    countOutsideError("mgov");
    throw new DeliveryError(`mGov SMS gateway ${reason}`, false);
  }
  const text = await response.text().catch(() => "");
  type Reply = { success?: unknown; message?: unknown };
  let reply: Reply | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) reply = parsed as Reply;
  } catch {
    // The reply's exact shape is not publicly documented; a body that is not JSON is decided below.
  }
  const said = typeof reply?.message === "string" ? `: ${reply.message.slice(0, 200)}` : "";
  if (response.ok && reply && reply.success !== false) return;
  if (response.ok && !reply) {
    countOutsideError("mgov");
    throw new DeliveryError(`mGov SMS gateway answered HTTP ${response.status} with something that is not its answer`, false);
  }
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  countOutsideError("mgov");
  throw new DeliveryError(`mGov SMS gateway answered HTTP ${response.status}${said}`, !retryable);
}
