import "server-only";
import { z } from "zod";
import { engineRequest, GovesbError, type GovesbConfig } from "@/lib/integrations/govesb/client";
import { pushedTime } from "@/lib/integrations/govesb/subscriber";

/**
 * Institution systems that take applications, reached as GovESB subscribers (push requests), each
 * by its own push code. Shapes: docs/protocols/govesb-applications.md.
 */

export type ApplicationsConfig = GovesbConfig & {
  /** Institution slug → the push code of its system. */
  pushCodes: Record<string, string>;
};

type Bilingual = { sw: string; en: string };
type Place = { Region: string; District: string };

export type DocumentPush = {
  DocumentId: string;
  Question: string;
  FileName: string;
  MimeType: string;
  Size: number;
  Sha256: string;
  Base64: string;
};

export type ApplicationPush = {
  PortalReference: string;
  Institution: { Code: string; Name: string };
  Service: { Id: string; Name: string };
  Form: { Id: string; Version: number };
  Language: "sw" | "en";
  Applicant: {
    Nin: string;
    FirstName: string;
    MiddleName: string;
    Surname: string;
    DateOfBirth: string;
    Sex: "M" | "F" | null;
    Phone: string | null;
    PlaceOfBirth: Place | null;
    Residence: (Place & { Ward: string | null; Village: string | null }) | null;
  };
  Answers: { Id: string; Kind: string; Label: Bilingual; Value: unknown; FromNida?: true }[];
  Documents: DocumentPush[];
  Payment: {
    When: "before" | "after";
    BillId: string;
    ControlNumber: string | null;
    Amount: string;
    Currency: string;
    Paid: boolean;
  } | null;
  SubmittedAt: string;
};

export type InformationReplyPush = {
  PortalReference: string;
  RequestUpdateId: string;
  Text: string;
  Documents: DocumentPush[];
  RepliedAt: string;
};

const accepted = z.looseObject({ Code: z.string(), Message: z.string().optional(), Reference: z.string().max(100).optional() });

async function push(
  config: ApplicationsConfig,
  institution: string,
  esbBody: Record<string, unknown>,
): Promise<{ reference: string | null }> {
  const pushCode = config.pushCodes[institution];
  // No code: the operators removed it after the form was published. Nothing can deliver it.
  if (!pushCode) throw new GovesbError(`no push code configured for ${institution}`, "rejected");
  // An application with its documents takes longer to pass the bus than a look-up.
  const answer = accepted.safeParse(
    await engineRequest({ ...config, timeoutMs: config.timeoutMs ?? 30_000 }, "/push-request", { pushCode, esbBody }),
  );
  if (!answer.success) throw new GovesbError("the institution's answer did not have the expected shape", "failed");
  if (answer.data.Code !== "00") {
    throw new GovesbError(`the institution refused it: ${String(answer.data.Message ?? answer.data.Code).slice(0, 200)}`, "rejected");
  }
  return { reference: answer.data.Reference ?? null };
}

/** Hands one application over. Resolves with the institution's reference once its system accepted it. */
export function pushApplication(config: ApplicationsConfig, institution: string, application: ApplicationPush) {
  return push(config, institution, { Application: application });
}

/** Hands a citizen's answer to "more information needed" over. */
export async function pushInformationReply(config: ApplicationsConfig, institution: string, reply: InformationReplyPush): Promise<void> {
  await push(config, institution, { InformationReply: reply });
}

export const UPDATE_STATUSES = [
  "RECEIVED",
  "IN_REVIEW",
  "INFORMATION_NEEDED",
  "APPROVED",
  "REJECTED",
  "READY_FOR_COLLECTION",
  "COMPLETED",
] as const;

const when = pushedTime;
const said = z.string().trim().min(1).max(2000);

/** A status update as the bus pushes it to the portal, once the bus's signature has verified. */
export const updatePushSchema = z.object({
  pushCode: z.string(),
  esbBody: z.object({
    Update: z
      .object({
        PortalReference: z.string().regex(/^APP-[A-Z0-9]{4}-[A-Z0-9]{4}$/),
        Reference: z.string().min(1).max(100),
        UpdateId: z.string().min(1).max(200),
        Status: z.enum(UPDATE_STATUSES),
        Note: said.nullish(),
        Question: said.nullish(),
        Reasons: said.nullish(),
        Collection: z.object({ Place: said.max(500), From: when, Until: when.nullish() }).nullish(),
        At: when,
      })
      .superRefine((update, ctx) => {
        const needs = { INFORMATION_NEEDED: "Question", REJECTED: "Reasons", READY_FOR_COLLECTION: "Collection" } as const;
        const member = needs[update.Status as keyof typeof needs];
        if (member && !update[member]) ctx.addIssue({ code: "custom", path: [member], message: `${update.Status} needs ${member}` });
      }),
  }),
});

export type ApplicationUpdate = z.infer<typeof updatePushSchema>["esbBody"]["Update"];
