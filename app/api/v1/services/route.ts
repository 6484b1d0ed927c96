import { searchServices } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import { badRequest, pagedList, serviceJson } from "@/lib/catalogue/open-data";
import { env } from "@/lib/env";

// GET /api/v1/services?page=&per_page=&institution=&category=&life_event=&q=
export async function GET(request: Request) {
  const url = new URL(request.url);
  const catalogue = await currentCatalogue();
  const institution = url.searchParams.get("institution");
  const category = url.searchParams.get("category");
  const lifeEvent = url.searchParams.get("life_event");
  const query = url.searchParams.get("q")?.trim();
  if (query && query.length > 200) return badRequest("q is limited to 200 characters");

  let list = query ? searchServices(catalogue, query, 1000) : catalogue.services;
  if (institution) list = list.filter((s) => s.institution.slug === institution || s.competentAuthority?.slug === institution);
  if (category) list = list.filter((s) => s.categories.some((c) => c.key === category));
  if (lifeEvent) list = list.filter((s) => s.lifeEvents.some((e) => e.key === lifeEvent));

  return pagedList(request, list, (s) => serviceJson(env().PORTAL_URL, s));
}
