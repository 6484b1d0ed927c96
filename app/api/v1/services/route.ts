import { searchServices } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import { badRequest, jsonWithEtag, pageQuery, paginate, serviceJson } from "@/lib/catalogue/open-data";
import { env } from "@/lib/env";

// GET /api/v1/services?page=&per_page=&institution=&category=&life_event=&q=
export async function GET(request: Request) {
  const url = new URL(request.url);
  const paging = pageQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!paging.success) return badRequest("page must be 1 or more; per_page from 1 to 200");
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

  const base = env().PORTAL_URL;
  const page = paginate(list, url, paging.data.page, paging.data.per_page);
  return jsonWithEtag(request, { ...page, data: page.data.map((s) => serviceJson(base, s)) });
}
