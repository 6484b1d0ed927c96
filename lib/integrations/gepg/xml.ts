/**
 * The XML GePG speaks, and no more: elements that hold either text or child elements, no
 * namespaces in use, UTF-8. A general XML library would bring DTDs, external entities and
 * entity expansion (XXE, "billion laughs") into a payment callback that anyone can reach, so
 * this reader refuses a DOCTYPE outright and knows only the five predefined entities (and
 * numeric character references, which expand to one character each).
 *
 * Every element remembers where it starts and ends in the source text, so that a signature can
 * be checked over the bytes exactly as received (signature.ts) rather than over a re-serialised
 * copy.
 */

export class XmlError extends Error {
  override name = "XmlError";
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

export type XmlElement = {
  name: string;
  /** Attributes as given; GePG's messages carry none, but a declaration such as xmlns is harmless. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The decoded text of an element without child elements ("" for one with children). */
  text: string;
  /** Index of the element's "<" in the source. */
  start: number;
  /** Index just after the ">" of its end tag (or of its empty-element tag). */
  end: number;
};

export type ParseOptions = {
  /** Deepest nesting accepted; GePG's deepest path (Gepg/billSubReq/BillDtls/BillDtl/BillItems/BillItem/x) is 7. */
  maxDepth?: number;
};

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

// XML 1.0 Char production; with the u flag a lone surrogate is one code point, and not allowed.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = /[A-Za-z_][A-Za-z0-9._-]*/y;
const SPACE = /[ \t\r\n]*/y;
const DECLARATION =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\4)?[ \t\r\n]*\?>/y;

function isXmlChar(codePoint: number): boolean {
  return !NOT_XML_CHAR.test(String.fromCodePoint(codePoint));
}

