import { describe, expect, it } from "vitest";
import { feedbackInput, safeFileName, sniffAttachment } from "./feedback-schema";

const valid = {
  kind: "complaint",
  institution: "RITA",
  subject: "Cheti",
  message: "Nimesubiri cheti kwa miezi mitatu.",
  name: "",
  phone: "",
};

describe("feedback input", () => {
  it("accepts an anonymous complaint, and a phone in any usual form", () => {
    expect(feedbackInput.safeParse(valid).success).toBe(true);
    expect(feedbackInput.safeParse({ ...valid, phone: "0712 345 678" }).data?.phone).toBe("255712345678");
  });
  it.each([
    [{ kind: "rant" }, "kind"],
    [{ institution: " " }, "institution"],
    [{ subject: "a" }, "subjectShort"],
    [{ message: "short" }, "messageShort"],
    [{ message: "x".repeat(5001) }, "messageLong"],
    [{ phone: "022 212 3456" }, "phone"],
  ])("refuses %o with %s", (change, message) => {
    const result = feedbackInput.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });
});

describe("attachments", () => {
  it("reads the type from the bytes, not the name", () => {
    expect(sniffAttachment(Buffer.from("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniffAttachment(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffAttachment(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    // Rule: a program renamed to .pdf is still refused.
    expect(sniffAttachment(Buffer.from("MZ\x90\x00"))).toBeNull();
    expect(sniffAttachment(Buffer.from("<html><script>"))).toBeNull();
  });
  it("keeps file names harmless", () => {
    expect(safeFileName("C:\\Users\\me\\barua ya RITA.pdf", "application/pdf")).toBe("barua ya RITA.pdf");
    expect(safeFileName("../../etc/passwd", "image/png")).toBe("passwd.png");
    expect(safeFileName("picha<script>.jpg", "image/jpeg")).toBe("picha_script_.jpg");
  });
});
