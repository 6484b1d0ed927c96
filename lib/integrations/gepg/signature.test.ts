import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildPmtSpNtfReqAck, parsePmtSpNtfReq } from "./messages";
import {
  gepgRequestHeaders,
  GepgSignatureError,
  openGepgMessage,
  rsaPrivateKeyFrom,
  rsaPublicKeyFrom,
  sealGepgMessage,
  signContent,
} from "./signature";

// A fixed wire example signed outside Node, with a throwaway RSA key:
//   openssl genrsa -out sp.pem 2048
//   openssl dgst -sha256 -sign sp.pem -binary content.xml | base64 -w0
// content.xml holds FIXED_CONTENT exactly (LF line ends, no final newline, UTF-8 em dash).
const FIXED_SP_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmM9b+VnIJl2g9JGULN7r
IUlqkzD7c7XFEXmHbgIB0VmCOSIF1Ctk766gYm27oqXM8KKJJjqS0Fp74lxda9qU
i3bh25TBS6RIaPo9zKHr4hRrtR5DGslXMyeA1oFg4Bz2FUDn4grGp/hd6fywezG6
LfDUppdFh72iKRbGhOIvKVGD6SHN39oj+YXKbV1UaifJzalu4x5ulhUi1YWMV4D8
D9fRJufVL1eNoZvrXb2w5h+HmisLnUmPuQgpNYM0RveCYHz1/A0fxi7+wV35v4X9
9Dp+W8ZutY0749XFdbIvMgvzHlyifaiMnkH5HCaQG7DZ5IG4b6RMQulekzYWPgIX
swIDAQAB
-----END PUBLIC KEY-----
`;
// The same key in a self-signed X.509 certificate (openssl req -new -x509 -key sp.pem), the form GePG hands out.
const FIXED_SP_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDNTCCAh2gAwIBAgIUdSqivqQ5yNLKT209Qe8zKNDJXZ4wDQYJKoZIhvcNAQEL
BQAwKTEnMCUGA1UEAwweRGlyaXNoYSBzYW5kYm94IFNQICh0ZXN0IG9ubHkpMCAX
DTI2MTEyNTEyMDQ0M1oYDzIxMjYxMTAxMTIwNDQzWjApMScwJQYDVQQDDB5EaXJp
c2hhIHNhbmRib3ggU1AgKHRlc3Qgb25seSkwggEiMA0GCSqGSIb3DQEBAQUAA4IB
DwAwggEKAoIBAQCYz1v5WcgmXaD0kZQs3ushSWqTMPtztcUReYduAgHRWYI5IgXU
K2TvrqBibbuipczwookmOpLQWnviXF1r2pSLduHblMFLpEho+j3MoeviFGu1HkMa
yVczJ4DWgWDgHPYVQOfiCsan+F3p/LB7Mbot8NSml0WHvaIpFsaE4i8pUYPpIc3f
2iP5hcptXVRqJ8nNqW7jHm6WFSLVhYxXgPwP19Em59UvV42hm+tdvbDmH4eaKwud
SY+5CCk1gzRG94JgfPX8DR/GLv7BXfm/hf30On5bxm61jTvj1cV1si8yC/MeXKJ9
qIyeQfkcJpAbsNnkgbhvpExC6V6TNhY+AhezAgMBAAGjUzBRMB0GA1UdDgQWBBR5
0RxqvBohHbkhv7OzzwNvxRoweDAfBgNVHSMEGDAWgBR50RxqvBohHbkhv7OzzwNv
xRoweDAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQCJuLhhXtjI
a7xa/B/4d/VKqoSDpD1bgSJwwa93z1WlHYAtyHpPW9fnYG/6GLtE9NZLfoxCVb1G
D42fl+bK5uDmq+JyXiGtFWPwvJq0tMjx2Rnby1zg43vQbgn++KjaKBna8iIohMPa
UucPxamhHjWGEx9f7b7Fv9aXh/Vmzc2VeWnTyyY9+VkKUBBYXvnIGamDO3xJ23/c
InJWFrm/oSvG7WTUxo20dyDTknt2T2Es3pXEKW3OTdfC/Wob8CDb5WV2LSmUoi4l
rWvjJKETOC6sR1SumffrY1MsIaEYf8YdiD4j0NBA5Wtw8h6uycmOu1FkiJL6V4Zs
j7QxFS9I4nkj
-----END CERTIFICATE-----
`;
const FIXED_CONTENT = `<billSubReq>
  <BillHdr>
    <ReqId>DRSH-REQ-0001</ReqId>
    <SpGrpCode>SPG9901</SpGrpCode>
    <SysCode>DRSH001</SysCode>
    <BillTyp>1</BillTyp>
    <PayTyp>1</PayTyp>
    <GrpBillId>DRSH-BILL-0001</GrpBillId>
  </BillHdr>
  <BillDtls>
    <BillDtl>
      <BillId>DRSH-BILL-0001</BillId>
      <SpCode>SP99010</SpCode>
      <CollCentCode>HQ</CollCentCode>
      <BillDesc>Leseni ya biashara &amp; ada ya usajili — Dar es Salaam</BillDesc>
      <CustTin></CustTin>
      <CustId>19900101000000000001</CustId>
      <CustIdTyp>1</CustIdTyp>
      <CustAccnt></CustAccnt>
      <CustName>Amani Juma Mushi</CustName>
      <CustCellNum>255700000001</CustCellNum>
      <CustEmail></CustEmail>
      <BillGenDt>2026-01-15T09:00:00</BillGenDt>
      <BillExprDt>2099-12-31T23:59:59</BillExprDt>
      <BillGenBy>Dirisha</BillGenBy>
      <BillApprBy>Dirisha</BillApprBy>
      <BillAmt>1500.50</BillAmt>
      <BillEqvAmt>1500.50</BillEqvAmt>
      <MinPayAmt>1500.50</MinPayAmt>
      <Ccy>TZS</Ccy>
      <ExchRate>1.00</ExchRate>
      <BillPayOpt>3</BillPayOpt>
      <PayPlan>1</PayPlan>
      <PayLimTyp>1</PayLimTyp>
      <PayLimAmt>0.00</PayLimAmt>
      <CollPsp></CollPsp>
      <BillItems>
        <BillItem>
          <RefBillId>DRSH-BILL-0001</RefBillId>
          <SubSpCode>1001</SubSpCode>
          <GfsCode>140206</GfsCode>
          <BillItemRef>DRSH-ITEM-0001</BillItemRef>
          <UseItemRefOnPay>N</UseItemRefOnPay>
          <BillItemAmt>1000.00</BillItemAmt>
          <BillItemEqvAmt>1000.00</BillItemEqvAmt>
          <CollSp>SP99010</CollSp>
        </BillItem>
        <BillItem>
          <RefBillId>DRSH-BILL-0001</RefBillId>
          <SubSpCode>1001</SubSpCode>
          <GfsCode>140202</GfsCode>
          <BillItemRef>DRSH-ITEM-0002</BillItemRef>
          <UseItemRefOnPay>N</UseItemRefOnPay>
          <BillItemAmt>500.50</BillItemAmt>
          <BillItemEqvAmt>500.50</BillItemEqvAmt>
          <CollSp>SP99010</CollSp>
        </BillItem>
      </BillItems>
    </BillDtl>
  </BillDtls>
</billSubReq>`;
const FIXED_SIGNATURE =
  "XyD5vJbnyRfJaDVKzLdLuFV/b1cdZoFhNz68sXCDdW/CTinCDvfg5k4DOjXGGAMjLpxTlePwjs5tCG7UCCXEDvFxG9URCK14N4hz5giys4GMS8rSCSdRNbv0pDlfpg0Wx+sRf/0g2g1Giyu576hN3dx8EEKSwu/865XIaLxCXEuYNpAUj9B/yWg7mMg7GFGyTUH0PDf6LxXlHoKasRvko7seQRc6drtHGn4jIYIjMkVBCdtC71jEVs6PoHUaAk94dVrDXOgRKZwsgKIIIv3VsHhOWTTSOFQZIXA8I6S/bJqTUQaGnE9wC8YUunSqM/t5d+nxDbFuMEBN03xEWFOyDw==";

