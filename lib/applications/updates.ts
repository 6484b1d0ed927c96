import "server-only";
import { getDb, type Database } from "@/db";
import { env } from "@/lib/env";
import type { Callback } from "@/lib/http/callback";
import { updatePushSchema } from "@/lib/integrations/applications/client";
import { subscriberCallback } from "@/lib/integrations/govesb/subscriber";
import { applyApplicationUpdate } from "./applications";

/**
 * Institutions' status updates to applications, pushed by GovESB
 * (docs/protocols/govesb-applications.md): verified, parsed and answered as every GovESB push is
 * (lib/integrations/govesb/subscriber.ts), applied once however often they arrive and never
 * backwards. An update missing its question, reasons or collection is no update (400).
 */
export function applicationUpdateCallback(database: () => Promise<Database> = getDb): Callback {
  return subscriberCallback({
    name: "application update",
    schema: updatePushSchema,
    pushCode: () => env().APPLICATION_UPDATES_CODE,
    async apply({ esbBody }) {
      const result = await applyApplicationUpdate(await database(), esbBody.Update);
      if (result === "unknown") return { ok: false, message: "No application with that reference" };
      if (result === "mismatch") return { ok: false, message: "The application has another institution reference" };
      return { ok: true, message: result === "applied" ? "Applied" : "Already applied" };
    },
  });
}
