import { searchInstitutions, type Catalogue } from "@/lib/catalogue/catalogue";
import { institutionLabel as labelOf } from "@/lib/catalogue/format";
import type { CatalogueInstitution } from "@/lib/catalogue/model";
import type { Locale } from "@/lib/i18n/config";
import { normalise } from "@/lib/search/text";

/** How an institution is written in the form's list: "Name (ACRONYM)", the acronym once. */
export function institutionLabel(institution: CatalogueInstitution, locale: Locale): string {
  return labelOf(institution, locale);
}

/**
 * The institution a person typed or picked: its label, name in either language or acronym,
 * ignoring case and accents. When nothing matches exactly, the closest names are suggested.
 */
export function resolveInstitution(
  catalogue: Catalogue,
  typed: string,
  locale: Locale,
): { institution: CatalogueInstitution } | { suggestions: string[] } {
  const wanted = normalise(typed);
  for (const institution of catalogue.institutions) {
    const names = [institutionLabel(institution, "sw"), institutionLabel(institution, "en"), institution.name.sw, institution.name.en];
    if (institution.acronym) names.push(institution.acronym);
    if (names.some((name) => normalise(name) === wanted)) return { institution };
  }
  return { suggestions: searchInstitutions(catalogue, typed, 3).map((i) => institutionLabel(i, locale)) };
}
