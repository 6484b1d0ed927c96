import "server-only";
import { z } from "zod";
import { engineRequest, GovesbError, type GovesbConfig } from "@/lib/integrations/govesb/client";

/**
 * NIDA's verification, reached through GovESB's /nida-request. Payload and answer shapes are in
 * docs/protocols/govesb-nida.md; codes are NIDA's own (00, 120, 122, 123, 124, 130-132).
 */

export type NidaConfig = GovesbConfig & { apiCode: string };

export type Citizen = {
  firstName: string;
  middleName: string;
  surname: string;
  dateOfBirth: string;
  sex: string;
  phone: string;
  /** Where NIDA records the holder was born, and lives; null when the record does not say. */
  placeOfBirth: { region: string; district: string } | null;
  residence: { region: string; district: string; ward: string | null; village: string | null } | null;
};
export type Question = { code: string; text: { sw: string; en: string } };

export type PhoneAnswer = { kind: "phone"; phone: string } | { kind: "not-found" } | { kind: "invalid" };
export type DataAnswer = { kind: "citizen"; citizen: Citizen } | { kind: "not-found" } | { kind: "invalid" };
export type QuestionAnswer =
  | { kind: "question"; question: Question; previous: "right" | "wrong" | null }
  | { kind: "verified"; citizen: Citizen }
  | { kind: "limit" }
  | { kind: "not-found" }
  | { kind: "invalid" };

const answerShape = z.looseObject({
  Code: z.string(),
  Message: z.string().optional(),
  PhoneNumber: z.string().optional(),
  RQCode: z.string().optional(),
  EN: z.string().optional(),
  SW: z.string().optional(),
  Citizen: z
    .looseObject({
      FirstName: z.string(),
      MiddleName: z.string().optional().default(""),
      Surname: z.string(),
      DateOfBirth: z.string(),
      Sex: z.string().optional().default(""),
      PhoneNumber: z.string().optional().default(""),
      PlaceOfBirth: z
        .looseObject({ Region: z.string().max(100), District: z.string().max(100) })
        .nullish()
        .catch(null),
      Residence: z
        .looseObject({
          Region: z.string().max(100),
          District: z.string().max(100),
          Ward: z.string().max(100).nullish(),
          Village: z.string().max(100).nullish(),
        })
        .nullish()
        .catch(null),
    })
    .optional(),
});
type NidaAnswer = z.infer<typeof answerShape>;

async function ask(config: NidaConfig, payload: Record<string, string>): Promise<NidaAnswer> {
  const esbBody = await engineRequest(config, "/nida-request", { apiCode: config.apiCode, esbBody: { Payload: payload } });
  const parsed = answerShape.safeParse(esbBody);
  if (!parsed.success) throw new GovesbError("NIDA's answer did not have the expected shape", "failed");
  return parsed.data;
}

function toCitizen(raw: NonNullable<NidaAnswer["Citizen"]>): Citizen {
  return {
    firstName: raw.FirstName,
    middleName: raw.MiddleName,
    surname: raw.Surname,
    dateOfBirth: raw.DateOfBirth,
    sex: raw.Sex,
    phone: raw.PhoneNumber,
    placeOfBirth: raw.PlaceOfBirth ? { region: raw.PlaceOfBirth.Region, district: raw.PlaceOfBirth.District } : null,
    residence: raw.Residence
      ? {
          region: raw.Residence.Region,
          district: raw.Residence.District,
          ward: raw.Residence.Ward ?? null,
          village: raw.Residence.Village ?? null,
        }
      : null,
  };
}

function unexpected(answer: NidaAnswer): never {
  // Unknown codes are failures, and the code is kept for the operators.
  throw new GovesbError(`NIDA answered code ${answer.Code}`, "failed");
}

function question(answer: NidaAnswer): Question {
  if (!answer.RQCode || !answer.EN || !answer.SW) unexpected(answer);
  return { code: answer.RQCode, text: { sw: answer.SW, en: answer.EN } };
}

/** The phone registered with NIDA for this NIN, to send a one-time code to. */
export async function registeredPhone(config: NidaConfig, nin: string): Promise<PhoneAnswer> {
  const answer = await ask(config, { NIN: nin, Action: "PHONE" });
  if (answer.Code === "130" && answer.PhoneNumber) return { kind: "phone", phone: answer.PhoneNumber };
  if (answer.Code === "132") return { kind: "not-found" };
  if (answer.Code === "131") return { kind: "invalid" };
  return unexpected(answer);
}

/** The citizen's data, once the portal has proved possession of the registered phone. */
export async function citizenData(config: NidaConfig, nin: string): Promise<DataAnswer> {
  const answer = await ask(config, { NIN: nin, Action: "DATA" });
  if (answer.Code === "00" && answer.Citizen) return { kind: "citizen", citizen: toCitizen(answer.Citizen) };
  if (answer.Code === "132") return { kind: "not-found" };
  if (answer.Code === "131") return { kind: "invalid" };
  return unexpected(answer);
}

/** Starts NIDA's security questions, or answers the one asked (rqCode with the answer). */
export async function securityQuestion(
  config: NidaConfig,
  nin: string,
  reply?: { rqCode: string; answer: string },
): Promise<QuestionAnswer> {
  const payload: Record<string, string> = { NIN: nin, Action: "RQVerification" };
  if (reply) Object.assign(payload, { RQCode: reply.rqCode, QNANSW: reply.answer });
  const answer = await ask(config, payload);
  switch (answer.Code) {
    case "00":
      if (!answer.Citizen) return unexpected(answer);
      return { kind: "verified", citizen: toCitizen(answer.Citizen) };
    case "120":
      return { kind: "question", question: question(answer), previous: null };
    case "123":
      return { kind: "question", question: question(answer), previous: "right" };
    case "124":
      return { kind: "question", question: question(answer), previous: "wrong" };
    case "122":
      return { kind: "limit" };
    case "132":
      return { kind: "not-found" };
    case "131":
      return { kind: "invalid" };
    default:
      return unexpected(answer);
  }
}
