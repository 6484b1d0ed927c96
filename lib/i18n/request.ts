import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { defaultLocale, isLocale, type Locale } from "./config";
import { pathAfterLocale } from "./negotiate";

// Set by proxy.ts on every page request.
const PATH_HEADER = "x-dirisha-path";
const SEARCH_HEADER = "x-dirisha-search";
const LOCALE_HEADER = "x-dirisha-locale";

/** The language segment of a route, or a 404 for anything that is not one of ours. */
export function localeFrom(value: string): Locale {
  if (!isLocale(value)) notFound();
  return value;
}

/** The page being shown, without its language prefix, with its query string ("" when none). */
export async function currentPage(): Promise<{ path: string; search: string }> {
  const list = await headers();
  const path = pathAfterLocale(list.get(PATH_HEADER) ?? "/");
  const rawSearch = list.get(SEARCH_HEADER) ?? "";
  const search = rawSearch.startsWith("?") && rawSearch.length > 1 ? rawSearch : "";
  return { path, search };
}

/** The page's language where no route params are at hand (the not-found page). */
export async function currentLocale(): Promise<Locale> {
  const value = (await headers()).get(LOCALE_HEADER);
  return isLocale(value) ? value : defaultLocale;
}
