import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb, type Database } from "@/db";
import { institutions, services } from "@/db/schema";
import type { Locale } from "@/lib/i18n/config";

export type ServiceSummary = {
  slug: string;
  name: string;
  summary: string;
  institution: { slug: string; name: string; acronym: string | null };
};

export type ServiceDetail = ServiceSummary & {
  onlineUrl: string | null;
  needsReview: boolean;
  sources: string[];
  updatedAt: Date;
  institutionWebsite: string | null;
};

function localised(locale: Locale) {
  return {
    serviceName: locale === "sw" ? services.nameSw : services.nameEn,
    serviceSummary: locale === "sw" ? services.summarySw : services.summaryEn,
    institutionName: locale === "sw" ? institutions.nameSw : institutions.nameEn,
  };
}

/** Published services, in the order of their names in the page's language. */
export async function listPublishedServices(locale: Locale, db?: Database): Promise<ServiceSummary[]> {
  db ??= await getDb();
  const l = localised(locale);
  const rows = await db
    .select({
      slug: services.slug,
      name: l.serviceName,
      summary: l.serviceSummary,
      institutionSlug: institutions.slug,
      institutionName: l.institutionName,
      acronym: institutions.acronym,
    })
    .from(services)
    .innerJoin(institutions, eq(services.institutionId, institutions.id))
    .where(eq(services.status, "published"))
    .orderBy(asc(l.serviceName));
  return rows.map((row) => ({
    slug: row.slug,
    name: row.name,
    summary: row.summary,
    institution: { slug: row.institutionSlug, name: row.institutionName, acronym: row.acronym },
  }));
}

/** One published service, or undefined when there is none by that slug. */
export async function findPublishedService(
  locale: Locale,
  slug: string,
  db?: Database,
): Promise<ServiceDetail | undefined> {
  db ??= await getDb();
  const l = localised(locale);
  const [row] = await db
    .select({
      slug: services.slug,
      name: l.serviceName,
      summary: l.serviceSummary,
      onlineUrl: services.onlineUrl,
      needsReview: services.needsReview,
      sources: services.sources,
      updatedAt: services.updatedAt,
      institutionSlug: institutions.slug,
      institutionName: l.institutionName,
      acronym: institutions.acronym,
      institutionWebsite: institutions.website,
    })
    .from(services)
    .innerJoin(institutions, eq(services.institutionId, institutions.id))
    .where(and(eq(services.slug, slug), eq(services.status, "published")))
    .limit(1);
  if (!row) return undefined;
  const { institutionSlug, institutionName, acronym, ...rest } = row;
  return { ...rest, institution: { slug: institutionSlug, name: institutionName, acronym } };
}
