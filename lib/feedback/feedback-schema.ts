import { z } from "zod";
import { toInternationalMobile } from "@/lib/notifications/phone";

export const feedbackKinds = ["complaint", "suggestion", "inquiry", "compliment"] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

/**
 * A submission as typed. Messages are keys of the "feedback" translation namespace, so each
 * error shows in the page's language beside its field.
 */
export const feedbackInput = z.object({
  kind: z.enum(feedbackKinds, { error: "errors.kind" }),
  institution: z.string().trim().min(1, { error: "errors.institution" }).max(200, { error: "errors.institution" }),
  subject: z.string().trim().min(3, { error: "errors.subjectShort" }).max(150, { error: "errors.subjectLong" }),
  message: z.string().trim().min(10, { error: "errors.messageShort" }).max(5000, { error: "errors.messageLong" }),
  name: z.string().trim().max(100, { error: "errors.nameLong" }),
  phone: z
    .string()
    .trim()
    .max(20, { error: "errors.phone" })
    .refine((value) => value === "" || toInternationalMobile(value) !== undefined, { error: "errors.phone" }),
  // A field people never see: only robots fill it in.
  website: z.string().max(0, { error: "errors.robot" }),
});

export type FeedbackField = "kind" | "institution" | "subject" | "message" | "name" | "phone" | "attachment";

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
  const base = name.split(/[\\/]/).pop()!.replace(/[^\p{L}\p{N}._ -]+/gu, "_").slice(0, 100).trim();
  const extension = { "application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png" }[mimeType] ?? "";
  return base && base.toLowerCase().endsWith(extension) ? base : `${base || "attachment"}${extension}`;
}
