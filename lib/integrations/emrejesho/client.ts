import { engineRequest, GovesbError, type GovesbConfig } from "@/lib/integrations/govesb/client";

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
    | { Code?: unknown; Message?: unknown }
    | undefined;
  if (answer?.Code !== "00") {
    throw new GovesbError(
      `e-Mrejesho refused the submission: ${String(answer?.Message ?? answer?.Code ?? "no answer").slice(0, 200)}`,
      "rejected",
    );
  }
}

export type FeedbackUpdate = {
  PortalReference: string;
  Reference: string;
  Status: "ACKNOWLEDGED" | "ANSWERED" | "CLOSED";
  Reply: { Text: string; By: string; At: string } | null;
  UpdateId: string;
};
