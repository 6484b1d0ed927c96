/**
 * What a form's action answers (lib/actions/client.ts), shared with the forms that show it:
 * no server code here. A success carries what the action chose to say; a failure always has the
 * same four parts, so that every form shows them the same way.
 */

/** What was typed, by field name, to be shown again in the form. */
export type Values = Record<string, string>;

/** A message per field, shown beside it and in the error summary. */
export type FieldErrors = Record<string, string>;

export type Failure<V extends Values = Values> = {
  ok: false;
  fieldErrors: FieldErrors;
  /** Said above the form, about the request as a whole. */
  message: string | null;
  /** What was typed, kept (never a password, and a file as its name). */
  values: V;
  /** The problem's name, for a form that shows more for one of them (the NIN form when paused). */
  problem?: string;
  /** Lines that go with the message (an import's problems, by line). */
  details?: string[];
};

export type ActionResult<T extends object = object, V extends Values = Values> = ({ ok: true } & T) | Failure<V>;

/** A form's state before it is sent: nothing to say yet, and the values it starts with. */
export function idle<V extends Values>(values: V): Failure<V> {
  return { ok: false, fieldErrors: {}, message: null, values };
}

/** The field only robots fill in (the Honeypot form part); an action with `honeypot` refuses them. */
export const HONEYPOT = "website";
