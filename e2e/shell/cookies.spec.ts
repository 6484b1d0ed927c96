import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { citizens, signInBySms } from "../helpers";

/*
 * Every cookie the portal sets is HttpOnly (no script of the portal reads one) and SameSite=Lax
 * (issue 21), set and removed alike: every Set-Cookie line of every response on the way through
 * the language, a citizen's sign-in and sign-out, and a staff invitation link is read here. The
 * trial is plain HTTP, so none is Secure; over https each is (lib/http/cookies.test.ts). The staff
 * sign-in's cookies are read the same way at the end of e2e/editorial/editorial.spec.ts, which
 * has the staff accounts.
 */

test.use({ javaScriptEnabled: false });

/** Every Set-Cookie line the page receives from now on, redirects included. */
function setCookieLines(page: Page): string[] {
  const lines: string[] = [];
  page.on("response", async (response) => {
    for (const { name, value } of await response.headersArray()) if (name.toLowerCase() === "set-cookie") lines.push(value);
  });
  return lines;
}

/** A Set-Cookie line's attributes, by lowercase name. */
function attributes(line: string): Record<string, string> {
  return Object.fromEntries(
    line
      .split(";")
      .slice(1)
      .map((part) => {
        const [name, ...value] = part.trim().split("=");
        return [name!.toLowerCase(), value.join("=").toLowerCase()];
      }),
  );
}

test("every cookie a visitor and a citizen get is HttpOnly and SameSite=Lax, when set and when removed", async ({ page }) => {
  const lines = setCookieLines(page);
  // The language, then the other language.
  await page.goto("/sw");
  await page.goto("/en/search?q=passport");
  // A sign-in from start to end, then signing out.
  await signInBySms(page, citizens[30]!, "/en/sign-in");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You have signed out.");
  // A staff invitation link moves its token into a cookie.
  await page.goto(`/en/staff/invitation/${"A".repeat(43)}`);
  await page.waitForLoadState("load");

  const names = new Set(lines.map((line) => line.split("=")[0]));
  for (const name of ["dirisha_lang", "dirisha_signin", "authjs.session-token", "dirisha_staff_invitation"])
    expect([...names], `a ${name} cookie was set on the way`).toContain(name);
  for (const line of lines) {
    const of = attributes(line);
    expect(of, line).toHaveProperty("httponly");
    expect(["lax", "strict"], line).toContain(of.samesite);
    expect(of.path, line).toBe("/");
    expect(of, `${line}: not Secure over plain HTTP, or it would never come back`).not.toHaveProperty("secure");
  }
  // Removed ones too: the sign-in under way ended with the sign-in, the session with signing out.
  const removed = lines.filter((line) => /max-age=0|expires=thu, 01 jan 1970/i.test(line)).map((line) => line.split("=")[0]);
  expect(removed).toEqual(expect.arrayContaining(["dirisha_signin", "authjs.session-token"]));
  // And as the browser keeps them.
  for (const cookie of await page.context().cookies()) {
    expect(cookie.httpOnly, cookie.name).toBe(true);
    expect(["Lax", "Strict"], cookie.name).toContain(cookie.sameSite);
  }
});
