import { currentCatalogue } from "@/lib/catalogue/current";
import { cpsvApExport } from "@/lib/catalogue/jsonld";
import { jsonWithEtag } from "@/lib/catalogue/open-data";
import { env } from "@/lib/env";

// GET /api/v1/cpsv-ap: the whole published catalogue as CPSV-AP 3 JSON-LD.
export async function GET(request: Request) {
  const catalogue = await currentCatalogue();
  return jsonWithEtag(request, cpsvApExport(env().PORTAL_URL, catalogue), "application/ld+json; charset=utf-8");
}
