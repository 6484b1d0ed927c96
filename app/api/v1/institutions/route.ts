import { currentCatalogue } from "@/lib/catalogue/current";
import { badRequest, institutionJson, jsonWithEtag, pageQuery, paginate } from "@/lib/catalogue/open-data";
import { env } from "@/lib/env";

// GET /api/v1/institutions?page=&per_page=
export async function GET(request: Request) {
  const url = new URL(request.url);
  const paging = pageQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!paging.success) return badRequest("page must be 1 or more; per_page from 1 to 200");
  const catalogue = await currentCatalogue();
  const base = env().PORTAL_URL;
  const page = paginate(catalogue.institutions, url, paging.data.page, paging.data.per_page);
  return jsonWithEtag(request, { ...page, data: page.data.map((i) => institutionJson(base, i, catalogue)) });
}
