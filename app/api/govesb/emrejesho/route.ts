import { z } from "zod";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { applyUpdate } from "@/lib/feedback/feedback";
import { openEnvelope, sealEnvelope } from "@/lib/integrations/govesb/envelope";
import { busPublicKey, portalPrivateKey } from "@/lib/integrations/govesb/keys";
import { log } from "@/lib/log";
import { readLimited } from "@/lib/http/body";

const MAX_BODY = 64 * 1024;

const updateShape = z.object({
  pushCode: z.string(),
  esbBody: z.object({
    Update: z.object({
      PortalReference: z.string().regex(/^MRJ-[A-Z0-9]{4}-[A-Z0-9]{4}$/),
      Reference: z.string().min(1).max(100),
      Status: z.enum(["ACKNOWLEDGED", "ANSWERED", "CLOSED"]),
      Reply: z.object({ Text: z.string().max(10_000), By: z.string().max(200), At: z.iso.datetime({ offset: true }) }).nullable(),
      UpdateId: z.string().min(1).max(200),
    }),
  }),
});

/** Answers in GovESB's envelope, signed with the portal's key. */
function answer(status: number, success: boolean, message: string): Response {
  return new Response(sealEnvelope({ success, message }, portalPrivateKey()), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

/**
 * POST /api/govesb/emrejesho: e-Mrejesho's updates (acknowledged, answered, closed), pushed by
 * GovESB. Trusted only once the bus's signature verifies on the exact bytes received; applied
 * once however often they arrive.
 */
export async function POST(request: Request) {
  const bytes = await readLimited(request, MAX_BODY);
  if (bytes === null) return answer(413, false, "Body too large");
  const body = Buffer.from(bytes).toString("utf8");

  let data: unknown;
  try {
    data = openEnvelope(body, busPublicKey());
  } catch {
    log.warn("e-Mrejesho update refused: signature", {});
    return answer(401, false, "Invalid signature");
  }
  const parsed = updateShape.safeParse(data);
  if (!parsed.success) return answer(400, false, "Not an e-Mrejesho update");
  if (parsed.data.pushCode !== env().EMREJESHO_UPDATES_CODE) return answer(400, false, "Unknown push code");

  const result = await applyUpdate(await getDb(), parsed.data.esbBody.Update);
  if (result === "unknown") return answer(400, false, "No feedback with that reference");
  return answer(200, true, result === "applied" ? "Applied" : "Already applied");
}
