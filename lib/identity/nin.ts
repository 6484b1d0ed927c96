/**
 * The National ID Number: 20 digits, shown grouped YYYYMMDD-XXXXX-XXXXX-XX, the first eight
 * the holder's date of birth. No public source documents a check digit, so none is invented:
 * the length, the digits and the date are what can be checked.
 */

export type NinProblem = "empty" | "notDigits" | "length" | "date";

export function parseNin(input: string): { ok: true; nin: string } | { ok: false; problem: NinProblem } {
  const compact = input.replace(/[\s-]/g, "");
  if (compact === "") return { ok: false, problem: "empty" };
  if (!/^\d+$/.test(compact)) return { ok: false, problem: "notDigits" };
  if (compact.length !== 20) return { ok: false, problem: "length" };
  const year = Number(compact.slice(0, 4));
  const month = Number(compact.slice(4, 6));
  const day = Number(compact.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real || year < 1900 || date.getTime() > Date.now()) return { ok: false, problem: "date" };
  return { ok: true, nin: compact };
}

/** "YYYYMMDD-XXXXX-XXXXX-XX". */
export function groupNin(nin: string): string {
  return `${nin.slice(0, 8)}-${nin.slice(8, 13)}-${nin.slice(13, 18)}-${nin.slice(18)}`;
}

/** Only the last four digits shown: "••••••••-•••••-•••67-89". */
export function maskNin(nin: string): string {
  return maskedNinEnding(nin.slice(-4));
}

/** The masked form from the last four digits alone (all the portal keeps). */
export function maskedNinEnding(last4: string): string {
  return groupNin("•".repeat(16) + last4);
}
