"use server";

import type { TFunction } from "i18next";
import { z } from "zod";
import { staffAction } from "@/lib/actions/client";
import { currentCatalogue, refreshCatalogue } from "@/lib/catalogue/current";
import * as bulk from "@/lib/editorial/bulk";
import { problemText } from "@/lib/editorial/labels";
import { can } from "@/lib/security/permissions";

// Importing is for the editorial area (can.useEditorialArea); lib/editorial/bulk then asks
// can.importListings (and can.publishListing) of the institution.

/** Where in the file a problem is: a line of a CSV, an item of a JSON list, or the file. */
function where(t: TFunction<"staff">, problem: bulk.ImportProblem): string {
  const { line, item, slug } = problem.where;
  const place = line ? t("import.line", { n: line }) : item ? t("import.item", { n: item }) : t("import.file");
  return slug ? `${place} (${slug})` : place;
}

/** Checks the file whole and applies it all, or reports every problem by line and changes nothing. */
export const importListings = staffAction.withState({
  name: "importListings",
  namespace: "staff",
  problemsAt: ["import.problems", "problems"],
  permission: can.useEditorialArea,
  schema: z.object({
    institution: z.string().max(100).default(""),
    publish: z
      .string()
      .optional()
      .transform((publish) => publish === "on"),
    file: z
      .instanceof(File, { error: "noFile" })
      .refine((file) => file.size > 0, { error: "noFile" })
      .refine((file) => file.size <= bulk.MAX_IMPORT_BYTES, { error: "tooLarge" }),
  }),
  keep: ["institution", "publish"],
  run: async ({ institution: slug, publish, file }, { db, actor, locale, t, fail }) => {
    const institution = (await currentCatalogue()).institutionBySlug.get(slug);
    if (!institution) return { ok: false, problem: "notFound" };
    const result = await bulk.importListings(db, actor, {
      institutionId: institution.id,
      fileName: file.name,
      content: Buffer.from(await file.arrayBuffer()),
      publish,
    });
    if ("refused" in result) return { ok: false, problem: result.refused };
    if (!result.ok) {
      const report = result.problems
        .slice(0, bulk.MAX_IMPORT_PROBLEMS)
        .map(
          (p) =>
            `${where(t, p)}: ${p.problem.field === "file" ? t(`import.problems.${p.problem.code as "empty"}`) : problemText(locale, p.problem as Parameters<typeof problemText>[1])}`,
        );
      return fail({ fieldErrors: {}, message: t("import.rejected", { count: report.length }), details: report });
    }
    if (result.published) await refreshCatalogue();
    return {
      ok: true,
      values: { institution: slug, publish: publish ? "on" : "" },
      message: t(result.published ? "import.published" : "import.inReview", { created: result.created, updated: result.updated }),
    };
  },
});
