/**
 * How long each value of a listing may be: a listing is read on a phone, and a 5 MB paste is a
 * mistake. Shared by the editor in the browser (maxlength) and the server (the check).
 */

export const LIST_FIELDS = ["requirements", "documents", "steps", "outputs"] as const;

export const LIMITS = {
  short: 200,
  summary: 600,
  long: 10_000,
  item: 1_000,
  list: 12_000,
  rows: 30,
} as const;

/** The limit a form field is held to. */
export function limitOf(field: string): number {
  if (/^(summary)\./.test(field)) return LIMITS.summary;
  if (/^(description)\.|^reviewNote$|^maintenance\./.test(field) || /^sources\.\d+\.note$/.test(field)) return LIMITS.long;
  if (LIST_FIELDS.some((list) => field.startsWith(`${list}.`)) || /^keywords\./.test(field))
    return LIST_FIELDS.some((l) => field.startsWith(`${l}.`)) ? LIMITS.list : LIMITS.item;
  if (/^(categories|lifeEvents|audience)$/.test(field)) return LIMITS.item;
  if (/label\.|address\.|hours\.|^feeNote\.|^processingTime\.(sw|en)$|title$/.test(field)) return LIMITS.item;
  return LIMITS.short;
}
