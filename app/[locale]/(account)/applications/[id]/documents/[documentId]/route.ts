import { documentOfCitizen } from "@/lib/applications/service";
import { currentActor } from "@/lib/identity/auth";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";

/**
 * A document of the citizen's own application, for them alone: anyone else, and any unknown
 * id, gets the same 404. Sent as an attachment with its sniffed type, never rendered inline.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string; documentId: string }> }) {
  const actor = await currentActor();
  const { locale, documentId } = await params;
  const document = can.apply(actor) && actor.kind === "citizen" ? await documentOfCitizen(actor.citizenId, documentId) : null;
  if (!document)
    return new Response(getT(localeFrom(locale), "applications")("documentNotFound"), {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  const ascii = document.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Uint8Array(document.bytes), {
    headers: {
      "Content-Type": document.mimeType,
      "Content-Length": String(document.bytes.length),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
