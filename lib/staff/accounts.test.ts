import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorialAudit, staff, staffInvitations } from "@/db/schema";
import { testEngines, type TestDatabase } from "@/testing/database";
import {
  activeStaffSession,
  checkStaffCode,
  checkStaffPassword,
  choosePassword,
  confirmAuthenticator,
  consumeStaffProof,
  decryptSecret,
  encryptSecret,
  findInvitation,
  inviteStaff,
  resetStaff,
  setStaffDisabled,
} from "./accounts";
import { currentStep, totpAt } from "./totp";

const password = "mvua-ya-masika-2026";

describe.each(testEngines())("staff accounts on $name", ({ open }) => {
  let database: TestDatabase;
  const admin = randomUUID();

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  /** Invites and enrols an account; returns its id and authenticator secret. */
  async function enrolled(email: string) {
    const invited = await inviteStaff(database.db, admin, { email, name: "Asha Mussa", role: "editor", institutionId: null });
    if (!invited.ok) throw new Error(invited.problem);
    expect(await choosePassword(database.db, invited.token, password, password)).toEqual({ ok: true });
    const secret = (await findInvitation(database.db, invited.token))!.pendingTotpSecret!;
    const confirmed = await confirmAuthenticator(database.db, invited.token, totpAt(secret, currentStep() - 1));
    expect(confirmed.ok).toBe(true);
    return { id: invited.staffId, secret, token: invited.token };
  }

  it("keeps TOTP secrets encrypted and refuses a tampered one", () => {
    const stored = encryptSecret("JBSWY3DPEHPK3PXP");
    expect(stored).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decryptSecret(stored)).toBe("JBSWY3DPEHPK3PXP");
    expect(decryptSecret(stored.slice(0, -2) + (stored.endsWith("A") ? "BB" : "AA"))).toBeNull();
  });

  it("sets up an account through its one-time link: password rules, then the app's code; the link then stops working", async () => {
    const invited = await inviteStaff(database.db, admin, {
      email: "Editor@RITA.go.tz ",
      name: "Juma",
      role: "editor",
      institutionId: null,
    });
    if (!invited.ok) throw new Error(invited.problem);
    expect(
      await inviteStaff(database.db, admin, { email: "editor@rita.go.tz", name: "Again", role: "editor", institutionId: null }),
    ).toEqual({ ok: false, problem: "emailTaken" });
    expect(await choosePassword(database.db, invited.token, "short", "short")).toEqual({ ok: false, problem: "passwordShort" });
    expect(await choosePassword(database.db, invited.token, password, `${password}x`)).toEqual({ ok: false, problem: "passwordMismatch" });
    expect(await confirmAuthenticator(database.db, invited.token, "123456")).toEqual({ ok: false, problem: "invitationGone" });
    expect(await choosePassword(database.db, invited.token, password, password)).toEqual({ ok: true });
    const secret = (await findInvitation(database.db, invited.token))!.pendingTotpSecret!;
    expect(await confirmAuthenticator(database.db, invited.token, "000000")).toMatchObject({ ok: false });
    expect((await confirmAuthenticator(database.db, invited.token, totpAt(secret, currentStep()))).ok).toBe(true);
    expect(await findInvitation(database.db, invited.token)).toBeNull();
    const [row] = await database.db.select().from(staff).where(eq(staff.id, invited.staffId));
    expect(row!.email).toBe("editor@rita.go.tz");
    expect(row!.passwordHash).toMatch(/^scrypt\$/);
    const [invitation] = await database.db.select().from(staffInvitations).where(eq(staffInvitations.staffId, invited.staffId));
    expect(invitation!.tokenHash).not.toBe(invited.token);
  });

  it("signs in with password and a fresh code, once: the proof and the code cannot be used again", async () => {
    const { id, secret } = await enrolled("publisher@brela.go.tz");
    expect(
      await checkStaffPassword(database.db, { email: "publisher@brela.go.tz", password: "wrong password!", address: "10.0.0.1" }),
    ).toEqual({ ok: false, problem: "wrongPassword" });
    const step = await checkStaffPassword(database.db, { email: "PUBLISHER@brela.go.tz", password, address: "10.0.0.1" });
    if (!step.ok) throw new Error(step.problem);
    // The code used to enrol is spent.
    const [enrolledAt] = await database.db.select({ step: staff.totpLastStep }).from(staff).where(eq(staff.id, id));
    expect(await checkStaffCode(database.db, step.stepToken, totpAt(secret, enrolledAt!.step!))).toEqual({
      ok: false,
      problem: "wrongCode",
    });
    const code = totpAt(secret, currentStep());
    const passed = await checkStaffCode(database.db, step.stepToken, code);
    if (!passed.ok) throw new Error(passed.problem);
    const member = await consumeStaffProof(database.db, passed.proof);
    expect(member).toMatchObject({ id, role: "editor" });
    expect(await consumeStaffProof(database.db, passed.proof)).toBeNull();
    expect((await activeStaffSession(database.db, member!.sessionId))?.id).toBe(id);

    const again = await checkStaffPassword(database.db, { email: "publisher@brela.go.tz", password, address: "10.0.0.1" });
    if (!again.ok) throw new Error(again.problem);
    expect(await checkStaffCode(database.db, again.stepToken, code)).toEqual({ ok: false, problem: "wrongCode" });
  });

  it("locks an account after five wrong passwords, even for the right one", async () => {
    await enrolled("locked@nida.go.tz");
    for (let i = 0; i < 4; i++) {
      expect(
        await checkStaffPassword(database.db, { email: "locked@nida.go.tz", password: `guess-number-${i}`, address: "10.0.0.2" }),
      ).toEqual({ ok: false, problem: "wrongPassword" });
    }
    expect(await checkStaffPassword(database.db, { email: "locked@nida.go.tz", password: "guess-number-5", address: "10.0.0.2" })).toEqual({
      ok: false,
      problem: "locked",
    });
    expect(await checkStaffPassword(database.db, { email: "locked@nida.go.tz", password, address: "10.0.0.2" })).toEqual({
      ok: false,
      problem: "locked",
    });
  });

  it("stops guessing at a code after five tries", async () => {
    const { secret } = await enrolled("guesser@tra.go.tz");
    const step = await checkStaffPassword(database.db, { email: "guesser@tra.go.tz", password, address: "10.0.0.3" });
    if (!step.ok) throw new Error(step.problem);
    for (let i = 0; i < 5; i++) expect((await checkStaffCode(database.db, step.stepToken, String(100000 + i))).ok).toBe(false);
    expect(await checkStaffCode(database.db, step.stepToken, totpAt(secret, currentStep()))).toEqual({ ok: false, problem: "stepGone" });
  });

  it("a reset or a disabled account ends its sessions at once; a reset makes a new link", async () => {
    const { id, secret } = await enrolled("reset@tanesco.co.tz");
    const step = await checkStaffPassword(database.db, { email: "reset@tanesco.co.tz", password, address: "10.0.0.4" });
    if (!step.ok) throw new Error(step.problem);
    const passed = await checkStaffCode(database.db, step.stepToken, totpAt(secret, currentStep()));
    if (!passed.ok) throw new Error(passed.problem);
    const member = (await consumeStaffProof(database.db, passed.proof))!;
    const link = await resetStaff(database.db, admin, id);
    expect(link).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await activeStaffSession(database.db, member.sessionId)).toBeNull();
    expect(await checkStaffPassword(database.db, { email: "reset@tanesco.co.tz", password, address: "10.0.0.4" })).toEqual({
      ok: false,
      problem: "wrongPassword",
    });
    expect((await findInvitation(database.db, link!))?.purpose).toBe("reset");

    expect(await setStaffDisabled(database.db, admin, id, true)).toBe(true);
    expect(await findInvitation(database.db, link!)).toBeNull();
    const audit = await database.db.select().from(editorialAudit).where(eq(editorialAudit.entityId, id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["staff.invite", "staff.enrol", "staff.sign_in", "staff.reset", "staff.disable"]),
    );
    expect(JSON.stringify(audit)).not.toContain("scrypt$");
  });
});