function where(source: string, offset: number): string {
  const before = source.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

function fail(source: string, offset: number, message: string): never {
  throw new XmlError(`${message} (${where(source, offset)})`, offset);
}

/** Expands the references in raw text or an attribute value; `offset` is where `raw` starts. */
function decode(source: string, raw: string, offset: number): string {
  // End-of-line handling (XML 1.0 §2.11): a parser hands CR LF and lone CR on as LF.
  const text = raw.includes("\r") ? raw.replace(/\r\n?/g, "\n") : raw;
  if (!text.includes("&")) return text;
  return text.replace(/&([^;&]*);?/g, (match, body: string, at: number) => {
    if (!match.endsWith(";")) fail(source, offset + at, `"&" must start an entity such as &amp;`);
    if (body in PREDEFINED) return PREDEFINED[body]!;
    const numeric = /^#(?:([0-9]{1,7})|x([0-9A-Fa-f]{1,6}))$/.exec(body);
    if (numeric) {
      const codePoint = numeric[1] !== undefined ? Number(numeric[1]) : parseInt(numeric[2]!, 16);
      if (codePoint <= 0x10ffff && isXmlChar(codePoint)) return String.fromCodePoint(codePoint);
      fail(source, offset + at, `&${body}; is not a character XML allows`);
    }
    return fail(source, offset + at, `Unknown entity &${body}; (only &lt; &gt; &amp; &quot; &apos; are accepted)`);
  });
}

function readName(source: string, i: number): string | null {
  NAME.lastIndex = i;
  const match = NAME.exec(source);
  return match ? match[0] : null;
}

function skipSpace(source: string, i: number): number {
  SPACE.lastIndex = i;
  SPACE.exec(source);
  return SPACE.lastIndex;
}

/** Comments are skipped; DOCTYPE, other declarations and processing instructions are refused. */
function skipMarkupOutsideText(source: string, i: number): number | null {
  if (source.startsWith("<!--", i)) {
    const close = source.indexOf("-->", i + 4);
    if (close < 0) fail(source, i, "Unterminated comment");
    if (source.slice(i + 4, close).includes("--")) fail(source, i, `"--" is not allowed inside a comment`);
    return close + 3;
  }
  if (source.startsWith("<!DOCTYPE", i) || source.startsWith("<!doctype", i)) {
    fail(source, i, "DOCTYPE is not allowed");
  }
  if (source.startsWith("<!", i)) fail(source, i, "Declarations are not allowed");
  if (source.startsWith("<?", i)) fail(source, i, "Processing instructions are not allowed");
  return null;
}

/** Whitespace and comments before or after the root element. */
function skipMisc(source: string, i: number): number {
  for (;;) {
    i = skipSpace(source, i);
    const next = skipMarkupOutsideText(source, i);
    if (next === null) return i;
    i = next;
  }
}

type Open = { element: XmlElement; hasText: boolean; textParts: string[] };

/**
 * Parses a whole document and returns its root element. Throws XmlError, naming the line and
 * column, on anything outside the subset described above.
 */
export function parseXml(source: string, options: ParseOptions = {}): XmlElement {
  const maxDepth = options.maxDepth ?? 16;
  const bad = NOT_XML_CHAR.exec(source);
  if (bad)
    fail(source, bad.index, `Character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} is not allowed in XML`);

  let i = source.startsWith("\uFEFF") ? 1 : 0;
  if (source.startsWith("<?xml", i) && /^<\?xml[ \t\r\n?]/.test(source.slice(i, i + 6))) {
    DECLARATION.lastIndex = i;
    const match = DECLARATION.exec(source);
    if (!match) fail(source, i, "Malformed XML declaration (expected version 1.0)");
    const encoding = match[3];
    if (encoding !== undefined && encoding.toLowerCase() !== "utf-8") {
      fail(source, i, `Encoding ${encoding} is not supported; GePG messages are UTF-8`);
    }
    i = DECLARATION.lastIndex;
  }
  i = skipMisc(source, i);
  if (source[i] !== "<") fail(source, i, i >= source.length ? "No root element" : "Text before the root element");

  const stack: Open[] = [];
  const done: { root?: XmlElement } = {};

  /** Reads a start tag at `i` ("<" + name); returns the index after it. */
  const startTag = (at: number): number => {
    const name = readName(source, at + 1);
    if (!name) fail(source, at, "Expected an element name after <");
    const element: XmlElement = { name, attributes: {}, children: [], text: "", start: at, end: -1 };
    let j = at + 1 + name.length;
    for (;;) {
      const afterSpace = skipSpace(source, j);
      if (source.startsWith("/>", afterSpace)) {
        element.end = afterSpace + 2;
        attach(element);
        return element.end;
      }
      if (source[afterSpace] === ">") {
        if (stack.length >= maxDepth) fail(source, at, `Elements nested deeper than ${maxDepth}`);
        stack.push({ element, hasText: false, textParts: [] });
        return afterSpace + 1;
      }
      if (afterSpace === j) fail(source, j, `Expected whitespace, ">" or "/>" in the start tag of ${name}`);
      const attribute = readName(source, afterSpace);
      if (!attribute) fail(source, afterSpace, `Malformed start tag of ${name}`);
      let k = skipSpace(source, afterSpace + attribute.length);
      if (source[k] !== "=") fail(source, k, `Expected "=" after attribute ${attribute}`);
      k = skipSpace(source, k + 1);
      const quote = source[k];
      if (quote !== '"' && quote !== "'") fail(source, k, `Attribute ${attribute} must be quoted`);
      const close = source.indexOf(quote, k + 1);
      if (close < 0) fail(source, k, `Unterminated value of attribute ${attribute}`);
      const raw = source.slice(k + 1, close);
      if (raw.includes("<")) fail(source, k, `"<" is not allowed in the value of attribute ${attribute}`);
      if (Object.hasOwn(element.attributes, attribute)) fail(source, afterSpace, `Attribute ${attribute} appears twice`);
      element.attributes[attribute] = decode(source, raw, k + 1);
      j = close + 1;
    }
  };

  const attach = (element: XmlElement) => {
    const parent = stack[stack.length - 1];
    if (parent) parent.element.children.push(element);
    else done.root = element;
  };

  i = startTag(i);
  while (stack.length > 0) {
    const open = stack[stack.length - 1]!;
    const lt = source.indexOf("<", i);
    if (lt < 0) fail(source, i, `Element ${open.element.name} is not closed`);
    if (lt > i) {
      const raw = source.slice(i, lt);
      if (raw.includes("]]>")) fail(source, i + raw.indexOf("]]>"), `"]]>" is not allowed in text`);
      if (/[^ \t\r\n]/.test(raw)) open.hasText = true;
      open.textParts.push(decode(source, raw, i));
    }
    i = lt;
    if (source.startsWith("</", i)) {
      const name = readName(source, i + 2);
      if (name !== open.element.name) {
        fail(source, i, `Expected </${open.element.name}>, found </${name ?? ""}…`);
      }
      const k = skipSpace(source, i + 2 + name.length);
      if (source[k] !== ">") fail(source, k, `Malformed end tag of ${name}`);
      stack.pop();
      const { element } = open;
      if (open.hasText && element.children.length > 0) {
        fail(source, element.start, `Element ${element.name} mixes text and elements`);
      }
      element.text = element.children.length > 0 ? "" : open.textParts.join("");
      element.end = k + 1;
      attach(element);
      i = k + 1;
      continue;
    }
    if (source.startsWith("<![CDATA[", i)) {
      const close = source.indexOf("]]>", i + 9);
      if (close < 0) fail(source, i, "Unterminated CDATA section");
      open.hasText = true;
      open.textParts.push(source.slice(i + 9, close).replace(/\r\n?/g, "\n"));
      i = close + 3;
      continue;
    }
    const skipped = skipMarkupOutsideText(source, i);
    if (skipped !== null) {
      i = skipped;
      continue;
    }
    i = startTag(i);
  }

  const after = skipMisc(source, i);
  if (after < source.length) fail(source, after, "Content after the root element");
  return done.root!;
}

export type ShapeProblem = "declaration" | "depth" | "unterminated";

/**
 * A cheap first look at a body before anything is built from it: one pass over the text, no
 * objects, no entity expansion. Refuses any "<!" other than a comment or CDATA (so a DOCTYPE or
 * an entity declaration never reaches the parser), processing instructions past the leading XML
 * declaration, and nesting deeper than `maxDepth`. Throws XmlError with `problem` set.
 */
export function scanXmlShape(source: string, maxDepth: number): void {
  let depth = 0;
  let i = source.indexOf("<");
  while (i >= 0) {
    const next = source.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      if (source.startsWith("<!--", i)) {
        const close = source.indexOf("-->", i + 4);
        if (close < 0) throw new ShapeError("unterminated", "Unterminated comment", i);
        i = source.indexOf("<", close + 3);
        continue;
      }
      if (source.startsWith("<![CDATA[", i)) {
        const close = source.indexOf("]]>", i + 9);
        if (close < 0) throw new ShapeError("unterminated", "Unterminated CDATA section", i);
        i = source.indexOf("<", close + 3);
        continue;
      }
      const word = source.slice(i + 2, i + 9).toUpperCase();
      throw new ShapeError(
        "declaration",
        word === "DOCTYPE"
          ? "DOCTYPE is not allowed"
          : word.startsWith("ENTITY")
            ? "Entity declarations are not allowed"
            : "Declarations are not allowed",
        i,
      );
    }
    if (next === 0x3f /* ? */) {
      if (i !== (source.startsWith("\uFEFF") ? 1 : 0)) throw new ShapeError("declaration", "Processing instructions are not allowed", i);
      const close = source.indexOf("?>", i + 2);
      if (close < 0) throw new ShapeError("unterminated", "Unterminated XML declaration", i);
      i = source.indexOf("<", close + 2);
      continue;
    }
    const close = source.indexOf(">", i + 1);
    if (close < 0) throw new ShapeError("unterminated", "Unterminated tag", i);
    if (next === 0x2f /* / */) depth--;
    else if (source.charCodeAt(close - 1) !== 0x2f) {
      depth++;
      if (depth > maxDepth) throw new ShapeError("depth", `Elements nested deeper than ${maxDepth}`, i);
    }
    i = source.indexOf("<", close + 1);
  }
}

