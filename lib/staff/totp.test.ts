import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, otpauthUri, totpAt, verifyTotp } from "./totp";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" and its 8-digit codes; the last
// six digits are the 6-digit codes.
const rfcSecret = base32Encode(Buffer.from("12345678901234567890"));

describe("TOTP", () => {
  it("matches the RFC 6238 test vectors", () => {
    expect(totpAt(rfcSecret, Math.floor(59 / 30))).toBe("287082");
    expect(totpAt(rfcSecret, Math.floor(1111111109 / 30))).toBe("081804");
    expect(totpAt(rfcSecret, Math.floor(1234567890 / 30))).toBe("005924");
    expect(totpAt(rfcSecret, Math.floor(2000000000 / 30))).toBe("279037");
  });
  it("round-trips base32", () => {
    expect(base32Decode(base32Encode(Buffer.from("Dirisha!")))).toEqual(Buffer.from("Dirisha!"));
    expect(base32Encode(Buffer.from("12345678901234567890"))).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  });
  it("accepts the current code and one step either side, nothing else", () => {
    const now = 1_234_567_890_000;
    const step = Math.floor(now / 30_000);
    expect(verifyTotp(rfcSecret, totpAt(rfcSecret, step), now)).toBe(step);
    expect(verifyTotp(rfcSecret, totpAt(rfcSecret, step - 1), now)).toBe(step - 1);
    expect(verifyTotp(rfcSecret, totpAt(rfcSecret, step + 2), now)).toBeNull();
    expect(verifyTotp(rfcSecret, "12345", now)).toBeNull();
  });
  it("names the account in the authenticator's address", () => {
    expect(otpauthUri("ABC", "mhariri@rita.go.tz")).toBe(
      "otpauth://totp/Dirisha%3Amhariri%40rita.go.tz?secret=ABC&issuer=Dirisha&algorithm=SHA1&digits=6&period=30",
    );
  });
});

describe("staff passwords", () => {
  it("are hashed with a salt of their own and checked in constant time", async () => {
    const hash = await hashPassword("nenosiri refu la mfano");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toBe(await hashPassword("nenosiri refu la mfano"));
    expect(await verifyPassword("nenosiri refu la mfano", hash)).toBe(true);
    expect(await verifyPassword("nenosiri refu la mfanO", hash)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });
  it("must be long", () => {
    expect(passwordProblem("short")).toBe("short");
    expect(passwordProblem("a much longer passphrase")).toBeNull();
  });
});
