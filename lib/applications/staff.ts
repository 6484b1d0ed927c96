import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { applicationEvents, applications, institutions, services } from "@/db/schema";
import { can, type Actor } from "@/lib/security/permissions";
import type { ApplicationStatus } from "./status";
import { isRecordId } from "@/lib/security/record-id";

/**
 * An institution's online applications as its publishers see them in the editorial area: read
 * only, and only their own institution's (an administrator's, any). What is shown is what the
 * work needs: the reference, the service, where it stands and its timeline, not the applicant's
 * answers (those reach the institution's own system through the bus).
 */

export type StaffApplicationRow = {
  id: string;
  reference: string;
  status: ApplicationStatus;
  service: { sw: string; en: string };
  institutionReference: string | null;
  submittedAt: Date | null;
  updatedAt: Date;
};

const PAGE = 50;

/** Submitted applications of an institution, newest change first; null for who may not see them. */
export async function applicationsOfInstitution(
  db: Database,
  actor: Actor,
  institutionId: string,
  options: { status?: ApplicationStatus; page?: number } = {},
): Promise<{ rows: StaffApplicationRow[]; total: number } | null> {
  if (!isRecordId(institutionId) || !can.viewApplications(actor, institutionId)) return null;
  const where = and(
    eq(applications.institutionId, institutionId),
    sql`${applications.reference} is not null`,
    options.status ? eq(applications.status, options.status) : undefined,
  );
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(applications)
    .where(where);
  const rows = await db
    .select({
      id: applications.id,
      reference: applications.reference,
      status: applications.status,
      serviceSw: services.nameSw,
      serviceEn: services.nameEn,
      institutionReference: applications.institutionReference,
      submittedAt: applications.submittedAt,
      updatedAt: applications.updatedAt,
    })
    .from(applications)
    .innerJoin(services, eq(services.id, applications.serviceId))
    .where(where)
    .orderBy(desc(applications.updatedAt))
    .limit(PAGE)
    .offset(Math.max(0, (options.page ?? 1) - 1) * PAGE);
  return {
    total: Number(total),
    rows: rows.map((row) => ({
      id: row.id,
      reference: row.reference!,
      status: row.status,
      service: { sw: row.serviceSw, en: row.serviceEn },
      institutionReference: row.institutionReference,
      submittedAt: row.submittedAt,
      updatedAt: row.updatedAt,
    })),
  };
}

export type StaffApplication = StaffApplicationRow & {
  institution: { id: string; sw: string; en: string };
  timeline: (typeof applicationEvents.$inferSelect)[];
};

/** One application with its timeline; null when unknown or another institution's (the same answer). */
export async function applicationForStaff(db: Database, actor: Actor, id: string): Promise<StaffApplication | null> {
  if (!isRecordId(id)) return null;
  const [row] = await db
    .select({ application: applications, serviceSw: services.nameSw, serviceEn: services.nameEn, institution: institutions })
    .from(applications)
    .innerJoin(services, eq(services.id, applications.serviceId))
    .innerJoin(institutions, eq(institutions.id, applications.institutionId))
    .where(and(eq(applications.id, id), sql`${applications.reference} is not null`));
  if (!row || !can.viewApplications(actor, row.application.institutionId)) return null;
  const timeline = await db
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, id))
    .orderBy(asc(applicationEvents.createdAt));
  const a = row.application;
  return {
    id: a.id,
    reference: a.reference!,
    status: a.status,
    service: { sw: row.serviceSw, en: row.serviceEn },
    institutionReference: a.institutionReference,
    submittedAt: a.submittedAt,
    updatedAt: a.updatedAt,
    institution: { id: row.institution.id, sw: row.institution.nameSw, en: row.institution.nameEn },
    timeline,
  };
}
