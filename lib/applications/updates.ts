import "server-only";
import { getDb, type Database } from "@/db";
import { env } from "@/lib/env";
import type { Callback } from "@/lib/http/callback";
import { updatePushSchema, type ApplicationUpdate } from "@/lib/integrations/applications/client";
import { subscriberCallback } from "@/lib/integrations/govesb/subscriber";
import { cleanText, isCleanText } from "@/lib/security/control-characters";
import { applyApplicationUpdate } from "./applications";

/**
 * An update as it can be stored. JSON carries what PostgreSQL refuses in text (a NUL as "\u0000",
 * half of a surrogate pair as "\ud800"): such an update failed in the database on every try, and
 * the bus sent it again for ever (issue 21). The institution's words are kept without them; an
 * identifier that holds one, or a question, reasons or place that was nothing else, make it no
 * update (null).
 */
function storable(update: ApplicationUpdate): ApplicationUpdate | null {
  if (!isCleanText(update.Reference) || !isCleanText(update.UpdateId)) return null;
  const said = (text: string | null | undefined) => (typeof text === "string" ? cleanText(text).trim() || null : text);
  const place = update.Collection ? said(update.Collection.Place) : null;
  if (update.Collection && !place) return null;
  const cleaned: ApplicationUpdate = {
    ...update,
    Note: said(update.Note),
    Question: said(update.Question),
    Reasons: said(update.Reasons),
    Collection: update.Collection ? { ...update.Collection, Place: place! } : update.Collection,
  };
  const needs = { INFORMATION_NEEDED: cleaned.Question, REJECTED: cleaned.Reasons, READY_FOR_COLLECTION: cleaned.Collection } as const;
  return cleaned.Status in needs && !needs[cleaned.Status as keyof typeof needs] ? null : cleaned;
}

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
      const update = storable(esbBody.Update);
      if (!update) return { ok: false, message: "Not an application update" };
      const result = await applyApplicationUpdate(await database(), update);
      if (result === "unknown") return { ok: false, message: "No application with that reference" };
      if (result === "mismatch") return { ok: false, message: "The application has another institution reference" };
      return { ok: true, message: result === "applied" ? "Applied" : "Already applied" };
    },
  });
}
