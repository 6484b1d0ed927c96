import "server-only";
import { getDb, type Database } from "@/db";
import { env } from "@/lib/env";
import type { Callback } from "@/lib/http/callback";
import { updatePushSchema } from "@/lib/integrations/emrejesho/client";
import { EnvelopeError, openEnvelope, sealEnvelope } from "@/lib/integrations/govesb/envelope";
import { busPublicKey, portalPrivateKey } from "@/lib/integrations/govesb/keys";
import { describeError, log } from "@/lib/log";
import { applyUpdate } from "./feedback";

/**
 * e-Mrejesho's updates (acknowledged, answered, closed), pushed by GovESB. Trusted only once the
 * bus's signature verifies on the exact bytes received; applied once however often they arrive.
 * Answered in GovESB's envelope signed with the portal's key (docs/protocols/emrejesho.md): 200
 * applied or already applied, 400 not an update, an unknown push code or reference, 401 not
 * signed by the bus, 413 over 64 KB.
 */

export const MAX_UPDATE_BODY = 64 * 1024;

function answer(status: number, success: boolean, message: string): Response {
  return new Response(sealEnvelope({ success, message }, portalPrivateKey()), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

/** The callback, applying updates in `database` (the process's own). */
export function feedbackUpdateCallback(database: () => Promise<Database> = getDb): Callback {
  return {
    maxBody: MAX_UPDATE_BODY,
    tooLarge: () => answer(413, false, "Body too large"),
    async receive(body) {
      let data: unknown;
      try {
        data = openEnvelope(body, busPublicKey());
      } catch (error) {
        // Whatever could not be opened is refused alike; a reason other than the envelope's
        // own (the bus's key unreadable, say) is the operators' to fix, and logged as an error.
        if (error instanceof EnvelopeError) log.warn("e-Mrejesho update refused: signature", { reason: error.message });
        else log.error("e-Mrejesho update could not be checked", { error: describeError(error) });
        return answer(401, false, "Invalid signature");
      }
      const parsed = updatePushSchema.safeParse(data);
      if (!parsed.success) return answer(400, false, "Not an e-Mrejesho update");
      if (parsed.data.pushCode !== env().EMREJESHO_UPDATES_CODE) return answer(400, false, "Unknown push code");

      const result = await applyUpdate(await database(), parsed.data.esbBody.Update);
      if (result === "unknown") return answer(400, false, "No feedback with that reference");
      return answer(200, true, result === "applied" ? "Applied" : "Already applied");
    },
  };
}