const sp = generateKeyPairSync("rsa", { modulusLength: 2048 });
const gepg = generateKeyPairSync("rsa", { modulusLength: 2048 });

function openError(body: string | Uint8Array, key = sp.publicKey, expected?: string): GepgSignatureError {
  try {
    openGepgMessage(body, key, expected);
  } catch (error) {
    if (error instanceof GepgSignatureError) return error;
    throw error;
  }
  throw new Error("expected a GepgSignatureError");
}

const ACK = buildPmtSpNtfReqAck({ AckId: "ACK-1", ReqId: "NTF-1", AckStsCode: "7101" });

describe("sealing a GePG message", () => {
  it("wraps the content as given in <Gepg> with its signature after it", () => {
    const body = sealGepgMessage(ACK, sp.privateKey);
    expect(body).toBe(`<Gepg>${ACK}<signature>${signContent(ACK, sp.privateKey)}</signature></Gepg>`);
    const opened = openGepgMessage(body, sp.publicKey, "pmtSpNtfReqAck");
    expect(opened.name).toBe("pmtSpNtfReqAck");
    expect(opened.signedXml).toBe(ACK);
  });

  it("refuses content that is not exactly one element", () => {
    expect(() => sealGepgMessage(` ${ACK}`, sp.privateKey)).toThrow("The content must be exactly one element");
    expect(() => sealGepgMessage(`${ACK}${ACK}`, sp.privateKey)).toThrow(/not one XML element/);
    expect(() => sealGepgMessage("<Gepg/>", sp.privateKey)).toThrow("<Gepg> cannot be the content");
    expect(() => sealGepgMessage("not xml", sp.privateKey)).toThrow(GepgSignatureError);
  });

  it("signs with RSA only", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    expect(() => sealGepgMessage(ACK, ec.privateKey)).toThrow(new TypeError("GePG signs with RSA, but the private key is ec"));
    expect(() => openGepgMessage(sealGepgMessage(ACK, sp.privateKey), ec.publicKey)).toThrow(TypeError);
    const pem = sp.privateKey.export({ type: "pkcs8", format: "pem" });
    expect(rsaPrivateKeyFrom(pem).asymmetricKeyType).toBe("rsa");
    expect(() => rsaPublicKeyFrom(ec.publicKey.export({ type: "spki", format: "pem" }))).toThrow(TypeError);
  });
});

