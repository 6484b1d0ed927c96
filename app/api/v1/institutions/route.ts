import { currentCatalogue } from "@/lib/catalogue/current";
import { institutionJson, pagedList } from "@/lib/catalogue/open-data";
import { env } from "@/lib/env";

// GET /api/v1/institutions?page=&per_page=
export async function GET(request: Request) {
  const catalogue = await currentCatalogue();
  return pagedList(request, catalogue.institutions, (i) => institutionJson(env().PORTAL_URL, i, catalogue));
}
