/**
 * Control characters in what people send: NUL (U+0000) and the rest of C0, but for tab, line
 * feed and carriage return. Nobody types one on purpose; they come with pasted text or a crafted
 * request, and PostgreSQL refuses a NUL in text outright (error 22021), so a form that let one
 * through would fail on every try. Server Actions refuse them (lib/actions/client.ts); the USSD
 * channel, where a keypad cannot type one, drops them (lib/ussd/sessions.ts).
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const CONTROLS = new RegExp(CONTROL.source, "g");

/**
 * Half of a surrogate pair without its other half: not text at all. A browser's form never sends
 * one, but JSON can ("\ud800"), and cutting text in the middle of a pair leaves one; PostgreSQL
 * refuses it in jsonb (22P02) and encodeURIComponent throws on it.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** Whether the text holds a control character that is refused. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** Whether the text holds half of a surrogate pair alone. */
export function hasLoneSurrogates(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The text with each half of a surrogate pair alone as "�". */
export function withoutLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATES, "\uFFFD");
}

/** Whether the text can be stored and shown as it is: no refused control character, no half of a surrogate pair. */
export function isCleanText(text: string): boolean {
  return !hasControlCharacters(text) && !hasLoneSurrogates(text);
}

/**
 * Text from another system, made storable: without its refused control characters, each half of
 * a surrogate pair alone as "�". For words to show (a reply, a note), where refusing the whole
 * message for an invisible character would lose what it says.
 */
export function cleanText(text: string): string {
  return withoutLoneSurrogates(withoutControlCharacters(text));
}

/** The text without its refused control characters. */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROLS, "");
}

/**
 * The text as a form shows it again after refusing it: each control character as "�", which a
 * browser draws where an invisible character would not be seen, so the citizen can find it.
 */
export function showControlCharacters(text: string): string {
  return text.replace(CONTROLS, "\uFFFD");
}
