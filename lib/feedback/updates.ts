import "server-only";
import { getDb, type Database } from "@/db";
import { env } from "@/lib/env";
import type { Callback } from "@/lib/http/callback";
import { updatePushSchema } from "@/lib/integrations/emrejesho/client";
import { MAX_PUSH_BODY, subscriberCallback } from "@/lib/integrations/govesb/subscriber";
import { applyUpdate } from "./feedback";

/**
 * e-Mrejesho's updates (acknowledged, answered, closed), pushed by GovESB: verified, parsed and
 * answered as every GovESB push is (lib/integrations/govesb/subscriber.ts,
 * docs/protocols/emrejesho.md), applied once however often they arrive.
 */

export const MAX_UPDATE_BODY = MAX_PUSH_BODY;

/** The callback, applying updates in `database` (the process's own). */
export function feedbackUpdateCallback(database: () => Promise<Database> = getDb): Callback {
  return subscriberCallback({
    name: "e-Mrejesho update",
    schema: updatePushSchema,
    pushCode: () => env().EMREJESHO_UPDATES_CODE,
    async apply({ esbBody }) {
      const result = await applyUpdate(await database(), esbBody.Update);
      if (result === "unknown") return { ok: false, message: "No feedback with that reference" };
      return { ok: true, message: result === "applied" ? "Applied" : "Already applied" };
    },
  });
}
