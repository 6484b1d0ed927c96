import { env } from "./env";

/**
 * Structured log lines (one JSON object each). Fields that could carry personal data are
 * dropped here as a last line of defence: callers must not log NINs or phone numbers at all.
 */

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;

const personalFields = /^(nin|phone|phoneNumber|msisdn|email|name|password|otp|code|token|secret)$/i;

function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  if (levels[level] < levels[env().LOG_LEVEL]) return;
  const safe = Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, personalFields.test(key) ? "[withheld]" : value]),
  );
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...safe });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
