/**
 * What a feature phone can show: the GSM 03.38 default alphabet (GSM-7), and a USSD screen of at
 * most 182 characters. Texts from the catalogue are written for the web (curly quotes, dashes,
 * accented names); here they are brought down to what every handset draws.
 */

export const SCREEN_LIMIT = 182;

const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
// The extension table: each costs two characters (an escape and the character).
const EXTENDED = "^{}\\[~]|€";
const GSM = new Set([...BASIC, ...EXTENDED]);

const REPLACE: Record<string, string> = {
  "‘": "'",
  "’": "'",
  "‚": "'",
  "“": '"',
  "”": '"',
  "„": '"',
  "–": "-",
  "—": "-",
  "‑": "-",
  "…": "...",
  "•": "-",
  "·": "-",
  "→": ">",
  "←": "<",
  "×": "x",
  "\u00a0": " ",
  "\t": " ",
};

/** The text with every character a phone cannot show replaced by its nearest plain form, or dropped. */
export function toGsm(text: string): string {
  let out = "";
  for (const char of text.normalize("NFC")) {
    if (GSM.has(char) && !EXTENDED.includes(char)) out += char;
    else if (REPLACE[char] !== undefined) out += REPLACE[char];
    else {
      // Accented letters lose their accents (â → a); anything else goes.
      const plain = char.normalize("NFD").replace(/\p{M}/gu, "");
      if (plain.length === 1 && GSM.has(plain) && !EXTENDED.includes(plain)) out += plain;
    }
  }
  return out;
}

/** Whether every character is in the GSM-7 default alphabet (the extension table excluded). */
export function isGsm(text: string): boolean {
  return [...text].every((char) => GSM.has(char) && !EXTENDED.includes(char));
}

/** Cut to `max` characters at a word boundary, ending "..." when something was cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 3));
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}...`;
}

/**
 * Lines of text in screens: each screen at most `room` characters, lines kept whole where they
 * fit and a long line broken between words, so that a service's details read over as many
 * screens as they need.
 */
export function pages(lines: readonly string[], room: number): string[] {
  const pieces: string[] = [];
  for (const line of lines) {
    let rest = "";
    for (const word of line.split(/\s+/).filter(Boolean)) {
      const piece = word.length > room ? clip(word, room) : word;
      if (rest && rest.length + 1 + piece.length > room) {
        pieces.push(rest);
        rest = piece;
      } else rest = rest ? `${rest} ${piece}` : piece;
    }
    if (rest) pieces.push(rest);
  }
  const out: string[] = [];
  let screen = "";
  for (const piece of pieces) {
    if (screen && screen.length + 1 + piece.length > room) {
      out.push(screen);
      screen = piece;
    } else screen = screen ? `${screen}\n${piece}` : piece;
  }
  if (screen) out.push(screen);
  return out.length ? out : [""];
}
