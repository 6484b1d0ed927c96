import { currentCatalogue } from "@/lib/catalogue/current";
import { jsonWithEtag, serviceJson } from "@/lib/catalogue/open-data";
import { env } from "@/lib/env";

// GET /api/v1/services/{id}: by identifier, or by its address in either language.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const catalogue = await currentCatalogue();
  const service =
    catalogue.serviceById.get(id) ?? catalogue.serviceBySlug.get(`en:${id}`)?.service ?? catalogue.serviceBySlug.get(`sw:${id}`)?.service;
  if (!service) return Response.json({ error: "No published service has that identifier." }, { status: 404 });
  return jsonWithEtag(request, { data: serviceJson(env().PORTAL_URL, service) });
}
