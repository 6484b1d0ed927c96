import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db";
import { institutions, services, serviceVersions } from "@/db/schema";
import { can, type Actor } from "@/lib/security/permissions";
import { recordAudit } from "@/lib/staff/audit";
import { parseCsv, csvValue, writeCsv } from "./csv";
import {
  checkDocument,
  documentFromForm,
  emptyDocument,
  formFromDocument,
  LIMITS,
  limitOf,
  ROW_GROUPS,
  type FieldProblem,
  type FormValues,
  type ListingDocument,
} from "./document";
import { liveDocument, loadReferences, publishInTransaction, type Version } from "./listings";

/**
 * Import and export of an institution's listings, as JSON (the catalogue data files' shape) or
 * CSV (one listing a row; the columns are the editing form's fields). An import is checked
 * whole first and applied in one transaction: every listing or none.
 */

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_LISTINGS = 1000;
/** The most problems an import reports; checking stops there (a file with more is fixed from the first ones). */
export const MAX_IMPORT_PROBLEMS = 500;

export type ImportProblem = {
  where: { line?: number; item?: number; slug?: string };
  problem: FieldProblem | { field: "file"; code: ImportFileProblem };
};
export type ImportFileProblem =
  | "empty"
  | "tooLarge"
  | "notJson"
  | "notList"
  | "badCsv"
  | "noHeader"
  | "tooMany"
  | "otherInstitution"
  | "duplicateSlug"
  | "draftOpen"
  | "slugTaken";
export type ImportResult =
  | { ok: true; created: number; updated: number; published: boolean }
  | { ok: false; problems: ImportProblem[] }
  | { ok: false; refused: "forbidden" | "notFound" };

/** The institution's listings as documents: published (or withdrawn) state, not drafts. */
export async function exportListings(db: Database, actor: Actor, institutionId: string): Promise<ListingDocument[] | null> {
  if (!can.exportListings(actor, institutionId)) return null;
  const rows = await db
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.institutionId, institutionId), eq(services.status, "published")))
    .orderBy(asc(services.slugEn));
  const documents: ListingDocument[] = [];
  for (const row of rows) {
    const doc = await liveDocument(db, row.id);
    if (doc) documents.push(doc as unknown as ListingDocument);
  }
  return documents;
}

/** Columns: every form field any listing uses, in a stable order (the form's own). */
export function toCsv(documents: ListingDocument[]): string {
  const valueRows = documents.map(formFromDocument);
  const header: string[] = [];
  for (const values of valueRows)
    for (const key of Object.keys(values)) if (!header.includes(key) && !key.endsWith(".count")) header.push(key);
  // Keep row groups in index order whatever listing introduced them.
  header.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, "en", { numeric: true }));
  return writeCsv(
    header,
    valueRows.map((values) => header.map((key) => values[key] ?? "")),
  );
}

const order = [
  "slug",
  "institution",
  "competentAuthority",
  "name",
  "summary",
  "description",
  "audience",
  "categories",
  "lifeEvents",
  "requirements",
  "documents",
  "steps",
  "outputs",
  "fees",
  "feeNote",
  "processingTime",
  "channels",
  "legalBasis",
  "keywords",
  "sources",
  "needsReview",
  "reviewNote",
];
const rank = (key: string) => {
  const at = order.indexOf(key.split(".")[0]!);
  return at === -1 ? order.length : at;
};

/** Groups of rows (fees, channels…) with more than the form's rows: each row would be checked, and reported, on its own. */
function tooManyRows(doc: ListingDocument): FieldProblem[] {
  return (
    Object.keys(ROW_GROUPS)
      .filter((group) => Array.isArray(doc[group]) && (doc[group] as unknown[]).length > LIMITS.rows)
      // Said at the first row too many ("Fee 31: amount: too many rows").
      .map((group) => ({ field: `${group}.${LIMITS.rows}.${ROW_GROUPS[group as keyof typeof ROW_GROUPS][0]}`, code: "tooMany" }))
  );
}

type Parsed = { doc: ListingDocument; where: ImportProblem["where"]; problems: FieldProblem[] };

/**
 * Values over the editing form's limits (limits.ts): a file is held to what the form could hold,
 * before anything is built from it. Issue 21: a 5 MB cell of short lines became a list of a
 * million items, each a problem, and the portal ran out of memory reporting them.
 */
