import { intlLocale, type Locale } from "@/lib/i18n/config";
import type { CatalogueService } from "./model";

/**
 * The orders lists of services are shown in: by name in the page's language (Swahili names sorted
 * as Swahili on Swahili pages, English as English), and a life event's services in the order a
 * person needs them.
 */

const collators = new Map<Locale, Intl.Collator>();

/** Compares texts the way readers of this language expect them sorted. */
export function collator(locale: Locale): Intl.Collator {
  let found = collators.get(locale);
  if (!found) {
    found = new Intl.Collator(intlLocale[locale], { numeric: true });
    collators.set(locale, found);
  }
  return found;
}

/** Services by their name in this language; the id breaks ties, so that the order never wavers. */
export function byName(locale: Locale): (a: CatalogueService, b: CatalogueService) => number {
  const compare = collator(locale).compare;
  return (a, b) => compare(a.name[locale], b.name[locale]) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * A life event's services in the order a person needs them: first those its order names, in
 * that order, then the rest by name in this language. Ids in the order that are not among the
 * services (withdrawn, or no longer linked to the event) are passed over.
 */
export function inOrderOfNeed(services: readonly CatalogueService[], order: readonly string[], locale: Locale): CatalogueService[] {
  const rank = new Map(order.map((id, position) => [id, position]));
  const alphabetical = byName(locale);
  return [...services].sort((a, b) => {
    const ra = rank.get(a.id);
    const rb = rank.get(b.id);
    if (ra !== undefined && rb !== undefined) return ra - rb;
    if (ra !== undefined) return -1;
    if (rb !== undefined) return 1;
    return alphabetical(a, b);
  });
}
