import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";

/*
 * Server Action posts Next.js would answer with a bare 500 are answered by server.mjs
 * (lib/http/action-guard.mjs): 413 for a body over the 16 MB limit, declared or sent in chunks,
 * and 403 for an action posted from another site, each with a short page in the address's
 * language (plain text for the framework's own call) and the security headers. Actions within
 * the rules, whole or in chunks, still run.
 */

const SIXTEEN_MB = 16 * 1024 * 1024;

/** The sign-in form's fields as the browser sends them (the hidden action fields included), with this NIN. */
async function signInForm(page: Page, locale: "sw" | "en"): Promise<[string, string][]> {
  await page.goto(`/${locale}/sign-in`);
  const fields = await page.$$eval("form input[name]", (inputs) =>
    inputs.map((input) => [input.getAttribute("name")!, (input as HTMLInputElement).value]),
  );
  return fields.map(([name, value]) => [name!, name === "nin" ? "123" : value!] as [string, string]);
}

/** A multipart body of these fields, with a file of `padding` bytes when asked for one. */
function multipart(fields: [string, string][], padding = 0): { body: Buffer; type: string } {
  const boundary = "----dirisha-test-boundary";
  const parts = fields.map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  if (padding > 0) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
    );
    parts.push(Buffer.alloc(padding, 1), Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** A POST as a client writes it: whole with Content-Length, or in chunks without it. */
function post(baseURL: string, path: string, body: Buffer, headers: Record<string, string>, chunked = false): Promise<Answer> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: url.pathname,
        headers: { ...headers, ...(chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(body.length) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    if (chunked) for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
    else req.write(body);
    req.end();
  });
}

function expectSecurityHeaders(answer: Answer) {
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(answer.headers["x-frame-options"]).toBe("DENY");
  expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(answer.headers["x-request-id"]).toBeTruthy();
  expect(answer.headers["cache-control"]).toBe("no-store");
}

test("an action from the portal's own page runs, its body sent whole or in chunks", async ({ page, baseURL }) => {
  const { body, type } = multipart(await signInForm(page, "en"));
  const origin = new URL(baseURL!).origin;
  for (const chunked of [false, true]) {
    const answer = await post(baseURL!, "/en/sign-in", body, { "Content-Type": type, Origin: origin }, chunked);
    expect(answer.status, chunked ? "in chunks" : "whole").toBe(200);
    expect(answer.text).toContain("A NIN has 20 digits");
  }
});

test("an action posted from another site gets 403 and a page in the address's language, or a line for the framework's call", async ({
  page,
  baseURL,
}) => {
  const { body, type } = multipart(await signInForm(page, "sw"));
  const refused = await post(baseURL!, "/sw/sign-in", body, { "Content-Type": type, Origin: "https://evil.example" });
  expect(refused.status).toBe(403);
  expect(refused.headers["content-type"]).toBe("text/html; charset=utf-8");
  expect(refused.text).toContain('<html lang="sw">');
  expect(refused.text).toContain("Fomu hii haikutoka Dirisha");
  expect(refused.text).toContain('<a href="/sw/sign-in">');
  expectSecurityHeaders(refused);

  const call = await post(baseURL!, "/en/staff", Buffer.from("[]"), {
    "Content-Type": "text/plain;charset=UTF-8",
    "Next-Action": "7f00000000000000000000000000000000000000",
    Origin: "https://evil.example",
  });
  expect(call.status).toBe(403);
  expect(call.headers["content-type"]).toBe("text/plain; charset=utf-8");
  expect(call.text).toContain("This form did not come from Dirisha");
  expectSecurityHeaders(call);
});

test("an action's body over 16 MB gets 413 and a page in the address's language, declared or sent in chunks", async ({ page, baseURL }) => {
  const { body, type } = multipart(await signInForm(page, "en"), SIXTEEN_MB);
  expect(body.length).toBeGreaterThan(SIXTEEN_MB);
  for (const chunked of [false, true]) {
    const answer = await post(baseURL!, "/en/sign-in", body, { "Content-Type": type }, chunked);
    expect(answer.status, chunked ? "in chunks" : "whole").toBe(413);
    expect(answer.text).toContain('<html lang="en">');
    expect(answer.text).toContain("What you sent is too large");
    expect(answer.text).toContain("larger than 16 MB");
    expectSecurityHeaders(answer);
  }
  // Just within the limit, the same form reaches its action (which refuses the NIN, not the size).
  const fields = multipart(await signInForm(page, "en"));
  const within = multipart(await signInForm(page, "en"), SIXTEEN_MB - fields.body.length - 400);
  expect(within.body.length).toBeLessThanOrEqual(SIXTEEN_MB);
  const answer = await post(baseURL!, "/en/sign-in", within.body, { "Content-Type": within.type });
  expect(answer.status).toBe(200);
  expect(answer.text).toContain("A NIN has 20 digits");
});

test.describe("in a browser without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a feedback form with a photo over 16 MB shows the page that says so, in Swahili", async ({ page }) => {
    await page.goto("/sw/feedback");
    await page.getByLabel("Pongezi").check();
    await page.getByLabel("Kichwa cha ujumbe").fill("Huduma nzuri");
    await page.getByLabel("Ujumbe wako").fill("Watumishi walinihudumia vizuri sana.");
    // From a file (a buffer this large is slow to hand to the browser).
    const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-photo-")), "picha.jpg");
    fs.writeFileSync(photo, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(SIXTEEN_MB + 1024, 1)]));
    await page.getByLabel("Kiambatisho (si lazima)").setInputFiles(photo);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Tuma mrejesho" }).click(),
    ]);
    expect(response.status()).toBe(413);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ulichotuma ni kikubwa mno");
    await page.getByRole("link", { name: "Rudi kwenye ukurasa" }).click();
    await expect(page).toHaveURL(/\/sw\/feedback$/);
    fs.rmSync(path.dirname(photo), { recursive: true, force: true });
  });
});
