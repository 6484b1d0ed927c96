import { z } from "zod";

/*
 * The editorial area's form fields as its actions take them. Messages are problem names, said
 * from the "staff" namespace (`problems`) on the form or on the page the action goes back to.
 */

/** A record's id from a hidden field: one that cannot be an id is one that is not found. */
export const recordId = z.string({ error: "notFound" }).max(40, { error: "notFound" });

/** An optional note (to a reviewer, a reason, what was done): at most 2,000 characters kept. */
export const optionalNote = z
  .string()
  .optional()
  .transform((note) => note?.trim().slice(0, 2000) || null);

/** One language of a listing's maintenance notice: both languages are needed, each short. */
export const noticeText = z.string({ error: "noticeBoth" }).trim().min(1, { error: "noticeBoth" }).max(500, { error: "noticeLong" });
