import "server-only";
import { z } from "zod";
import { engineRequest, GovesbError, type GovesbConfig } from "@/lib/integrations/govesb/client";
import { pushedTime } from "@/lib/integrations/govesb/subscriber";

/**
 * e-Mrejesho, the government's feedback system, reached as a GovESB subscriber (push requests).
 * Shapes: docs/protocols/emrejesho.md.
 */

export type EmrejeshoConfig = GovesbConfig & { pushCode: string };

export type FeedbackPush = {
  PortalReference: string;
  Kind: "COMPLAINT" | "SUGGESTION" | "INQUIRY" | "COMPLIMENT";
  Institution: { Code: string; Name: string };
  Service: { Id: string; Name: string } | null;
  Subject: string;
  Message: string;
  Language: "sw" | "en";
  Sender: { Name: string | null; Phone: string | null } | null;
  Attachment: { FileName: string; MimeType: string; Base64: string } | null;
  SubmittedAt: string;
};

/** Hands one submission over. Resolves when the bus accepted it; throws GovesbError otherwise. */
export async function pushFeedback(config: EmrejeshoConfig, feedback: FeedbackPush): Promise<void> {
  const answer = (await engineRequest(config, "/push-request", { pushCode: config.pushCode, esbBody: { Feedback: feedback } })) as
    { Code?: unknown; Message?: unknown } | undefined;
  if (answer?.Code !== "00") {
    throw new GovesbError(
      `e-Mrejesho refused the submission: ${String(answer?.Message ?? answer?.Code ?? "no answer").slice(0, 200)}`,
      "rejected",
    );
  }
}

/**
 * An update (acknowledged, answered, closed) as the bus pushes it to the portal: the data of its
 * signed envelope, once the bus's signature has verified.
 */
export const updatePushSchema = z.object({
  pushCode: z.string(),
  esbBody: z.object({
    Update: z.object({
      PortalReference: z.string().regex(/^MRJ-[A-Z0-9]{4}-[A-Z0-9]{4}$/),
      Reference: z.string().min(1).max(100), // e-Mrejesho's own
      Status: z.enum(["ACKNOWLEDGED", "ANSWERED", "CLOSED"]),
      Reply: z.object({ Text: z.string().max(10_000), By: z.string().max(200), At: pushedTime }).nullable(),
      UpdateId: z.string().min(1).max(200), // unique per update, for idempotency
    }),
  }),
});

export type FeedbackUpdate = z.infer<typeof updatePushSchema>["esbBody"]["Update"];