export class ShapeError extends XmlError {
  constructor(
    readonly problem: ShapeProblem,
    message: string,
    offset: number,
  ) {
    super(message, offset);
  }
}

/** The child elements of `parent` named `name`, in document order. */
export function childrenNamed(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((child) => child.name === name);
}

// ----- writing -----

/** A node to write: text content, or child elements (never both, as in GePG's messages). */
export type XmlNode = { name: string; text: string } | { name: string; children: readonly XmlNode[] };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;" };

/**
 * Text made safe for element content. Characters XML cannot carry at all (most control
 * characters, lone surrogates) are refused rather than dropped, so that a bill never says
 * something other than what the caller wrote. CR is written as a reference, since a parser
 * would otherwise turn it into LF.
 */
export function escapeXml(value: string): string {
  const bad = NOT_XML_CHAR.exec(value);
  if (bad) {
    throw new XmlError(`Character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} cannot be written in XML`);
  }
  return value.replace(/[&<>"'\r]/g, (ch) => ESCAPES[ch]!);
}

/** Compact XML (no declaration, no whitespace between elements): the bytes that get signed. */
export function writeXml(node: XmlNode): string {
  NAME.lastIndex = 0;
  const match = NAME.exec(node.name);
  if (!match || match[0] !== node.name) throw new XmlError(`"${node.name}" is not an element name`);
  const inner = "children" in node ? node.children.map(writeXml).join("") : escapeXml(node.text);
  return `<${node.name}>${inner}</${node.name}>`;
}
