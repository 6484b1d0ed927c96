import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvelopeError, openEnvelope, sealEnvelope } from "./envelope";
import { rawMember } from "./raw-json";

const keys = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
const other = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
const data = { apiCode: "NIDA-SANDBOX-01", userId: "dirisha", esbBody: { Payload: { NIN: "19900314123450000123", Action: "PHONE" } } };

describe("the raw text of a JSON member", () => {
  it("cuts out a value exactly as written, spacing and escapes included", () => {
    const text = '{ "signature" : "a\\"b", "data" :{"x": [1, {"y":"}"}], "z":"\\u00e9"} }';
    expect(rawMember(text, "data")).toBe('{"x": [1, {"y":"}"}], "z":"\\u00e9"}');
    expect(rawMember(text, "signature")).toBe('"a\\"b"');
    expect(rawMember(text, "missing")).toBeUndefined();
    expect(rawMember("not json", "data")).toBeUndefined();
  });
});

describe("GovESB envelopes", () => {
  it("round-trips: what one side seals, the other opens", () => {
    const body = sealEnvelope(data, keys.privateKey);
    expect(body.startsWith(`{"data":${JSON.stringify(data)},"signature":"`)).toBe(true);
    expect(openEnvelope(body, keys.publicKey)).toEqual(data);
  });

  it("verifies the bytes received, not a re-serialised copy", () => {
    // Rule: signed messages are verified on the exact bytes received.
    const json = '{"success": true,  "esbBody": {"Code":"130"}}';
    const signature = sign("sha256", Buffer.from(json), keys.privateKey).toString("base64");
    const body = `{"data":${json},"signature":"${signature}"}`;
    expect(openEnvelope(body, keys.publicKey)).toEqual({ success: true, esbBody: { Code: "130" } });
  });

  it("refuses a tampered byte, another key, and a body that is no envelope", () => {
    const body = sealEnvelope(data, keys.privateKey);
    const tampered = body.replace("PHONE", "PHONF");
    expect(() => openEnvelope(tampered, keys.publicKey)).toThrow(EnvelopeError);
    expect(() => openEnvelope(body, other.publicKey)).toThrow("signature does not verify");
    expect(() => openEnvelope('{"data":{}}', keys.publicKey)).toThrow("not a signed envelope");
    expect(() => openEnvelope('{"data":{},"signature":""}', keys.publicKey)).toThrow(EnvelopeError);
  });

  it("opens bytes that are UTF-8, and refuses those that are not before checking anything", () => {
    const bytes = new TextEncoder().encode(sealEnvelope({ ...data, note: "Habari ya asubuhi ☀" }, keys.privateKey));
    expect(openEnvelope(bytes, keys.publicKey)).toMatchObject({ note: "Habari ya asubuhi ☀" });
    // A byte that decoding would replace could stand for the one that was signed: refused.
    const invalid = Uint8Array.from([
      ...new TextEncoder().encode('{"data":{"x":"'),
      0xff,
      ...new TextEncoder().encode('"},"signature":"AAAA"}'),
    ]);
    expect(() => openEnvelope(invalid, keys.publicKey)).toThrow("not UTF-8");
  });
});
