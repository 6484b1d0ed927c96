import { z } from "zod";

export const problemKinds = ["wrong_information", "out_of_date", "broken_link", "hard_to_understand", "other"] as const;

/**
 * A problem report as submitted. Messages are translation keys of the "report" namespace, so
 * that the form shows each error in the page's language next to its field.
 */
export const problemReportInput = z.object({
  kind: z.enum(problemKinds, { error: "errors.kind" }),
  details: z
    .string()
    .trim()
    .min(10, { error: "errors.detailsShort" })
    .max(2000, { error: "errors.detailsLong" }),
  contact: z
    .string()
    .trim()
    .max(120, { error: "errors.contactLong" })
    .transform((value) => (value === "" ? null : value)),
  // A field people never see: only robots fill it in.
  website: z.string().max(0, { error: "errors.robot" }),
});

export type ProblemReportInput = z.infer<typeof problemReportInput>;
export type ProblemReportField = "kind" | "details" | "contact";
