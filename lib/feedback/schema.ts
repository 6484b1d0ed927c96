import { z } from "zod";

export const problemKinds = ["wrong_information", "out_of_date", "broken_link", "hard_to_understand", "other"] as const;

/**
 * A problem report as submitted. Messages are problem names, said from the "report" namespace's
 * `errors` in the page's language, next to their field.
 */
export const problemReportInput = z.object({
  kind: z.enum(problemKinds, { error: "kind" }),
  details: z.string().trim().min(10, { error: "detailsShort" }).max(2000, { error: "detailsLong" }),
  contact: z
    .string()
    .trim()
    .max(120, { error: "contactLong" })
    .transform((value) => (value === "" ? null : value)),
});

export type ProblemReportInput = z.infer<typeof problemReportInput>;
export type ProblemReportValues = Record<"kind" | "details" | "contact", string>;
