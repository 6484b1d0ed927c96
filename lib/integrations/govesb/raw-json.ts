/**
 * The exact text of a top-level member of a JSON object, as received. A signature covers the
 * bytes that were sent; parsing and re-serialising could change them (spacing, escapes, key
 * order, number forms), so the signed part is cut out of the received text instead.
 */
export function rawMember(json: string, key: string): string | undefined {
  let i = skipSpace(json, 0);
  if (json[i] !== "{") return undefined;
  i++;
  while (i < json.length) {
    i = skipSpace(json, i);
    if (json[i] === "}") return undefined;
    if (json[i] !== '"') return undefined;
    const keyEnd = endOfString(json, i);
    if (keyEnd < 0) return undefined;
    const name = stringAt(json.slice(i, keyEnd));
    if (name === undefined) return undefined;
    i = skipSpace(json, keyEnd);
    if (json[i] !== ":") return undefined;
    const start = skipSpace(json, i + 1);
    const end = endOfValue(json, start);
    if (end < 0) return undefined;
    if (name === key) return json.slice(start, end);
    i = skipSpace(json, end);
    if (json[i] === ",") i++;
    else if (json[i] === "}") return undefined;
    else return undefined;
  }
  return undefined;
}

/** A JSON string's value, or undefined when it is not one (an escape JSON does not have: "\x"). */
function stringAt(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  return i;
}

/** Index just after the string starting at i, or -1. */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === '"') return j + 1;
  }
  return -1;
}

/** Index just after the value starting at i (object, array, string or literal), or -1. */
function endOfValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return endOfString(text, i);
  if (first === "{" || first === "[") {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const ch = text[j];
      if (ch === '"') {
        j = endOfString(text, j) - 1;
        if (j < 0) return -1;
      } else if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < text.length && !",}] \t\n\r".includes(text[j]!)) j++;
  return j > i ? j : -1;
}
