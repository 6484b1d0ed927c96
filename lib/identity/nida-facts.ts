import { z } from "zod";

/**
 * The facts of a citizen's NIDA record that the portal keeps with a session (nida-record.ts), as
 * plain data: application forms read them too (lib/applications/answers.ts).
 */
export const nidaRecordSchema = z.object({
  nin: z.string().regex(/^\d{20}$/),
  firstName: z.string(),
  middleName: z.string(),
  surname: z.string(),
  dateOfBirth: z.iso.date(),
  sex: z.string(),
  phone: z.string().nullable(),
  placeOfBirth: z.object({ region: z.string(), district: z.string() }).nullable(),
  residence: z.object({ region: z.string(), district: z.string(), ward: z.string().nullable(), village: z.string().nullable() }).nullable(),
  fetchedAt: z.iso.datetime(),
});
export type NidaRecord = z.infer<typeof nidaRecordSchema>;