function overLimits(values: FormValues): FieldProblem[] {
  return Object.entries(values)
    .filter(([field, value]) => !field.endsWith(".count") && value.length > limitOf(field))
    .map(([field, value]) => ({
      field,
      code: "tooLong",
      params: { max: limitOf(field).toLocaleString("en"), length: value.length.toLocaleString("en") },
    }));
}

function parseJson(text: string): { listings: Parsed[] } | { problem: ImportFileProblem } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: "notJson" };
  }
  if (!Array.isArray(data) || data.some((item) => !item || typeof item !== "object" || Array.isArray(item))) return { problem: "notList" };
  return {
    listings: data.map((doc, i) => {
      const rows = tooManyRows(doc as ListingDocument);
      return {
        doc: doc as ListingDocument,
        where: { item: i + 1, slug: String((doc as { slug?: { en?: string } }).slug?.en ?? "").slice(0, 100) },
        problems: rows.length ? rows : overLimits(formFromDocument(doc as ListingDocument)),
      };
    }),
  };
}

function parseCsvListings(
  text: string,
  institutionSlug: string,
  existing: Map<string, ListingDocument>,
): { listings: Parsed[] } | { problem: ImportFileProblem; line?: number } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { problem: "badCsv", line: parsed.line };
  const [header, ...records] = parsed.records;
  if (!header || !header.cells.includes("slug.en")) return { problem: "noHeader", line: 1 };
  const columns = header.cells.map((c) => c.trim());
  return {
    listings: records.map((record) => {
      const values: Record<string, string> = {};
      columns.forEach((column, i) => (values[column] = csvValue(record.cells[i] ?? "")));
      for (const group of ["fees", "channels", "legalBasis", "sources"]) {
        const indexes = columns.filter((c) => c.startsWith(`${group}.`)).map((c) => Number(c.split(".")[1]));
        values[`${group}.count`] = String(indexes.length ? Math.max(...indexes) + 1 : 0);
      }
      const slug = (values["slug.en"] ?? "").trim().slice(0, 100);
      const problems = overLimits(values);
      if (problems.length) return { doc: {}, where: { line: record.line, slug }, problems };
      const base = existing.get(slug) ?? emptyDocument(values.institution || institutionSlug);
      return { doc: documentFromForm(values, base), where: { line: record.line, slug }, problems };
    }),
  };
}

/**
 * Checks the whole file, then applies it in one transaction. Listings are matched to the
 * institution's live ones by their English slug: a match becomes a new version of that listing,
 * the rest new listings. Without "publish" they wait in review; a publisher may publish at once.
 */
