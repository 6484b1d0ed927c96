import "server-only";
import { findService, findTopic } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import type { Locale } from "@/lib/i18n/config";

/*
 * Pages whose existence depends on the catalogue are resolved here, in the proxy, before they
 * render. A page that calls notFound() itself reaches the browser as an empty shell that only
 * JavaScript fills in (vercel/next.js#62228); the proxy instead rewrites a missing listing to
 * an address no route claims, which Next serves complete from app/not-found.tsx with a 404.
 * It also sends an address in the other language's words (after the language switch) to this
 * language's address. See docs/decisions/0002.
 */

export type Resolution = { kind: "show" } | { kind: "missing" } | { kind: "redirect"; path: string };

const routes = /^\/(services|categories|life-events|institutions)\/([^/]+)(\/report|\/apply)?$/;

export async function resolveCatalogueRoute(locale: Locale, path: string): Promise<Resolution> {
  const match = routes.exec(path);
  if (!match) return { kind: "show" };
  const [, section, rawSlug, subpage = ""] = match;
  if (subpage && section !== "services") return { kind: "missing" };
  let slug: string;
  try {
    slug = decodeURIComponent(rawSlug!);
  } catch {
    return { kind: "missing" };
  }
  const catalogue = await currentCatalogue();
  const redirectTo = (canonical: string) => ({
    kind: "redirect" as const,
    path: `/${locale}/${section}/${encodeURIComponent(canonical)}${subpage}`,
  });

  switch (section) {
    case "services": {
      const found = findService(catalogue, locale, slug);
      if (!found) return { kind: "missing" };
      return found.canonical ? { kind: "show" } : redirectTo(found.service.slug[locale]);
    }
    case "categories":
    case "life-events": {
      const found = findTopic(section === "categories" ? catalogue.categoryBySlug : catalogue.lifeEventBySlug, locale, slug);
      if (!found) return { kind: "missing" };
      return found.canonical ? { kind: "show" } : redirectTo(found.topic.slug[locale]);
    }
    default:
      return catalogue.institutionBySlug.has(slug) ? { kind: "show" } : { kind: "missing" };
  }
}

/**
 * An address that no route claims, for rewriting a missing page to: Next then renders the
 * translated 404 page. It keeps the language and the original path, so that two different
 * missing pages are never answered as one.
 */
export function notFoundPath(locale: Locale, path: string): string {
  return `/${locale}/_missing${path}`;
}
