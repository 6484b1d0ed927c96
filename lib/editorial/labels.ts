import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import type { FieldProblem } from "./document";

/** The name a person reads for a form field: "Name (English)", "Fee 2: amount". */
export function fieldLabel(locale: Locale, field: string): string {
  const t = getT(locale, "staff");
  const lang = (code: string) => t(`langs.${code as "sw" | "en"}`);
  const row = /^(fees|channels|legalBasis|sources)\.(\d+)\.(.+)$/.exec(field);
  if (row) {
    const [, group, index, rest] = row;
    const [part, code] = rest!.split(".");
    const label = t(`fields.${group as "fees"}.${part as "amount"}`);
    return `${t(`fields.${group as "fees"}.row`, { n: Number(index) + 1 })}: ${label}${code ? ` (${lang(code)})` : ""}`;
  }
  const [base, code] = field.split(".");
  const key =
    base === "processingTime" && code === "iso"
      ? "processingTimeIso"
      : base === "processingTime" && code === "source"
        ? "processingTimeSource"
        : base;
  const known = t(`fields.${key as "name"}`, { defaultValue: "" });
  const label = known || field;
  return code === "sw" || code === "en" ? `${label} (${lang(code)})` : label;
}

const hinted = new Set([
  "slug",
  "amount",
  "gfsCode",
  "asOf",
  "url",
  "source",
  "target",
  "iso",
  "date",
  "confidence",
  "audience",
  "currency",
  "kind",
]);

/** A problem as a sentence for the person who can fix it. */
export function problemText(locale: Locale, problem: FieldProblem): string {
  const t = getT(locale, "staff");
  const field = fieldLabel(locale, problem.field) + (problem.params?.item ? `, ${t("problems.line", { n: problem.params.item })}` : "");
  const last =
    problem.field
      .split(".")
      .filter((part) => !/^\d+$/.test(part) && part !== "sw" && part !== "en")
      .pop() ?? "";
  switch (problem.code) {
    case "invalid":
      return hinted.has(last)
        ? t("problems.invalidWithHint", { field, hint: t(`hints.${last as "slug"}`) })
        : t("problems.invalid", { field });
    case "tooLong":
      return t("problems.tooLong", { field, max: problem.params?.max ?? "", length: problem.params?.length ?? "" });
    case "unknownReference":
      return t("problems.unknownReference", { field, value: problem.params?.value ?? "" });
    default:
      return t(`problems.${problem.code}`, { field });
  }
}

/** Problems by form field, the first of each; for the messages beside the fields. */
export function problemsByField(locale: Locale, problems: FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const problem of problems) out[problem.field] ??= problemText(locale, problem);
  return out;
}
