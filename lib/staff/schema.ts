import { z } from "zod";
import type { CatalogueInstitution } from "@/lib/catalogue/model";

/*
 * Staff accounts' form fields as their actions take them. Messages are problem names, said from
 * the "staff" namespace where the form is shown (`people.problems`, `code.problems`).
 */

export const staffRoles = ["admin", "publisher", "editor"] as const;

/** The 6 digits an authenticator app shows, typed with or without spaces. */
export const authenticatorCode = z
  .string({ error: "codeFormat" })
  .overwrite((typed) => typed.replace(/\s/g, ""))
  .regex(/^\d{6}$/, { error: "codeFormat" });

/**
 * An invitation as the administrators' form sends it. The institution comes as its slug and
 * leaves as its id; an editor or a publisher needs one, an administrator answers for all.
 */
export function invitationForm(institutionBySlug: Map<string, CatalogueInstitution>) {
  return z
    .object({
      email: z
        .string({ error: "email" })
        .trim()
        .max(200, { error: "email" })
        .pipe(z.email({ error: "email" })),
      name: z.string({ error: "name" }).trim().min(2, { error: "name" }).max(200, { error: "name" }),
      role: z.enum(staffRoles, { error: "role" }),
      institution: z
        .string({ error: "institution" })
        .max(100, { error: "institution" })
        .transform((slug) => institutionBySlug.get(slug)?.id ?? null),
    })
    .refine((invitation) => invitation.role === "admin" || invitation.institution !== null, {
      path: ["institution"],
      error: "institution",
    });
}

export type InvitationValues = Record<"email" | "name" | "role" | "institution", string>;
