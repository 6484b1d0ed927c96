import "server-only";
import { env } from "./env";
import { currentRequestId } from "./http/request-context.mjs";

/**
 * Structured log lines (one JSON object each). Fields that could carry personal data are
 * dropped here as a last line of defence: callers must not log NINs or phone numbers at all.
 */

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;

const reserved = new Set(["time", "level", "message"]);
const personalFields = /^(nin|phone|phoneNumber|msisdn|email|name|password|otp|code|token|secret)$/i;

function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  if (levels[level] < levels[env().LOG_LEVEL]) return;
  // The request being handled, when there is one (server.mjs); else the one a hand-off names (the worker).
  const { requestId: named, ...rest } = fields;
  const requestId = currentRequestId() ?? (typeof named === "string" ? named : undefined);
  const safe = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [
      // A field never overwrites the line's own time, level or message.
      reserved.has(key) ? `${key}Field` : key,
      personalFields.test(key) ? "[withheld]" : value,
    ]),
  );
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...(requestId ? { requestId } : {}), ...safe });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};

/**
 * An error, described for a log line without what it carried: a failed query's message lists
 * its parameters (a phone, a message, a file), so only names and database codes are kept.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return "non-error thrown";
  const cause = (error as { cause?: unknown }).cause as { code?: unknown; constraint?: unknown } | undefined;
  if ("params" in error || "query" in error) {
    return `${error.name}${cause?.code ? ` (database code ${String(cause.code)}${cause.constraint ? `, ${String(cause.constraint)}` : ""})` : ""}`;
  }
  return `${error.name}: ${error.message.replace(/\+?\d[\d\s-]{6,}\d/g, "[number]").slice(0, 300)}`;
}
