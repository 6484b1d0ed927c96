import { currentCatalogue } from "@/lib/catalogue/current";
import { pagedList, topicJson } from "@/lib/catalogue/open-data";
import { env } from "@/lib/env";

// GET /api/v1/categories?page=&per_page=
export async function GET(request: Request) {
  const catalogue = await currentCatalogue();
  return pagedList(request, catalogue.categories, (c) =>
    topicJson(env().PORTAL_URL, "categories", c, catalogue.servicesOfCategory.get(c.id) ?? []),
  );
}
