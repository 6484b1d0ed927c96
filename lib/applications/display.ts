import type { Locale } from "@/lib/i18n/config";
import type { AnswerValue, Answers } from "./answers";
import type { Question } from "./form-schema";

/**
 * Answers as a page shows them: in the fields of a question page (a date as its three boxes, a
 * list joined), and as words on the check page and the application's page (an option's label,
 * yes or no, a date as people write it, a district with its region).
 */

/** The saved answers as the question page's fields show them again. */
export function fieldValues(questions: readonly Question[], answers: Answers): Record<string, string> {
  const values: Record<string, string> = {};
  for (const question of questions) {
    const value = answers[question.id];
    if (value === undefined) continue;
    if (question.kind === "date" && typeof value === "string") {
      const [year, month, day] = value.split("-");
      values[`${question.id}_day`] = String(Number(day));
      values[`${question.id}_month`] = String(Number(month));
      values[`${question.id}_year`] = year!;
    } else if (Array.isArray(value)) values[question.id] = value.join("\u001f");
    else if (typeof value === "boolean") values[question.id] = value ? "yes" : "no";
    else if (typeof value === "number") values[question.id] = String(value);
    else if (typeof value === "string") values[question.id] = value;
    else if ("region" in value) values[question.id] = `${value.region}|${value.district}`;
  }
  return values;
}

export type Words = { yes: string; no: string; formatDate: (iso: string) => string };

/** An answer in words, in the page's language. */
export function answerInWords(question: Question, value: AnswerValue, locale: Locale, words: Words): string {
  const label = (v: string) => ("options" in question ? (question.options.find((o) => o.value === v)?.label[locale] ?? v) : v);
  if (typeof value === "boolean") return value ? words.yes : words.no;
  if (Array.isArray(value)) return value.map(label).join(", ");
  if (typeof value === "number")
    return `${value.toLocaleString(locale === "sw" ? "sw-TZ" : "en-GB")}${"unit" in question && question.unit ? ` ${question.unit[locale]}` : ""}`;
  if (typeof value === "string") {
    if (question.kind === "date") return words.formatDate(value);
    if (question.kind === "oneOf") return label(value);
    if (question.kind === "phone" && /^255\d{9}$/.test(value)) return `+255 ${value.slice(3, 6)} ${value.slice(6, 9)} ${value.slice(9)}`;
    return value;
  }
  if ("region" in value) return `${value.district}, ${value.region}`;
  return value.fileName;
}
