import type { TFunction } from "i18next";

/** The problems an application's pages show from ?problem=name; any other value shows nothing. */
const PROBLEMS = [
  "notFound",
  "notDraft",
  "incomplete",
  "formWithdrawn",
  "noForm",
  "signInAgain",
  "tooMany",
  "rateLimited",
  "failed",
] as const;

export function problemNotice(t: TFunction<"applications">, problem: string | undefined): string | null {
  return PROBLEMS.find((name) => name === problem) ? t(`errors.${problem as (typeof PROBLEMS)[number]}`) : null;
}
