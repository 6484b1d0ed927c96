"use server";

import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { institutions } from "@/db/schema";
import { refreshCatalogue } from "@/lib/catalogue/current";
import { importListings, MAX_IMPORT_BYTES, type ImportProblem } from "@/lib/editorial/bulk";
import { problemText } from "@/lib/editorial/labels";
import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { currentStaffActor } from "@/lib/security/permissions";
import { localeOf, text } from "@/lib/staff/pages";

export type ImportState = { message: string | null; ok: boolean; report: string[]; institution: string; publish: boolean };

function where(locale: Locale, problem: ImportProblem): string {
  const t = getT(locale, "staff");
  const { line, item, slug } = problem.where;
  const place = line ? t("import.line", { n: line }) : item ? t("import.item", { n: item }) : t("import.file");
  return slug ? `${place} (${slug})` : place;
}

/** Checks the file whole and applies it all, or reports every problem by line and changes nothing. */
export async function importAction(_previous: ImportState, form: FormData): Promise<ImportState> {
  const locale = localeOf(form);
  const t = getT(locale, "staff");
  const institutionSlug = text(form.get("institution")).slice(0, 100);
  const publish = form.get("publish") === "on";
  const state = (message: string, report: string[] = [], ok = false): ImportState => ({ message, ok, report, institution: institutionSlug, publish });
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return state(t("import.problems.noFile"));
  if (file.size > MAX_IMPORT_BYTES) return state(t("import.problems.tooLarge"));
  const db = await getDb();
  const [institution] = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.slug, institutionSlug));
  if (!institution) return state(t("problems.notFound"));
  const result = await importListings(db, await currentStaffActor(), {
    institutionId: institution.id,
    fileName: file.name,
    content: Buffer.from(await file.arrayBuffer()),
    publish,
  });
  if ("refused" in result) return state(t(`problems.${result.refused}`));
  if (!result.ok) {
    const report = result.problems.map((p) => `${where(locale, p)}: ${p.problem.field === "file" ? t(`import.problems.${p.problem.code as "empty"}`) : problemText(locale, p.problem as Parameters<typeof problemText>[1])}`);
    return state(t("import.rejected", { count: report.length }), report.slice(0, 500));
  }
  if (result.published) await refreshCatalogue();
  return state(t(result.published ? "import.published" : "import.inReview", { created: result.created, updated: result.updated }), [], true);
}
