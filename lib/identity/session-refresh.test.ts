import { decode, encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renewedSession, sessionCookieName } from "./session-refresh";

const secret = "a-test-secret-of-at-least-32-characters!";
const salt = sessionCookieName(false);

describe("sliding session cookies", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("renews a session a minute or more old, keeping who it is and pushing the end back", async () => {
    const old = await encode({ token: { sub: "citizen-1", name: "Amani Mushi" }, secret, salt, maxAge: 1800 });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 5 * 60_000);
    const renewed = await renewedSession(old, { secret, secure: false, maxAgeSeconds: 1800 });
    expect(renewed).toBeTruthy();
    const before = (await decode({ token: old, secret, salt }))!;
    const after = (await decode({ token: renewed!, secret, salt }))!;
    expect(after.sub).toBe("citizen-1");
    expect(after.exp! - before.exp!).toBeGreaterThanOrEqual(5 * 60);
  });

  it("stops renewing twelve hours after signing in, however active the citizen is", async () => {
    const signedIn = Math.floor(Date.now() / 1000);
    const old = await encode({ token: { sub: "citizen-1", authTime: signedIn }, secret, salt, maxAge: 1800 });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect(await renewedSession(old, { secret, secure: false, maxAgeSeconds: 1800 })).toBeTruthy();
    const tooOld = await encode({ token: { sub: "citizen-1", authTime: signedIn - 13 * 3600 }, secret, salt, maxAge: 1800 });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect(await renewedSession(tooOld, { secret, secure: false, maxAgeSeconds: 1800 })).toBeNull();
  });

  it("leaves a fresh session alone, and renews nothing it cannot read", async () => {
    const fresh = await encode({ token: { sub: "citizen-1" }, secret, salt, maxAge: 1800 });
    expect(await renewedSession(fresh, { secret, secure: false, maxAgeSeconds: 1800 })).toBeNull();
    expect(await renewedSession(undefined, { secret, secure: false, maxAgeSeconds: 1800 })).toBeNull();
    expect(await renewedSession("forged", { secret, secure: false, maxAgeSeconds: 1800 })).toBeNull();
    const otherSecret = await encode({ token: { sub: "x" }, secret: "another-secret-of-32-characters-long!!", salt, maxAge: 1800 });
    expect(await renewedSession(otherSecret, { secret, secure: false, maxAgeSeconds: 1800, now: Date.now() + 600_000 })).toBeNull();
  });
});
