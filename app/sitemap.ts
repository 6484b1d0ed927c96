import type { MetadataRoute } from "next";
import { currentCatalogue } from "@/lib/catalogue/current";
import { env } from "@/lib/env";

// Read from the catalogue at request time, never at build time.
export const dynamic = "force-dynamic";

/** Every public page in both languages, each naming its other-language version. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = env().PORTAL_URL;
  const catalogue = await currentCatalogue();
  const pair = (sw: string, en: string, lastModified?: Date): MetadataRoute.Sitemap => {
    const languages = { sw: `${base}/sw${sw}`, en: `${base}/en${en}` };
    return [
      { url: languages.sw, lastModified, alternates: { languages } },
      { url: languages.en, lastModified, alternates: { languages } },
    ];
  };
  return [
    ...pair("", ""),
    ...["/services", "/categories", "/life-events", "/institutions", "/accessibility", "/contact", "/privacy"].flatMap((p) => pair(p, p)),
    ...catalogue.categories.flatMap((c) => pair(`/categories/${c.slug.sw}`, `/categories/${c.slug.en}`)),
    ...catalogue.lifeEvents.flatMap((e) => pair(`/life-events/${e.slug.sw}`, `/life-events/${e.slug.en}`)),
    ...catalogue.institutions
      .filter((i) => catalogue.servicesOfInstitution.has(i.id))
      .flatMap((i) => pair(`/institutions/${i.slug}`, `/institutions/${i.slug}`)),
    ...catalogue.services.flatMap((s) => pair(`/services/${s.slug.sw}`, `/services/${s.slug.en}`, s.updatedAt)),
  ];
}
