import { describe, expect, it } from "vitest";
import { childrenNamed, escapeXml, parseXml, writeXml, XmlError } from "./xml";

describe("reading GePG's XML", () => {
  it("reads elements, text and positions, skipping the declaration, comments and whitespace between elements", () => {
    const source =
      '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c -->\n<Gepg>\n  <a>1</a>\n  <b x="y &amp; z"><c/><c>two</c></b>\n</Gepg>\n';
    const root = parseXml(source);
    expect(root.name).toBe("Gepg");
    expect(root.children.map((c) => c.name)).toEqual(["a", "b"]);
    const [a, b] = root.children;
    expect(a!.text).toBe("1");
    expect(b!.attributes).toEqual({ x: "y & z" });
    expect(childrenNamed(b!, "c").map((c) => c.text)).toEqual(["", "two"]);
    // Positions cut out each element exactly as written.
    expect(source.slice(b!.start, b!.end)).toBe('<b x="y &amp; z"><c/><c>two</c></b>');
    expect(source.slice(root.start, root.end)).toBe('<Gepg>\n  <a>1</a>\n  <b x="y &amp; z"><c/><c>two</c></b>\n</Gepg>');
  });

  it("expands the five predefined entities, character references and CDATA, and normalises line ends", () => {
    const root = parseXml(
      "<r><a>&lt;&gt;&amp;&quot;&apos;</a><b>&#77;&#x4E;&#x1F600;</b><c><![CDATA[<not> &markup;]]></c><d>x\r\ny\rz</d></r>",
    );
    expect(root.children.map((c) => c.text)).toEqual(["<>&\"'", "MN😀", "<not> &markup;", "x\ny\nz"]);
  });

  it("refuses a DOCTYPE, wherever it is, so that no entity can be declared", () => {
    // Rule: no DTDs (XXE and entity expansion are closed by refusing them outright).
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(() => parseXml(xxe)).toThrow(/DOCTYPE is not allowed/);
    expect(() => parseXml("<!doctype r><r/>")).toThrow(/DOCTYPE is not allowed/);
    expect(() => parseXml("<r><!DOCTYPE r></r>")).toThrow(/DOCTYPE is not allowed/);
    expect(() => parseXml("<r><!ENTITY x 'y'></r>")).toThrow(/Declarations are not allowed/);
  });

  it("refuses entities beyond the five, and bare ampersands", () => {
    expect(() => parseXml("<r>&nbsp;</r>")).toThrow(/Unknown entity &nbsp;/);
    expect(() => parseXml("<r>AT&T</r>")).toThrow(XmlError);
    expect(() => parseXml("<r>a & b</r>")).toThrow(/must start an entity/);
    expect(() => parseXml("<r>&#0;</r>")).toThrow(/not a character XML allows/);
    expect(() => parseXml("<r>&#xD800;</r>")).toThrow(/not a character XML allows/);
  });

  it("refuses malformed documents, saying where", () => {
    const cases: [string, RegExp][] = [
      ["", /No root element/],
      ["text<r/>", /Text before the root element/],
      ["<r></s>", /Expected <\/r>, found <\/s/],
      ["<r>", /Element r is not closed/],
      ["<r/><s/>", /Content after the root element/],
      ["<r>x<a/></r>", /mixes text and elements/],
      ["<r a='1' a='2'/>", /Attribute a appears twice/],
      ["<r a=1/>", /must be quoted/],
      ["<r><?php x ?></r>", /Processing instructions are not allowed/],
      ['<?xml version="1.0" encoding="ISO-8859-1"?><r/>', /Encoding ISO-8859-1 is not supported/],
      ['<?xml version="2.0"?><r/>', /Malformed XML declaration/],
      ["<r>\u0001</r>", /U\+0001 is not allowed/],
      ["<r>]]></r>", /"]]>" is not allowed/],
      ["<r><!-- a -- b --></r>", /"--" is not allowed inside a comment/],
      ["<r><a:b/></r>", /Expected whitespace/],
    ];
    for (const [source, message] of cases) expect(() => parseXml(source), source).toThrow(message);
    expect(() => parseXml("<r>\n  <a></b>\n</r>")).toThrow(/line 2, column 6/);
  });

  it("limits nesting depth", () => {
    const deep = "<a>".repeat(20) + "</a>".repeat(20);
    expect(() => parseXml(deep)).toThrow(/nested deeper than 16/);
    expect(parseXml(deep, { maxDepth: 20 }).name).toBe("a");
  });
});

describe("writing GePG's XML", () => {
  it("escapes markup characters and CR, and round-trips through the reader", () => {
    const text = `Ada & "leseni" <mpya> ya O'Brien\r\nDar — Zanzibar`;
    expect(escapeXml(text)).toBe("Ada &amp; &quot;leseni&quot; &lt;mpya&gt; ya O&apos;Brien&#13;\nDar — Zanzibar");
    const xml = writeXml({
      name: "r",
      children: [
        { name: "a", text },
        { name: "b", text: "" },
      ],
    });
    expect(xml).toBe(`<r><a>${escapeXml(text)}</a><b></b></r>`);
    expect(parseXml(xml).children.map((c) => c.text)).toEqual([text, ""]);
  });

  it("refuses characters XML cannot carry and names that are not names", () => {
    expect(() => escapeXml("a\u0000b")).toThrow(/U\+0000 cannot be written/);
    expect(() => escapeXml("\uD800")).toThrow(/U\+D800 cannot be written/);
    expect(() => writeXml({ name: "a b", text: "" })).toThrow(/not an element name/);
  });
});
