import { z } from "zod";

/**
 * Tanzanian mobile numbers as people write them ("0712 345 678", "+255 712 345 678",
 * "712345678") in the international form gateways take: "255712345678". Mobile numbers start
 * with 6 or 7 after the leading 0.
 */
export function toInternationalMobile(input: string): string | undefined {
  const digits = input.replace(/[\s().-]/g, "").replace(/^\+/, "");
  if (!/^\d+$/.test(digits)) return undefined;
  const national = digits.startsWith("255") ? digits.slice(3) : digits.startsWith("0") ? digits.slice(1) : digits;
  return /^[67]\d{8}$/.test(national) ? `255${national}` : undefined;
}

/** For showing a number back without revealing it: "+255 7•• ••• •78". */
export function maskMobile(international: string): string {
  const national = international.slice(3);
  return `+255 ${national[0]}•• ••• •${national.slice(-2)}`;
}

/** A form's optional mobile number: empty is none; anything else must be one. Given in international form. */
export function optionalMobile(problem: string) {
  return z
    .string({ error: problem })
    .trim()
    .max(20, { error: problem })
    .refine((value) => value === "" || toInternationalMobile(value) !== undefined, { error: problem })
    .transform((value) => (value === "" ? null : toInternationalMobile(value)!));
}
