/**
 * Feedback tracking references as people type them back: from an SMS, a note on paper, a phone
 * keyboard that capitalises nothing or puts a long dash for "-". The canonical form is
 * MRJ-XXXX-XXXX (upper case, two hyphens); the look-up and the address use only that form.
 */

const canonical = /^MRJ-[A-Z0-9]{4}-[A-Z0-9]{4}$/;

/**
 * A reference is the only key to a submission's status: look-ups by one caller (an address on the
 * web, a phone on USSD) are limited, wherever they are made, so that guessing them is slowed down.
 * Past the limit a real reference is answered as an unknown one is.
 */
export const FEEDBACK_LOOKUPS = { bucket: "feedback-lookup", limit: 60, windowSeconds: 3600 } as const;

// Spaces of every kind (with the invisible ones a copy can bring), every dash (hyphen, en and
// em dash, minus sign…), and the full stop or comma an SMS puts after the reference.
const separators = /[\s\p{Pd}\u2212\u200b-\u200d\u2060\ufeff.,_]/gu;

/**
 * "mrj dams trkn", "MRJDAMSTRKN", " MRJ–dams–TRKN. " and "DAMS TRKN" all give "MRJ-DAMS-TRKN";
 * anything that is not MRJ and eight letters or digits gives null.
 */
export function normaliseReference(typed: unknown): string | null {
  if (typeof typed !== "string") return null;
  const compact = typed.slice(0, 64).normalize("NFKC").replace(separators, "").toUpperCase();
  const body = /^MRJ[A-Z0-9]{8}$/.test(compact) ? compact.slice(3) : /^[A-Z0-9]{8}$/.test(compact) ? compact : null;
  return body ? `MRJ-${body.slice(0, 4)}-${body.slice(4)}` : null;
}

export function isCanonicalReference(value: string): boolean {
  return canonical.test(value);
}
