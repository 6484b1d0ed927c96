import { anyCategory, anyLifeEvent, birthRegistration, rita } from "./catalogue-data";

type Page = { name: string; path: Record<"sw" | "en", string> };
const same = (name: string, path: string): Page => ({ name, path: { sw: path, en: path } });

/** The pages every shell-wide check visits, in each language. */
export const shellPages: Page[] = [
  same("home", ""),
  { name: "service", path: { sw: `/services/${birthRegistration.slug.sw}`, en: `/services/${birthRegistration.slug.en}` } },
  same("accessibility statement", "/accessibility"),
  same("contact", "/contact"),
  same("privacy notice", "/privacy"),
];

/** Every kind of catalogue page. */
export const cataloguePages: Page[] = [
  same("search results", "/search?q=cheti"),
  same("search without results", "/search?q=xyzzyqq"),
  same("all services", "/services"),
  same("categories", "/categories"),
  { name: "a category", path: { sw: `/categories/${anyCategory.slug.sw}`, en: `/categories/${anyCategory.slug.en}` } },
  same("life events", "/life-events"),
  { name: "a life event", path: { sw: `/life-events/${anyLifeEvent.slug.sw}`, en: `/life-events/${anyLifeEvent.slug.en}` } },
  same("institutions", "/institutions"),
  same("an institution", `/institutions/${rita.slug}`),
  same("feedback form", "/feedback"),
  same("feedback status", "/feedback/status?reference=MRJ-ZZZZ-ZZZZ"),
  {
    name: "report a problem",
    path: { sw: `/services/${birthRegistration.slug.sw}/report`, en: `/services/${birthRegistration.slug.en}/report` },
  },
];

export const locales = ["sw", "en"] as const;