describe("opening a GePG message", () => {
  const wire = `<?xml version="1.0" encoding="UTF-8"?>\n<Gepg>\n${FIXED_CONTENT}\n<signature>${FIXED_SIGNATURE}</signature>\n</Gepg>\n`;

  it("verifies a fixed wire example signed with openssl, over the content's bytes as sent", () => {
    // Rule: signatures are verified on the exact bytes received (indentation, &amp; and UTF-8 included).
    const key = rsaPublicKeyFrom(FIXED_SP_PUBLIC_KEY);
    for (const body of [wire, Buffer.from(wire, "utf8"), new Uint8Array(Buffer.from(wire, "utf8"))]) {
      const opened = openGepgMessage(body, key, "billSubReq");
      expect(opened.signedXml).toBe(FIXED_CONTENT);
      const detail = opened.content.children[1]!.children[0]!;
      expect(detail.children.find((c) => c.name === "BillDesc")!.text).toBe("Leseni ya biashara & ada ya usajili — Dar es Salaam");
    }
  });

  it("accepts the sender's X.509 certificate in place of its public key", () => {
    expect(openGepgMessage(wire, rsaPublicKeyFrom(FIXED_SP_CERTIFICATE)).name).toBe("billSubReq");
  });

  it("accepts a signature wrapped over several lines", () => {
    const wrapped = wire.replace(FIXED_SIGNATURE, FIXED_SIGNATURE.replace(/(.{64})/g, "$1\r\n"));
    expect(openGepgMessage(wrapped, rsaPublicKeyFrom(FIXED_SP_PUBLIC_KEY)).name).toBe("billSubReq");
  });

  it("refuses any single changed byte of the content", () => {
    // Rule: a tampered byte must fail, whether or not the XML still parses.
    const body = sealGepgMessage(ACK, sp.privateKey);
    const bytes = Buffer.from(body, "utf8");
    const start = body.indexOf(ACK);
    for (let i = start; i < start + ACK.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = tampered[i]! ^ 0x01;
      expect(() => openGepgMessage(tampered, sp.publicKey), `byte ${i}`).toThrow(GepgSignatureError);
    }
    const changedAmount = wire.replace("<BillAmt>1500.50</BillAmt>", "<BillAmt>1500.60</BillAmt>");
    expect(openError(changedAmount, rsaPublicKeyFrom(FIXED_SP_PUBLIC_KEY))).toMatchObject({
      kind: "bad-signature",
      message: "The signature does not verify",
    });
    // Re-indenting is a change too: the bytes signed are the bytes sent.
    const reindented = wire.replace("  <BillHdr>", "<BillHdr>");
    expect(openError(reindented, rsaPublicKeyFrom(FIXED_SP_PUBLIC_KEY)).kind).toBe("bad-signature");
  });

  it("refuses a signature by another key, or a changed signature", () => {
    const body = sealGepgMessage(ACK, gepg.privateKey);
    expect(openError(body).kind).toBe("bad-signature");
    const signature = signContent(ACK, sp.privateKey);
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    expect(openError(`<Gepg>${ACK}<signature>${flipped}</signature></Gepg>`).kind).toBe("bad-signature");
  });

  it("refuses a body that is not a GePG 2.0 envelope, before verifying", () => {
    const signature = signContent(ACK, sp.privateKey);
    const cases: [string | Uint8Array, string][] = [
      [`<!DOCTYPE Gepg [<!ENTITY x "y">]><Gepg>${ACK}<signature>${signature}</signature></Gepg>`, "DOCTYPE is not allowed"],
      [Buffer.from([0x3c, 0x47, 0xff, 0x3e]), "The body is not UTF-8"],
      [`<Other>${ACK}<signature>${signature}</signature></Other>`, "not a GePG envelope (<Gepg> first)"],
      [`<Gepg>${ACK}<gepgSignature>${signature}</gepgSignature></Gepg>`, "legacy GePG envelope"],
      [`<Gepg>${ACK}</Gepg>`, "one content element followed by <signature>"],
      [`<Gepg><signature>${signature}</signature>${ACK}</Gepg>`, "one content element followed by <signature>"],
      [`<Gepg>${ACK}<signature>${signature}</signature><extra/></Gepg>`, "one content element followed by <signature>"],
      [`<Gepg>${ACK}<signature>not base64!</signature></Gepg>`, "<signature> is not base64"],
      [`<Gepg>${ACK}<signature></signature></Gepg>`, "<signature> is not base64"],
    ];
    for (const [body, message] of cases) {
      const error = openError(body);
      expect(error.kind, message).toBe("malformed");
      expect(error.message).toContain(message);
    }
  });

  it("refuses a verified message of another kind than expected", () => {
    const body = sealGepgMessage(ACK, sp.privateKey);
    expect(openError(body, sp.publicKey, "billSubRes")).toMatchObject({
      kind: "malformed",
      message: "Expected <billSubRes>, got <pmtSpNtfReqAck>",
    });
  });

  it("hands the verified content to the message readers", () => {
    const content =
      "<pmtSpNtfReq><PmtHdr><ReqId>NTF-1</ReqId><GrpBillId>B-1</GrpBillId><SpGrpCode>SPG9901</SpGrpCode><CustCntrNum>990000000001</CustCntrNum><EntryCnt>1</EntryCnt></PmtHdr>" +
      "<PmtDtls><PmtTrxDtl><SpCode>SP99010</SpCode><BillId>B-1</BillId><BillCtrNum>990000000001</BillCtrNum><PspCode>PSP101</PspCode><PspName>M-Pesa</PspName>" +
      "<TrxId>T-1</TrxId><PayRefId>P-1</PayRefId><BillAmt>1500.50</BillAmt><PaidAmt>1500.50</PaidAmt><BillPayOpt>3</BillPayOpt><Ccy>TZS</Ccy><CollAccNum></CollAccNum>" +
      "<TrxDtTm>2026-03-01T14:30:05</TrxDtTm><UsdPayChnl>MOBILE</UsdPayChnl><TrdPtyTrxId>SGK3H7X2QW</TrdPtyTrxId><QtRefId></QtRefId><PyrCellNum>255700000001</PyrCellNum>" +
      "<PyrEmail></PyrEmail><PyrName>Amani</PyrName><Rsv1></Rsv1><Rsv2></Rsv2><Rsv3></Rsv3></PmtTrxDtl></PmtDtls></pmtSpNtfReq>";
    const opened = openGepgMessage(sealGepgMessage(content, gepg.privateKey), gepg.publicKey, "pmtSpNtfReq");
    expect(parsePmtSpNtfReq(opened.content).PmtDtls[0]).toMatchObject({ TrxId: "T-1", PaidAmt: 150050n, TrdPtyTrxId: "SGK3H7X2QW" });
  });
});

describe("request headers", () => {
  it("name the SP group, the command and the algorithm", () => {
    expect(gepgRequestHeaders("SPG9901")).toEqual({
      "Content-Type": "application/xml",
      "Gepg-Com": "default.sp.in",
      "Gepg-Code": "SPG9901",
      "Gepg-Alg": "00S2",
    });
    expect(gepgRequestHeaders("SPG9901", "changebill.sp.in")["Gepg-Com"]).toBe("changebill.sp.in");
    expect(() => gepgRequestHeaders("SPG 9901\r\nX-Evil: 1")).toThrow(GepgSignatureError);
  });
});