export async function importListings(
  db: Database,
  actor: Actor,
  input: { institutionId: string; fileName: string; content: Buffer; publish: boolean },
): Promise<ImportResult> {
  if (!can.importListings(actor, input.institutionId) || actor.kind !== "staff") return { ok: false, refused: "forbidden" };
  if (input.publish && !can.publishListing(actor, input.institutionId)) return { ok: false, refused: "forbidden" };
  const [institution] = await db.select({ slug: institutions.slug }).from(institutions).where(eq(institutions.id, input.institutionId));
  if (!institution) return { ok: false, refused: "notFound" };
  const fileProblem = (code: ImportFileProblem, where: ImportProblem["where"] = {}): ImportResult => ({
    ok: false,
    problems: [{ where, problem: { field: "file", code } }],
  });
  if (input.content.length === 0) return fileProblem("empty");
  if (input.content.length > MAX_IMPORT_BYTES) return fileProblem("tooLarge");

  const liveRows = await db.select({ id: services.id, slugEn: services.slugEn, institutionId: services.institutionId }).from(services);
  const ownLive = liveRows.filter((r) => r.institutionId === input.institutionId);
  const existing = new Map<string, ListingDocument>();
  for (const row of ownLive) {
    const doc = await liveDocument(db, row.id);
    if (doc) existing.set(row.slugEn, doc as unknown as ListingDocument);
  }

  const text = input.content.toString("utf8");
  const isJson = /\.json$/i.test(input.fileName) || /^\s*[[{]/.test(text);
  const parsed = isJson ? parseJson(text) : parseCsvListings(text, institution.slug, existing);
  if ("problem" in parsed) return fileProblem(parsed.problem, { line: (parsed as { line?: number }).line });
  if (parsed.listings.length === 0) return fileProblem("empty");
  if (parsed.listings.length > MAX_IMPORT_LISTINGS) return fileProblem("tooMany");

  const refs = await loadReferences(db);
  const problems: ImportProblem[] = [];
  const seenSlugs = new Set<string>();
  const plan: { doc: ListingDocument; serviceId: string | null; where: ImportProblem["where"] }[] = [];
  const openDrafts = await db
    .select({ serviceId: serviceVersions.serviceId })
    .from(serviceVersions)
    .where(and(eq(serviceVersions.institutionId, input.institutionId), inArray(serviceVersions.state, ["draft", "in_review"])));
  const withOpenDraft = new Set(openDrafts.map((d) => d.serviceId));

  for (const { doc: raw, where, problems: sizes } of parsed.listings) {
    if (problems.length >= MAX_IMPORT_PROBLEMS) break;
    if (sizes.length) {
      for (const problem of sizes) problems.push({ where, problem });
      continue;
    }
    const doc = { ...raw, institution: raw.institution ?? institution.slug };
    if (doc.institution !== institution.slug) {
      problems.push({ where, problem: { field: "file", code: "otherInstitution" } });
      continue;
    }
    const checked = checkDocument(doc, refs);
    if (!checked.ok) {
      for (const problem of checked.problems) problems.push({ where, problem });
      continue;
    }
    const { slug } = checked.listing;
    if (seenSlugs.has(slug.en) || seenSlugs.has(slug.sw)) problems.push({ where, problem: { field: "file", code: "duplicateSlug" } });
    seenSlugs.add(slug.en);
    seenSlugs.add(slug.sw);
    const own = ownLive.find((r) => r.slugEn === slug.en);
    if (!own && liveRows.some((r) => r.slugEn === slug.en)) problems.push({ where, problem: { field: "file", code: "slugTaken" } });
    if (own && withOpenDraft.has(own.id)) problems.push({ where, problem: { field: "file", code: "draftOpen" } });
    plan.push({ doc: checked.listing as unknown as ListingDocument, serviceId: own?.id ?? null, where });
  }
  if (problems.length) return { ok: false, problems: problems.slice(0, MAX_IMPORT_PROBLEMS) };

  // All checked: apply every listing, or (should anything fail now) none.
  try {
    return await db.transaction(async (tx) => {
      let created = 0;
      let updated = 0;
      for (const item of plan) {
        let number = 1;
        if (item.serviceId) {
          const [last] = await tx
            .select({ number: serviceVersions.number })
            .from(serviceVersions)
            .where(eq(serviceVersions.serviceId, item.serviceId))
            .orderBy(desc(serviceVersions.number))
            .limit(1);
          if (!last) {
            // Its live state becomes version 1, so that the history shows what the import changed.
            await tx.insert(serviceVersions).values({
              serviceId: item.serviceId,
              institutionId: input.institutionId,
              number: 1,
              state: "published",
              content: existing.get(String((item.doc.slug as { en: string }).en))!,
              comment: "catalogue data files",
            });
            number = 2;
          } else number = last.number + 1;
        }
        const [version] = await tx
          .insert(serviceVersions)
          .values({
            serviceId: item.serviceId,
            institutionId: input.institutionId,
            number,
            state: "in_review",
            content: item.doc,
            comment: `import: ${input.fileName.slice(0, 100)}`,
            createdBy: actor.staffId,
            updatedBy: actor.staffId,
            submittedBy: actor.staffId,
            submittedAt: new Date(),
          })
          .returning();
        if (input.publish) {
          const published = await publishInTransaction(tx, actor, version as Version, ["in_review"]);
          if (!published.ok) throw new ImportAborted(item.where, published.problems ?? []);
        }
        if (item.serviceId) updated++;
        else created++;
      }
      await recordAudit(tx, {
        staffId: actor.staffId,
        action: "import.apply",
        entity: "institution",
        entityId: input.institutionId,
        institutionId: input.institutionId,
        after: { file: input.fileName.slice(0, 100), created, updated, published: input.publish },
      });
      return { ok: true as const, created, updated, published: input.publish };
    });
  } catch (error) {
    if (error instanceof ImportAborted) return { ok: false, problems: error.problems.map((problem) => ({ where: error.where, problem })) };
    throw error;
  }
}

class ImportAborted extends Error {
  constructor(
    readonly where: ImportProblem["where"],
    readonly problems: FieldProblem[],
  ) {
    super("import aborted");
  }
}
