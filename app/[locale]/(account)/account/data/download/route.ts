import { currentActor } from "@/lib/identity/auth";
import { localeFrom } from "@/lib/i18n/request";
import { personalDataOf } from "@/lib/privacy/service";
import { can } from "@/lib/security/permissions";

/**
 * Everything held about the signed-in citizen, as a JSON file to keep (lib/privacy/export.ts).
 * No one else's, ever: without a citizen's session it sends the browser to sign in, and back here.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string }> }) {
  const locale = localeFrom((await params).locale);
  const actor = await currentActor();
  const data = can.viewOwnData(actor) && actor.kind === "citizen" ? await personalDataOf(actor.citizenId) : null;
  if (!data)
    return new Response(null, {
      status: 303,
      headers: {
        Location: `/${locale}/sign-in?return=${encodeURIComponent(`/${locale}/account/data`)}`,
        "Cache-Control": "no-store",
      },
    });
  const body = JSON.stringify({ portal: "Dirisha", generatedAt: new Date().toISOString(), ...data }, null, 2);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="dirisha-data-${day}.json"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
