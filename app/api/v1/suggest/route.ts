import { suggestServices } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import { isLocale } from "@/lib/i18n/config";
import { sharePage } from "@/lib/http/request-context.mjs";

// GET /api/v1/suggest?lang=sw&q=chet: service names for the search box while typing.
export async function GET(request: Request) {
  // The same for everyone until the catalogue changes (lib/http/page-cache.mjs).
  sharePage();
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const lang = url.searchParams.get("lang");
  const locale = isLocale(lang) ? lang : "sw";
  // Names in the page's language, those matching in it first (a Swahili page offers "Usajili wa
  // kizazi na cheti cha kuzaliwa" for "che" before an English name's "check").
  const suggestions =
    query.length < 2 ? [] : suggestServices(await currentCatalogue(), query, locale, 6).map((service) => service.name[locale]);
  return Response.json({ suggestions }, { headers: { "Cache-Control": "public, max-age=60" } });
}
