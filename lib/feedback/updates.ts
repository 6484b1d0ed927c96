import "server-only";
import { getDb, type Database } from "@/db";
import { env } from "@/lib/env";
import type { Callback } from "@/lib/http/callback";
import { updatePushSchema, type FeedbackUpdate } from "@/lib/integrations/emrejesho/client";
import { MAX_PUSH_BODY, subscriberCallback } from "@/lib/integrations/govesb/subscriber";
import { cleanText, isCleanText } from "@/lib/security/control-characters";
import { applyUpdate } from "./feedback";

/**
 * e-Mrejesho's updates (acknowledged, answered, closed), pushed by GovESB: verified, parsed and
 * answered as every GovESB push is (lib/integrations/govesb/subscriber.ts,
 * docs/protocols/emrejesho.md), applied once however often they arrive.
 */

export const MAX_UPDATE_BODY = MAX_PUSH_BODY;

/**
 * An update as it can be stored. JSON carries what PostgreSQL refuses in text (a NUL as "\u0000",
 * half of a surrogate pair as "\ud800"): such an update failed in the database on every try, and
 * the bus sent it again for ever (issue 21). The reply's words are kept without them; an
 * identifier that holds one is no identifier (null: not an update).
 */
function storable(update: FeedbackUpdate): FeedbackUpdate | null {
  if (!isCleanText(update.Reference) || !isCleanText(update.UpdateId)) return null;
  return update.Reply
    ? { ...update, Reply: { ...update.Reply, Text: cleanText(update.Reply.Text), By: cleanText(update.Reply.By) } }
    : update;
}

/** The callback, applying updates in `database` (the process's own). */
export function feedbackUpdateCallback(database: () => Promise<Database> = getDb): Callback {
  return subscriberCallback({
    name: "e-Mrejesho update",
    schema: updatePushSchema,
    pushCode: () => env().EMREJESHO_UPDATES_CODE,
    async apply({ esbBody }) {
      const update = storable(esbBody.Update);
      if (!update) return { ok: false, message: "Not an e-Mrejesho update" };
      const result = await applyUpdate(await database(), update);
      if (result === "unknown") return { ok: false, message: "No feedback with that reference" };
      return { ok: true, message: result === "applied" ? "Applied" : "Already applied" };
    },
  });
}
