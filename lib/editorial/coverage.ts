import "server-only";
import type { Catalogue } from "@/lib/catalogue/catalogue";
import type { CatalogueInstitution } from "@/lib/catalogue/model";
import { factTrust, isMarked, listingFacts } from "@/lib/catalogue/trust";
import { tanzaniaDay } from "@/lib/catalogue/usage";

export type CoverageRow = {
  institution: CatalogueInstitution;
  /** Published listings the institution keeps, and how many of them state each kind of fact. */
  services: number;
  withFee: number;
  withLink: number;
  withTime: number;
  /** Facts marked on the public page (unconfirmed or old) across its listings. */
  marked: number;
  /** Listings a person of the institution has confirmed. */
  confirmed: number;
  hasContacts: boolean;
};

/**
 * How complete and how confirmed each institution's listings are, for administrators: those with
 * most to do first (no listing at all, then most marked facts, then fewest confirmed).
 */
export function catalogueCoverage(catalogue: Catalogue, today = tanzaniaDay(new Date())): CoverageRow[] {
  const rows = catalogue.institutions.map((institution) => {
    const kept = catalogue.services.filter((s) => s.institution.id === institution.id);
    return {
      institution,
      services: kept.length,
      withFee: kept.filter((s) => s.fees.length > 0 || s.feeNote).length,
      withLink: kept.filter((s) => s.channels.some((c) => c.kind === "online")).length,
      withTime: kept.filter((s) => s.processingTime).length,
      marked: kept.reduce((n, s) => n + listingFacts(s).filter((f) => isMarked(factTrust(f, s.sources, today))).length, 0),
      confirmed: kept.filter((s) => s.lastReviewedOn).length,
      hasContacts: institution.phones.length + institution.emails.length > 0 || institution.address !== null,
    };
  });
  return rows.sort(
    (a, b) =>
      Number(a.services > 0) - Number(b.services > 0) ||
      b.marked - a.marked ||
      a.confirmed - b.confirmed ||
      a.institution.name.en.localeCompare(b.institution.name.en),
  );
}
