import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorialAudit, staff, staffInvitations } from "@/db/schema";
import { takeRateLimit, windowEnd } from "@/lib/security/rate-limit";
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
  staffStepPause,
  addressLimit,
} from "./accounts";
import { STAFF_PAUSE_MINUTES, wrongHere, wrongPerAccount } from "./lockout";
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
    expect(await checkStaffCode(database.db, step.stepToken, totpAt(secret, enrolledAt!.step!), "10.0.0.1")).toEqual({
      ok: false,
      problem: "wrongCode",
    });
    const code = totpAt(secret, currentStep());
    const passed = await checkStaffCode(database.db, step.stepToken, code, "10.0.0.1");
    if (!passed.ok) throw new Error(passed.problem);
    const member = await consumeStaffProof(database.db, passed.proof);
    expect(member).toMatchObject({ id, role: "editor" });
    expect(await consumeStaffProof(database.db, passed.proof)).toBeNull();
    expect((await activeStaffSession(database.db, member!.sessionId))?.id).toBe(id);

    const again = await checkStaffPassword(database.db, { email: "publisher@brela.go.tz", password, address: "10.0.0.1" });
    if (!again.ok) throw new Error(again.problem);
    expect(await checkStaffCode(database.db, again.stepToken, code, "10.0.0.1")).toEqual({ ok: false, problem: "wrongCode" });
  });

  const signInWith = (email: string, pass: string, address: string) => checkStaffPassword(database.db, { email, password: pass, address });
  /** Five wrong passwords for the account from this address: the answers, the last one the pause. */
  async function fiveWrong(email: string, address: string) {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await signInWith(email, `guess-number-${i}`, address));
    return answers;
  }
  const audited = async (id: string) =>
    (await database.db.select().from(editorialAudit).where(eq(editorialAudit.entityId, id))).filter(
      (a) => a.action === "staff.sign_in_paused",
    );

  it("pauses an account after five wrong passwords from one address, from there only, for 15 minutes, even for the right one", async () => {
    const { id, secret } = await enrolled("locked@nida.go.tz");
    const started = Date.now();
    const answers = await fiveWrong("locked@nida.go.tz", "10.0.0.2");
    expect(answers.slice(0, 4)).toEqual(Array(4).fill({ ok: false, problem: "wrongPassword" }));
    const paused = answers[4]!;
    if (paused.ok || paused.problem !== "locked") throw new Error(`not paused: ${JSON.stringify(paused)}`);
    expect(paused.scope).toBe("here");
    expect(paused.until.getTime() - started).toBeGreaterThanOrEqual(STAFF_PAUSE_MINUTES * 60_000 - 1000);
    expect(paused.until.getTime() - Date.now()).toBeLessThanOrEqual(STAFF_PAUSE_MINUTES * 60_000);
    // The right password from there waits too, told the same end.
    expect(await signInWith("locked@nida.go.tz", password, "10.0.0.2")).toEqual(paused);
    // The audit log says so, without the address.
    const entries = await audited(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.after).toEqual({ scope: "here", until: paused.until.toISOString(), after: "password" });
    expect(JSON.stringify(entries)).not.toContain("10.0.0.2");
    // Its owner, elsewhere, is not held up: a stranger cannot lock them out.
    const step = await signInWith("LOCKED@nida.go.tz", password, "10.9.9.9");
    if (!step.ok) throw new Error(step.problem);
    expect((await checkStaffCode(database.db, step.stepToken, totpAt(secret, currentStep()), "10.9.9.9")).ok).toBe(true);
  });

  it("pauses an account everywhere at twenty wrong tries from any addresses, and an administrator's reset lifts it", async () => {
    const { id } = await enrolled("target@rita.go.tz");
    expect(wrongPerAccount.limit).toBe(4 * wrongHere.limit);
    let last;
    for (const address of ["10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4"]) last = (await fiveWrong("target@rita.go.tz", address))[4];
    expect(last).toMatchObject({ ok: false, problem: "locked", scope: "account" });
    // The owner too waits, from anywhere, until the same time.
    expect(await signInWith("target@rita.go.tz", password, "10.9.9.8")).toEqual(last);
    expect((await audited(id)).map((a) => (a.after as { scope: string }).scope)).toEqual(["here", "here", "here", "account"]);
    // A reset (the owner asked the administrator) lifts the pause with the password it guarded.
    const link = (await resetStaff(database.db, admin, id))!;
    expect(await choosePassword(database.db, link, password, password)).toEqual({ ok: true });
    const secret = (await findInvitation(database.db, link))!.pendingTotpSecret!;
    expect((await confirmAuthenticator(database.db, link, totpAt(secret, currentStep() - 1))).ok).toBe(true);
    const step = await signInWith("target@rita.go.tz", password, "10.9.9.8");
    if (!step.ok) throw new Error(step.problem);
    expect((await checkStaffCode(database.db, step.stepToken, totpAt(secret, currentStep()), "10.9.9.8")).ok).toBe(true);
  });

  it("pauses an unknown e-mail address exactly like an account, so the answers never tell whether one exists", async () => {
    const unknown = await fiveWrong("nobody@nowhere.go.tz", "10.0.0.9");
    const known = await fiveWrong("locked@nida.go.tz", "10.0.0.10");
    const problems = (answers: typeof known) => answers.map((a) => (a.ok ? "signed in" : a.problem));
    expect(problems(unknown)).toEqual(problems(known));
    expect(unknown[4]).toMatchObject({ ok: false, problem: "locked", scope: "here" });
  });

  it("counts wrong authenticator codes like wrong passwords, and a right code gives the address its five tries back", async () => {
    const { id, secret } = await enrolled("coder@brela.go.tz");
    const address = "10.0.0.11";
    // Two wrong passwords, then a right one: three tries left here.
    await signInWith("coder@brela.go.tz", "not-the-password-1", address);
    await signInWith("coder@brela.go.tz", "not-the-password-2", address);
    const step = await signInWith("coder@brela.go.tz", password, address);
    if (!step.ok) throw new Error(step.problem);
    expect(await checkStaffCode(database.db, step.stepToken, "000001", address)).toEqual({ ok: false, problem: "wrongCode" });
    expect(await checkStaffCode(database.db, step.stepToken, "000002", address)).toEqual({ ok: false, problem: "wrongCode" });
    const paused = await checkStaffCode(database.db, step.stepToken, "000003", address);
    expect(paused).toMatchObject({ ok: false, problem: "locked", scope: "here" });
    // Even the right code now waits; the sign-in page finds the pause from the step's cookie.
    expect(await checkStaffCode(database.db, step.stepToken, totpAt(secret, currentStep()), address)).toEqual(paused);
    expect(await staffStepPause(database.db, step.stepToken, address)).toMatchObject({ scope: "here" });
    expect(await staffStepPause(database.db, step.stepToken, "10.9.9.7")).toBeNull();
    expect((await audited(id)).map((a) => (a.after as { after: string }).after)).toEqual(["code"]);

    // Elsewhere, four wrong passwords, then a right sign-in: the count starts again.
    const elsewhere = "10.0.0.12";
    for (let i = 0; i < 4; i++) await signInWith("coder@brela.go.tz", `wrong-${i}`, elsewhere);
    const again = await signInWith("coder@brela.go.tz", password, elsewhere);
    if (!again.ok) throw new Error(again.problem);
    expect((await checkStaffCode(database.db, again.stepToken, totpAt(secret, currentStep()), elsewhere)).ok).toBe(true);
    const answers = await fiveWrong("coder@brela.go.tz", elsewhere);
    expect(answers.slice(0, 4).every((a) => !a.ok && a.problem === "wrongPassword")).toBe(true);
  });

  it("says until when an address that tried too often waits, from its limit's window", async () => {
    const address = "10.0.0.13";
    for (let i = 0; i < addressLimit.limit; i++) await takeRateLimit(database.db, addressLimit, address);
    const refused = await signInWith("locked@nida.go.tz", password, address);
    if (refused.ok || refused.problem !== "tooMany") throw new Error(`not refused: ${JSON.stringify(refused)}`);
    expect([windowEnd(addressLimit).getTime(), windowEnd(addressLimit, new Date(Date.now() - 5000)).getTime()]).toContain(
      refused.until.getTime(),
    );
  });

  it("stops guessing at a code after five tries", async () => {
    const { secret } = await enrolled("guesser@tra.go.tz");
    const step = await checkStaffPassword(database.db, { email: "guesser@tra.go.tz", password, address: "10.0.0.3" });
    if (!step.ok) throw new Error(step.problem);
    for (let i = 0; i < 5; i++) expect((await checkStaffCode(database.db, step.stepToken, String(100000 + i), "10.0.0.3")).ok).toBe(false);
    expect(await checkStaffCode(database.db, step.stepToken, totpAt(secret, currentStep()), "10.0.0.30")).toEqual({
      ok: false,
      problem: "stepGone",
    });
  });

  it("a reset or a disabled account ends its sessions at once; a reset makes a new link", async () => {
    const { id, secret } = await enrolled("reset@tanesco.co.tz");
    const step = await checkStaffPassword(database.db, { email: "reset@tanesco.co.tz", password, address: "10.0.0.4" });
    if (!step.ok) throw new Error(step.problem);
    const passed = await checkStaffCode(database.db, step.stepToken, totpAt(secret, currentStep()), "10.0.0.4");
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
