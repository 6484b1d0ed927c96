import "server-only";
import { asc, desc, eq, sql, and, type SQL } from "drizzle-orm";
import type { Database } from "@/db";
import { editorialAudit, institutions, staff } from "@/db/schema";
import { can, type Actor } from "@/lib/security/permissions";

/** The people of the editorial area, for administrators. */
export async function listStaff(db: Database, actor: Actor) {
  if (!can.manageStaff(actor)) return null;
  return db
    .select({
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      institutionSw: institutions.nameSw,
      institutionEn: institutions.nameEn,
      enrolled: sql<boolean>`${staff.passwordHash} is not null and ${staff.totpSecret} is not null`,
      disabledAt: staff.disabledAt,
      lockedUntil: staff.lockedUntil,
      lastSignInAt: staff.lastSignInAt,
    })
    .from(staff)
    .leftJoin(institutions, eq(institutions.id, staff.institutionId))
    .orderBy(asc(staff.name));
}

export type AuditFilter = { action?: string; institutionId?: string; entityId?: string; page: number };
export const AUDIT_PAGE = 50;

/** The audit log, newest first, for administrators; with who did it. */
export async function auditLog(db: Database, actor: Actor, filter: AuditFilter) {
  if (!can.viewAuditLog(actor)) return null;
  const where: SQL[] = [];
  if (filter.action) where.push(sql`${editorialAudit.action} like ${`${filter.action}%`}`);
  if (filter.institutionId) where.push(eq(editorialAudit.institutionId, filter.institutionId));
  if (filter.entityId) where.push(eq(editorialAudit.entityId, filter.entityId));
  return db
    .select({
      id: editorialAudit.id,
      at: editorialAudit.at,
      action: editorialAudit.action,
      entity: editorialAudit.entity,
      entityId: editorialAudit.entityId,
      before: editorialAudit.before,
      after: editorialAudit.after,
      staffName: staff.name,
      staffEmail: staff.email,
      institutionSw: institutions.nameSw,
      institutionEn: institutions.nameEn,
    })
    .from(editorialAudit)
    .leftJoin(staff, eq(staff.id, editorialAudit.staffId))
    .leftJoin(institutions, eq(institutions.id, editorialAudit.institutionId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(editorialAudit.id))
    .limit(AUDIT_PAGE + 1)
    .offset((filter.page - 1) * AUDIT_PAGE);
}
