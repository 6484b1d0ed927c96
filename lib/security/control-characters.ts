/**
 * Control characters in what people send: NUL (U+0000) and the rest of C0, but for tab, line
 * feed and carriage return. Nobody types one on purpose; they come with pasted text or a crafted
 * request, and PostgreSQL refuses a NUL in text outright (error 22021), so a form that let one
 * through would fail on every try. Server Actions refuse them (lib/actions/client.ts); the USSD
 * channel, where a keypad cannot type one, drops them (lib/ussd/sessions.ts).
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const CONTROLS = new RegExp(CONTROL.source, "g");

/** Whether the text holds a control character that is refused. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
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
