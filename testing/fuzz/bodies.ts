import fc from "fast-check";
import { hostileText, PROTO_KEYS } from "./harness";

/*
 * Bodies and requests for the callback routes (GePG's XML, GovESB's JSON, the feature phones'
 * forms): what a confused or hostile peer sends, however it sends it.
 */

/**
 * A request to a route, its body sent whole or streamed (without Content-Length), with only the
 * headers given (as bytes, so that no text/plain is added for a string).
 */
export function post(url: string, body: Uint8Array | string | null, headers: Record<string, string> = {}, streamed = false): Request {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  if (!streamed || bytes === null) return new Request(url, { method: "POST", body: bytes as BodyInit | null, headers });
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += 4096)));
    },
  });
  return new Request(url, { method: "POST", body: stream, headers, duplex: "half" } as RequestInit);
}

/** A 10 MB body that is never held whole: streamed in 64 KB chunks of one piece, counting what was read. */
export function tenMegabytes(url: string, piece: string, headers: Record<string, string> = {}, declared = false) {
  const chunk = new TextEncoder().encode(piece.repeat(Math.ceil(65_536 / piece.length)).slice(0, 65_536));
  const counter = { pulled: 0 };
  const total = 10 * 1024 * 1024;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const request = new Request(url, {
    method: "POST",
    body: stream,
    headers: { ...headers, ...(declared ? { "Content-Length": String(total) } : {}) },
    duplex: "half",
  } as RequestInit);
  return { request, counter };
}

/** Content types a callback may be sent with: right, wrong, malformed. */
export const contentTypes = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "application/xml",
  "text/xml; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "",
  'application/xml;;charset="',
  "application/json; charset=utf-16",
  "*/*",
);

/** XML that must never be expanded, fetched or walked: entities, DOCTYPEs, deep nesting. */
export const hostileXml = fc.constantFrom(
  `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><Gepg><x>&lol4;</x><signature>AAAA</signature></Gepg>`,
  `<!DOCTYPE Gepg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Gepg><pmtSpNtfReq>&xxe;</pmtSpNtfReq><signature>AAAA</signature></Gepg>`,
  `<!DOCTYPE Gepg [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]><Gepg/>`,
  `<Gepg><!ENTITY x "y"><billSubRes/><signature>AAAA</signature></Gepg>`,
  `<?xml-stylesheet href="http://127.0.0.1:9/x.xsl"?><Gepg><signature>AAAA</signature></Gepg>`,
  `<Gepg>${"<a>".repeat(20_000)}${"</a>".repeat(20_000)}<signature>AAAA</signature></Gepg>`,
  `<Gepg><![CDATA[<signature>x</signature>]]><signature>AAAA</signature></Gepg>`,
  `<Gepg xmlns:x="urn:x"><x:billSubRes/><signature>AAAA</signature></Gepg>`,
  `<Gepg><billSubRes></Gepg>`,
  `<Gepg>${"&#65;".repeat(40_000)}<signature>AAAA</signature></Gepg>`,
);

/** JSON that is not what it seems: nested deep, prototype keys, duplicate members, NUL and lone surrogates in escapes. */
export const hostileJsonText = fc.oneof(
  fc.constantFrom(
    `${"[".repeat(30_000)}${"]".repeat(30_000)}`,
    `{"data":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)},"signature":"AAAA"}`,
    `{"data":{"__proto__":{"admin":true}},"signature":"AAAA"}`,
    `{"data":{"pushCode":"x"},"data":{"pushCode":"y"},"signature":"AAAA"}`,
    `{"data":"\\u0000","signature":"\\ud800"}`,
    `{"data":{},"signature":"${"A".repeat(60_000)}"}`,
    `{"signature":"AAAA"}`,
    `{"data":{}`,
    `{"data":{},"signature":1}`,
    `{"data":{},"signature":null}`,
    `{"data":{},"signature":"\\x"}`,
    `{"\\x":1,"data":{},"signature":"AAAA"}`,
    `null`,
    `[]`,
    `"x"`,
    `{}`,
  ),
  fc
    .dictionary(
      fc.oneof(
        fc.constantFrom(...PROTO_KEYS, "data", "signature"),
        hostileText.map((t) => t.slice(0, 20)),
      ),
      fc.jsonValue(),
      { maxKeys: 4 },
    )
    .map((value) => JSON.stringify(value)),
);

/** Bytes that are not UTF-8 (a lone continuation byte, an overlong form, a surrogate encoded, a truncated sequence). */
export const invalidUtf8 = fc
  .tuple(
    fc.string({ maxLength: 40 }),
    fc.constantFrom([0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x00]),
    fc.string({ maxLength: 40 }),
  )
  .map(([before, bad, after]) => new Uint8Array([...new TextEncoder().encode(before), ...bad, ...new TextEncoder().encode(after)]));

/** Any body at all. */
export const anyBody = fc.oneof(fc.uint8Array({ maxLength: 2048 }), hostileText, invalidUtf8, hostileXml, hostileJsonText, fc.constant(""));
