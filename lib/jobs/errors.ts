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
