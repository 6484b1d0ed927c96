import { z } from "zod";
import type { Catalogue } from "@/lib/catalogue/catalogue";
import type { Locale } from "@/lib/i18n/config";
import { optionalMobile } from "@/lib/notifications/phone";
import { resolveInstitution } from "./institutions";

export const feedbackKinds = ["complaint", "suggestion", "inquiry", "compliment"] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

/**
 * A submission as typed. Messages are problem names, said from the "feedback" namespace's
 * `errors` in the page's language, beside their field. The phone comes out in international form.
 */
export const feedbackInput = z.object({
  kind: z.enum(feedbackKinds, { error: "kind" }),
  institution: z.string().trim().min(1, { error: "institution" }).max(200, { error: "institution" }),
  subject: z.string().trim().min(3, { error: "subjectShort" }).max(150, { error: "subjectLong" }),
  message: z.string().trim().min(10, { error: "messageShort" }).max(5000, { error: "messageLong" }),
  name: z.string().trim().max(100, { error: "nameLong" }),
  phone: optionalMobile("phone"),
});

/**
 * The whole form as the action takes it: besides the fields, the institution found from what
 * was typed (or the names it may have meant), and the attachment checked by its size and bytes.
 */
export function feedbackForm(catalogue: Catalogue, locale: Locale) {
  return feedbackInput.extend({
    institution: feedbackInput.shape.institution.transform((typed, context) => {
      const found = resolveInstitution(catalogue, typed, locale);
      if ("institution" in found) return found.institution.id;
      const suggestions = found.suggestions.join("; ");
      context.issues.push({
        code: "custom",
        input: typed,
        message: suggestions ? "institutionUnknown" : "institution",
        params: { suggestions },
      });
      return z.NEVER;
    }),
    attachment: z.unknown().transform(async (file, context) => {
      if (!(file instanceof File) || file.size === 0) return null;
      const problem = (message: string) => {
        context.issues.push({ code: "custom", input: file.name, message });
        return z.NEVER;
      };
      if (file.size > MAX_ATTACHMENT_BYTES) return problem("attachmentSize");
      const content = Buffer.from(await file.arrayBuffer());
      const mimeType = sniffAttachment(content);
      if (!mimeType) return problem("attachmentType");
      return { fileName: safeFileName(file.name, mimeType), mimeType, content };
    }),
  });
}

export type FeedbackField = "kind" | "institution" | "subject" | "message" | "name" | "phone" | "attachment";
export type FeedbackValues = Record<FeedbackField, string>;

/** The attachment's real type, read from its first bytes (never from its name or the browser's word). */
export function sniffAttachment(bytes: Uint8Array): "application/pdf" | "image/jpeg" | "image/png" | null {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  return null;
}

/** A file name safe to store and show: no path, no control characters, not too long. */
export function safeFileName(name: string, mimeType: string): string {
  const base = name
    .split(/[\\/]/)
    .pop()!
    .replace(/[^\p{L}\p{N}._ -]+/gu, "_")
    .slice(0, 100)
    .trim();
  const extension = { "application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png" }[mimeType] ?? "";
  return base && base.toLowerCase().endsWith(extension) ? base : `${base || "attachment"}${extension}`;
}
