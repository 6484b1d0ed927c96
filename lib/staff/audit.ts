import "server-only";
import type { Database } from "@/db";
import { editorialAudit } from "@/db/schema";

/**
 * The editorial audit log: one row per change, written in the same transaction as the change, so
 * that a change without its entry (or an entry without its change) cannot exist.
 */
export type AuditEntry = {
  staffId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  institutionId?: string | null;
  before?: unknown;
  after?: unknown;
};

export async function recordAudit(db: Pick<Database, "insert">, entry: AuditEntry): Promise<void> {
  await db.insert(editorialAudit).values({
    staffId: entry.staffId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    institutionId: entry.institutionId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
