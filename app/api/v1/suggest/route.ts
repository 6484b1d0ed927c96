import { searchServices } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import { isLocale } from "@/lib/i18n/config";

// GET /api/v1/suggest?lang=sw&q=chet: service names for the search box while typing.
export async function GET(request: Request) {
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const lang = url.searchParams.get("lang");
  const locale = isLocale(lang) ? lang : "sw";
  const suggestions = query.length < 2 ? [] : searchServices(await currentCatalogue(), query, 6).map((service) => service.name[locale]);
  return Response.json({ suggestions }, { headers: { "Cache-Control": "public, max-age=60" } });
}
