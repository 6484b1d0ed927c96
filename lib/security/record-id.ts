/**
 * Whether a value can be a record's id (a UUID as PostgreSQL writes it). An id from a form or an
 * address that is not one is "not found" before any query: PostgreSQL refuses to compare a uuid
 * column with anything else (error 22P02), and thirty-six hex digits and dashes in any order are
 * not a UUID.
 */
export function isRecordId(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
