import { formatAmount, toMinorUnits } from "@/lib/integrations/gepg/messages";

/**
 * Money as integers of the currency's minor unit (cents), never floats: "8000.00" is 800000n.
 * The parsing and the plain decimal form are GePG's own (lib/integrations/gepg/messages.ts);
 * this adds the grouping people read.
 */
export const toMinor = (amount: string): bigint => toMinorUnits(amount.trim());

/** "8,000.00": grouped by thousands, always two decimals. */
export function formatMinor(minor: bigint): string {
  const [whole, cents] = formatAmount(minor).split(".");
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}
