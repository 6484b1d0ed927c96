import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { citizenSessions } from "@/db/schema";
import type { Citizen } from "@/lib/integrations/nida/client";
import { nidaRecordSchema, type NidaRecord } from "./nida-facts";

/**
 * The citizen's NIDA record as NIDA gave it at sign-in (through GovESB), so that an application
 * form never asks what the state already knows (once-only). It lives with the session that the
 * sign-in opened and nowhere else: wiped at sign-out and once the session can no longer be used
 * (SESSION_HOURS after sign-in). An application copies only the facts its form uses.
 */

export { nidaRecordSchema, type NidaRecord };

/** A session ends 12 hours after sign-in however active it is (lib/identity/auth.ts). */
export const SESSION_HOURS = 12;

export function nidaRecordOf(nin: string, citizen: Citizen, phone: string | null): NidaRecord {
  return {
    nin,
    firstName: citizen.firstName,
    middleName: citizen.middleName,
    surname: citizen.surname,
    dateOfBirth: citizen.dateOfBirth,
    sex: citizen.sex,
    phone,
    placeOfBirth: citizen.placeOfBirth,
    residence: citizen.residence,
    fetchedAt: new Date().toISOString(),
  };
}

/** The record of this citizen's live session, or null (signed in before records were kept, or ended). */
export async function sessionNidaRecord(db: Database, citizenId: string, sessionId: string | null): Promise<NidaRecord | null> {
  if (!sessionId) return null;
  const [row] = await db
    .select({ record: citizenSessions.nidaRecord })
    .from(citizenSessions)
    .where(and(eq(citizenSessions.id, sessionId), eq(citizenSessions.citizenId, citizenId), isNull(citizenSessions.revokedAt)));
  const parsed = nidaRecordSchema.safeParse(row?.record);
  return parsed.success ? parsed.data : null;
}

/** Wipes the records of sessions that have ended (maintenance). */
export async function pruneNidaRecords(db: Database): Promise<void> {
  await db
    .update(citizenSessions)
    .set({ nidaRecord: null })
    .where(
      and(
        sql`${citizenSessions.nidaRecord} is not null`,
        or(
          sql`${citizenSessions.revokedAt} is not null`,
          lt(citizenSessions.createdAt, sql`now() - make_interval(hours => ${SESSION_HOURS})`),
        ),
      ),
    );
}
