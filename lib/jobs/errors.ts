/**
 * A failed delivery. `permanent` means retrying cannot help (the other system refused the
 * message itself); anything else is retried with a growing delay.
 */
export class DeliveryError extends Error {
  override name = "DeliveryError";
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Long digit runs (phone numbers, NINs) never reach the database's error column or the logs. */
export function withoutNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s-]{6,}\d/g, "[number]").slice(0, 500);
}

// What the database says (or the driver, for a connection) when it is not there: refused, cut,
// shutting down or starting (PostgreSQL's classes 08 and 57P).
const AWAY = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);

/**
 * Whether an error is the database being away (restarting, failing over), rather than anything
 * about the hand-off: a query (Drizzle's error carries it, PostgreSQL's a severity) that could not
 * reach it or whose connection it cut, or the driver's own "Connection terminated".
 */
export function isDatabaseAway(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const terminated = (e: Error) => /^Connection terminated/.test(e.message);
  if (!("query" in error || "severity" in error || terminated(error))) return false;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if ((typeof code === "string" && AWAY.has(code)) || terminated(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
