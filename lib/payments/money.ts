/**
 * Money as integers of the currency's minor unit (cents), never floats: "8000.00" is 800000n.
 */
export function toMinor(amount: string): bigint {
  const match = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`"${amount}" is not an amount`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** "8,000.00": grouped by thousands, always two decimals. */
export function formatMinor(minor: bigint): string {
  const negative = minor < 0n;
  const value = negative ? -minor : minor;
  const whole = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${whole}.${(value % 100n).toString().padStart(2, "0")}`;
}
