import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citizens, citizenSessions, rateLimitHits, signInAttempts, signInProofs } from "@/db/schema";
import { pruneNidaRecords, sessionNidaRecord } from "./nida-record";
import { jobQueue, QUEUES } from "@/lib/jobs/queue";
import type { SmsJob } from "@/lib/notifications/sms";
import { configuredNida } from "@/lib/integrations/nida/config";
import type { NidaConfig } from "@/lib/integrations/nida/client";
import { testEngines, type TestDatabase } from "@/testing/database";
import { queuedSms, smsTo } from "@/testing/queue";
import { startSandbox, type SandboxProcess } from "@/testing/sandbox-process";
import { takeRateLimit, takeRecent, windowEnd } from "@/lib/security/rate-limit";
import {
  attemptsPerAddress,
  beginSignIn,
  codesAgainAt,
  codesPerNin,
  consumeProof,
  failuresPerAddress,
  failuresPerNin,
  findAttempt,
  questionStep,
  recordSignOut,
  sendCode,
  sessionIsActive,
  signInStanding,
  verifyCode,
  type Attempt,
} from "./sign-in";

// The portal and the sandbox exchange GovESB keys through this folder, as on a trial machine.
const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-keys-"));
process.env.KEYS_DIR = keys;

// The sandbox's fictional citizens (sandbox/README.md): the first has NIN 19900101-00000-00000-01.
const AMANI = { nin: "19900101000000000001", answers: { "101": "Rehema", "103": "Kilimanjaro", "105": "Moshi", "108": "2003" } };
const UNKNOWN_NIN = "19900101999999999999";
// Citizens no other test here uses, one per test of wrong tries (a NIN's count is shared).
const ERASTO = { nin: "19710214117388980334" };
const SIKUDHANI = { nin: "20020520599218523810" };
const FRANK = { nin: "19860704469842598150", answers: { "101": "Janeth", "103": "Kilimanjaro", "105": "Moshi", "108": "2000" } };
const MARIAMU = { nin: "19630109502075023213" };
const ABDALLAH = { nin: "19670623125747008210", phone: "255700095007" };
const SAIDA = { nin: "19820411955307735780", phone: "255700055868" };
const ELIA = { nin: "19590707603332120867" };
const ZAINABU = { nin: "19911021189545657653" };
const HOUR = 3_600_000;

let sandbox: SandboxProcess;
let nida: NidaConfig;

beforeAll(async () => {
  sandbox = await startSandbox({ SANDBOX_KEYS_DIR: keys });
  nida = {
    ...configuredNida(),
    tokenUrl: `${sandbox.url}/govesb/gw/govesb-uaa/oauth/token`,
    engineUrl: `${sandbox.url}/govesb/engine/esb`,
    timeoutMs: 3_000,
  };
  nida.privateKey(); // makes the portal's key pair, which the sandbox reads
});
afterAll(async () => {
  await sandbox?.stop();
  fs.rmSync(keys, { recursive: true, force: true });
});

const control = (mode: string) =>
  fetch(`${sandbox.url}/govesb/_control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  });

describe.each(testEngines())("signing in with a NIN through the sandbox's GovESB and NIDA on $name", ({ open }) => {
  let database: TestDatabase;
  let boss: PgBoss;
  beforeAll(async () => {
    database = await open();
    boss = await jobQueue(database);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const begin = (nin: string, address = "198.51.100.7") => beginSignIn(database.db, nida, { nin, address, locale: "sw" });

  async function sentMessage(): Promise<string> {
    return (await queuedSms(boss)).at(-1)!.message;
  }
  const sentCode = async () => /(\d{6})/.exec(await sentMessage())![1]!;

  it("answers 'not found' for a NIN NIDA does not know, and lets nobody in", async () => {
    expect(await begin(UNKNOWN_NIN)).toEqual({ ok: false, problem: "notFound" });
  });

  it("signs in with a one-time code sent to the phone NIDA has, used once", async () => {
    const started = await begin(AMANI.nin);
    if (!started.ok) throw new Error(started.problem);
    expect(started.maskedPhone).toBe("+255 7•• ••• •01");
    const attempt = (await findAttempt(database.db, started.token))!;
    expect(await sendCode(database.db, attempt, "sw", "198.51.100.7")).toEqual({ ok: true });
    const code = await sentCode();
    // In the language of the sign-in page.
    expect(await sentMessage()).toBe(`Namba yako ya kuingia Dirisha ni ${code}. Inafanya kazi kwa dakika 5. Usimpe mtu yeyote namba hii.`);
    // Tried every few seconds while the code works, and never sent once it no longer does.
    const job = (await boss.findJobs<SmsJob>(QUEUES.smsSend)).at(-1)!;
    expect(new Date(job.data.expiresAt!).getTime() - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(new Date(job.data.expiresAt!).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect([job.retryDelay, job.retryDelayMax]).toEqual([5, 30]);
    // Rule: codes are stored hashed, never as sent.
    const stored = (await findAttempt(database.db, started.token))!;
    expect(stored.codeHash).not.toContain(code);

    const wrong = code === "000000" ? "111111" : "000000";
    expect(await verifyCode(database.db, nida, stored, wrong, "198.51.100.7")).toEqual({ ok: false, problem: "wrongCode", triesLeft: 4 });
    const result = await verifyCode(database.db, nida, stored, code, "198.51.100.7");
    if (!result.ok) throw new Error(result.problem);
    const citizen = await consumeProof(database.db, result.proof);
    expect(citizen?.name).toBe("Amani Mushi");
    // Once-only: NIDA's record (through GovESB) lives with the session, for application forms, and nowhere else.
    const record = await sessionNidaRecord(database.db, citizen!.id, citizen!.sessionId);
    expect(record).toMatchObject({
      nin: AMANI.nin,
      firstName: "Amani",
      surname: "Mushi",
      dateOfBirth: "1990-01-01",
      phone: "255700000001",
    });
    expect(record?.placeOfBirth?.region).toBeTruthy();
    expect(record?.residence?.district).toBeTruthy();
    expect(
      await database.db
        .select()
        .from(signInProofs)
        .where(sql`${signInProofs.nidaRecord} is not null`),
    ).toEqual([]);
    expect(await sessionNidaRecord(database.db, citizen!.id, "another-session")).toBeNull();
    // Rule: signing out ends the session on the server, not only in the browser.
    expect(await sessionIsActive(database.db, citizen!.sessionId)).toBe(true);
    await recordSignOut(database.db, citizen!.id, citizen!.sessionId);
    expect(await sessionIsActive(database.db, citizen!.sessionId)).toBe(false);
    // Signing out takes the NIDA record with it.
    const [ended] = await database.db.select().from(citizenSessions).where(eq(citizenSessions.id, citizen!.sessionId));
    expect(ended?.nidaRecord).toBeNull();
    // Rule: a proof is good once.
    expect(await consumeProof(database.db, result.proof)).toBeNull();
    // The finished sign-in takes the NIN and phone with it.
    expect(await findAttempt(database.db, started.token)).toBeUndefined();
  });

  it("refuses a code after its five minutes", async () => {
    const started = await begin(AMANI.nin);
    if (!started.ok) throw new Error(started.problem);
    await sendCode(database.db, (await findAttempt(database.db, started.token))!, "en", "198.51.100.7");
    const code = await sentCode();
    expect(await sentMessage()).toBe(`Your Dirisha sign-in code is ${code}. It works for 5 minutes. Never share it with anyone.`);
    await database.db.update(signInAttempts).set({ codeExpiresAt: sql`now() - interval '1 second'` });
    const attempt = (await findAttempt(database.db, started.token))!;
    expect(await verifyCode(database.db, nida, attempt, code, "198.51.100.7")).toEqual({ ok: false, problem: "expired" });
  });

  it("forgets NIDA records of sessions that have ended, however they ended", async () => {
    const [someone] = await database.db.select({ id: citizens.id }).from(citizens).limit(1);
    const record = {
      nin: AMANI.nin,
      firstName: "A",
      middleName: "",
      surname: "M",
      dateOfBirth: "1990-01-01",
      sex: "M",
      phone: null,
      placeOfBirth: null,
      residence: null,
      fetchedAt: new Date().toISOString(),
    };
    await database.db.insert(citizenSessions).values([
      { id: "live", citizenId: someone!.id, nidaRecord: record },
      { id: "old", citizenId: someone!.id, nidaRecord: record, createdAt: new Date(Date.now() - 13 * 3600_000) },
    ]);
    await pruneNidaRecords(database.db);
    expect(await sessionNidaRecord(database.db, someone!.id, "live")).not.toBeNull();
    const [old] = await database.db.select().from(citizenSessions).where(eq(citizenSessions.id, "old"));
    expect(old?.nidaRecord).toBeNull();
  });

  it("signs in by answering NIDA's security questions in either language", async () => {
    const started = await begin(AMANI.nin, "198.51.100.8");
    if (!started.ok) throw new Error(started.problem);
    let attempt = (await findAttempt(database.db, started.token))!;
    let step = await questionStep(database.db, nida, attempt, "198.51.100.8");
    for (let i = 0; i < 4 && step.ok && step.kind === "question"; i++) {
      expect(step.text.sw.length).toBeGreaterThan(0);
      attempt = (await findAttempt(database.db, started.token))!;
      const answer = AMANI.answers[attempt.questionCode as keyof typeof AMANI.answers];
      step = await questionStep(database.db, nida, attempt, "198.51.100.8", ` ${answer.toUpperCase()} `);
    }
    if (!step.ok || step.kind !== "verified") throw new Error(`not verified: ${JSON.stringify(step)}`);
    expect((await consumeProof(database.db, step.proof))?.name).toBe("Amani Mushi");
  });

  /** A sign-in with a code sent: the attempt, the code and a wrong one. */
  async function withCode(
    nin: string,
    address: string,
  ): Promise<{ token: string; code: string; wrong: string; attempt: () => Promise<Attempt> }> {
    const started = await begin(nin, address);
    if (!started.ok) throw new Error(started.problem);
    expect(await sendCode(database.db, (await findAttempt(database.db, started.token))!, "sw", address)).toEqual({ ok: true });
    const code = await sentCode();
    const wrong = code === "123456" ? "654321" : "123456";
    return { token: started.token, code, wrong, attempt: async () => (await findAttempt(database.db, started.token))! };
  }

  it("says after each wrong code how many tries are left, then pauses the NIN from that address for exactly an hour", async () => {
    const address = "198.51.100.9";
    const signIn = await withCode("19850314409863660053", address);
    const ninHash = (await signIn.attempt()).ninHash;
    expect(await signInStanding(database.db, ninHash, address)).toEqual({ triesLeft: 5, pausedUntil: null, pausedScope: null });
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await verifyCode(database.db, nida, await signIn.attempt(), signIn.wrong, address));
      expect((await signInStanding(database.db, ninHash, address)).triesLeft).toBe(4 - i);
    }
    expect(results).toEqual([4, 3, 2, 1].map((triesLeft) => ({ ok: false, problem: "wrongCode", triesLeft })));

    const before = Date.now();
    const fifth = await verifyCode(database.db, nida, await signIn.attempt(), signIn.wrong, address);
    if (fifth.ok || fifth.problem !== "locked") throw new Error(`not paused: ${JSON.stringify(fifth)}`);
    expect(fifth.until.getTime()).toBeGreaterThanOrEqual(before + HOUR);
    expect(fifth.until.getTime()).toBeLessThanOrEqual(Date.now() + HOUR);
    expect(await signInStanding(database.db, ninHash, address)).toEqual({ triesLeft: 0, pausedUntil: fifth.until, pausedScope: "nin" });

    // Even the right code is refused now, a new code is not sent, and a new start says until when.
    const paused = { ok: false, problem: "locked", until: fifth.until, scope: "nin" };
    expect(await verifyCode(database.db, nida, await signIn.attempt(), signIn.code, address)).toEqual(paused);
    expect(await sendCode(database.db, await signIn.attempt(), "sw", address)).toEqual(paused);
    expect(await questionStep(database.db, nida, await signIn.attempt(), address)).toEqual(paused);
    expect(await begin("19850314409863660053", address)).toEqual(paused);

    // An hour later the pause is over, with five new tries (the wrong ones went with the pause).
    await database.db
      .update(rateLimitHits)
      .set({ windowStart: sql`${rateLimitHits.windowStart} - interval '61 minutes'` })
      .where(eq(rateLimitHits.bucket, "sign-in-pause-here"));
    expect(await signInStanding(database.db, ninHash, address)).toEqual({ triesLeft: 5, pausedUntil: null, pausedScope: null });
    expect((await begin("19850314409863660053", address)).ok).toBe(true);
  });

  it("clears the NIN's wrong tries from that address when the citizen signs in, so that five more are needed to pause it", async () => {
    const address = "198.51.100.11";
    const first = await withCode(ERASTO.nin, address);
    const ninHash = (await first.attempt()).ninHash;
    for (const triesLeft of [4, 3, 2]) {
      expect(await verifyCode(database.db, nida, await first.attempt(), first.wrong, address)).toEqual({
        ok: false,
        problem: "wrongCode",
        triesLeft,
      });
    }
    const signedIn = await verifyCode(database.db, nida, await first.attempt(), first.code, address);
    if (!signedIn.ok) throw new Error(signedIn.problem);
    expect((await consumeProof(database.db, signedIn.proof))?.name).toBe("Erasto Mgaya");
    expect(await signInStanding(database.db, ninHash, address)).toEqual({ triesLeft: 5, pausedUntil: null, pausedScope: null });

    const second = await withCode(ERASTO.nin, address);
    const problems = [];
    for (let i = 0; i < 5; i++) {
      const result = await verifyCode(database.db, nida, await second.attempt(), second.wrong, address);
      problems.push(result.ok ? "ok" : result.problem === "wrongCode" ? result.triesLeft : result.problem);
    }
    expect(problems).toEqual([4, 3, 2, 1, "locked"]);
  });

  it("counts a guess against the NIN before checking it: one past the ceiling is refused, even the right code", async () => {
    const address = "198.51.100.12";
    const signIn = await withCode(SIKUDHANI.nin, address);
    const ninHash = (await signIn.attempt()).ninHash;
    // The ceiling's guesses counted and still being checked elsewhere, as parallel requests would be.
    for (let i = 0; i < failuresPerNin.limit; i++) await takeRecent(database.db, failuresPerNin, ninHash);
    const result = await verifyCode(database.db, nida, await signIn.attempt(), signIn.code, address);
    expect(result).toMatchObject({ ok: false, problem: "locked", scope: "nin" });
    expect((await signInStanding(database.db, ninHash, "198.51.100.99")).pausedUntil).not.toBeNull();
  });

  it("counts wrong answers to NIDA's questions too, and after NIDA ends them a code by SMS still signs in", async () => {
    const address = "198.51.100.13";
    const started = await begin(FRANK.nin, address);
    if (!started.ok) throw new Error(started.problem);
    const attempt = async () => (await findAttempt(database.db, started.token))!;
    const rightAnswer = async () => FRANK.answers[(await attempt()).questionCode as keyof typeof FRANK.answers];
    const answer = async (value?: string) => questionStep(database.db, nida, await attempt(), address, value);

    expect(await answer()).toMatchObject({ ok: true, kind: "question", previous: null, triesLeft: 5 });
    expect(await answer("Sijui")).toMatchObject({ ok: true, kind: "question", previous: "wrong", triesLeft: 4 });
    // A right answer is not a wrong try.
    expect(await answer(await rightAnswer())).toMatchObject({ ok: true, kind: "question", previous: "right", triesLeft: 4 });
    expect(await answer("Sijui")).toMatchObject({ ok: true, kind: "question", previous: "wrong", triesLeft: 3 });
    // NIDA's third wrong answer ends its questions; the NIN is not paused, and says what is left.
    expect(await answer("Sijui")).toEqual({ ok: false, problem: "questionsEnded", triesLeft: 2 });
    expect(await signInStanding(database.db, (await attempt()).ninHash, address)).toEqual({
      triesLeft: 2,
      pausedUntil: null,
      pausedScope: null,
    });

    // The other way: a code by SMS, from the same sign-in.
    expect(await sendCode(database.db, await attempt(), "en", address)).toEqual({ ok: true });
    const code = await sentCode();
    const ninHash = (await attempt()).ninHash;
    const result = await verifyCode(database.db, nida, await attempt(), code, address);
    if (!result.ok) throw new Error(result.problem);
    expect((await consumeProof(database.db, result.proof))?.name).toBe("Frank Lyimo");
    expect(await signInStanding(database.db, ninHash, address)).toEqual({ triesLeft: 5, pausedUntil: null, pausedScope: null });
  });

  it("pauses the NIN when the fifth wrong try is an answer to NIDA's questions", async () => {
    const address = "198.51.100.14";
    const signIn = await withCode(MARIAMU.nin, address);
    for (const triesLeft of [4, 3, 2]) {
      expect(await verifyCode(database.db, nida, await signIn.attempt(), signIn.wrong, address)).toEqual({
        ok: false,
        problem: "wrongCode",
        triesLeft,
      });
    }
    expect(await questionStep(database.db, nida, await signIn.attempt(), address)).toMatchObject({
      ok: true,
      kind: "question",
      triesLeft: 2,
    });
    expect(await questionStep(database.db, nida, await signIn.attempt(), address, "Sijui")).toMatchObject({
      previous: "wrong",
      triesLeft: 1,
    });
    const last = await questionStep(database.db, nida, await signIn.attempt(), address, "Sijui");
    expect(last).toMatchObject({ ok: false, problem: "locked" });
    expect(await begin(MARIAMU.nin, address)).toEqual(last);
  });

  it("sends exactly the NIN's five codes an hour, a refused request counting for nothing, and says until when", async () => {
    // Issue 21: a request refused for its sign-in's three codes still took a slot, so four codes went out, not five.
    const address = "198.51.100.15";
    const started = await begin(ABDALLAH.nin, address);
    if (!started.ok) throw new Error(started.problem);
    const first = async () => (await findAttempt(database.db, started.token))!;
    for (let i = 0; i < 3; i++) expect(await sendCode(database.db, await first(), "sw", address)).toEqual({ ok: true });
    expect(await sendCode(database.db, await first(), "sw", address)).toEqual({ ok: false, problem: "codesThisSignIn" });
    expect(await sendCode(database.db, await first(), "sw", address)).toEqual({ ok: false, problem: "codesThisSignIn" });

    const restarted = await begin(ABDALLAH.nin, address);
    if (!restarted.ok) throw new Error(restarted.problem);
    const second = async () => (await findAttempt(database.db, restarted.token))!;
    for (let i = 0; i < 2; i++) expect(await sendCode(database.db, await second(), "sw", address)).toEqual({ ok: true });
    const before = Date.now();
    const refused = await sendCode(database.db, await second(), "sw", address);
    if (refused.ok || refused.problem !== "tooManyCodes") throw new Error(`not refused: ${JSON.stringify(refused)}`);
    // The wait is the limit's own: until its window (an hour of the clock) ends.
    expect(refused.until.getTime() % (codesPerNin.windowSeconds * 1000)).toBe(0);
    expect(refused.until.getTime()).toBeGreaterThan(before);
    expect(refused.until.getTime()).toBeLessThanOrEqual(before + codesPerNin.windowSeconds * 1000);
    expect(await codesAgainAt(database.db, (await second()).ninHash)).toEqual(refused.until);
    expect(await smsTo(boss, ABDALLAH.phone)).toHaveLength(codesPerNin.limit);
    // The refused request took no code's place: the last code sent still signs in.
    const code = /(\d{6})/.exec((await smsTo(boss, ABDALLAH.phone)).at(-1)!)![1]!;
    expect((await verifyCode(database.db, nida, await second(), code, address)).ok).toBe(true);
  });

  it("pauses a NIN for the stranger who tries five wrong codes, not for its holder signing in from elsewhere", async () => {
    // Issue 21: five wrong codes from anyone paused the NIN for an hour for everyone.
    const stranger = "203.0.113.66";
    const holder = "198.51.100.16";
    const theirs = await withCode(SAIDA.nin, stranger);
    const problems = [];
    for (let i = 0; i < 5; i++) {
      const result = await verifyCode(database.db, nida, await theirs.attempt(), theirs.wrong, stranger);
      problems.push(result.ok ? "ok" : result.problem === "wrongCode" ? result.triesLeft : result.problem);
    }
    expect(problems).toEqual([4, 3, 2, 1, "locked"]);
    expect(await begin(SAIDA.nin, stranger)).toMatchObject({ ok: false, problem: "locked", scope: "nin" });

    const mine = await withCode(SAIDA.nin, holder);
    const ninHash = (await mine.attempt()).ninHash;
    expect(await signInStanding(database.db, ninHash, holder)).toEqual({ triesLeft: 5, pausedUntil: null, pausedScope: null });
    const signedIn = await verifyCode(database.db, nida, await mine.attempt(), mine.code, holder);
    if (!signedIn.ok) throw new Error(signedIn.problem);
    expect((await consumeProof(database.db, signedIn.proof))?.name).toBe("Saida Mtambo");
    // The holder's sign-in leaves the stranger's pause as it was.
    expect(await begin(SAIDA.nin, stranger)).toMatchObject({ ok: false, problem: "locked" });
  });

  it("pauses a NIN everywhere at twenty wrong tries from any addresses: four, each spending its five", async () => {
    const addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"];
    let last: Awaited<ReturnType<typeof verifyCode>> | undefined;
    for (const address of addresses) {
      const signIn = await withCode(ELIA.nin, address);
      const problems = [];
      for (let i = 0; i < 5; i++) {
        last = await verifyCode(database.db, nida, await signIn.attempt(), signIn.wrong, address);
        problems.push(last.ok ? "ok" : last.problem === "wrongCode" ? last.triesLeft : last.problem);
      }
      expect(problems).toEqual([4, 3, 2, 1, "locked"]);
    }
    expect(failuresPerNin.limit).toBe(addresses.length * 5);
    // Now the holder too waits the hour, whatever the address: guessing stops here.
    expect(await begin(ELIA.nin, "198.51.100.17")).toEqual(last);
    expect(last).toMatchObject({ scope: "nin" });
  });

  it("pauses an address that reaches thirty wrong tries, whatever the NINs, and says so", async () => {
    const address = "203.0.113.77";
    // Wrong tries from this address with other NINs, as they are counted.
    for (let i = 0; i < failuresPerAddress.limit - 3; i++) await takeRecent(database.db, failuresPerAddress, address);
    const signIn = await withCode(ZAINABU.nin, address);
    const ninHash = (await signIn.attempt()).ninHash;
    expect((await signInStanding(database.db, ninHash, address)).triesLeft).toBe(3);
    expect(await verifyCode(database.db, nida, await signIn.attempt(), signIn.wrong, address)).toMatchObject({ triesLeft: 2 });
    expect(await verifyCode(database.db, nida, await signIn.attempt(), signIn.wrong, address)).toMatchObject({ triesLeft: 1 });
    const paused = await verifyCode(database.db, nida, await signIn.attempt(), signIn.wrong, address);
    expect(paused).toMatchObject({ ok: false, problem: "locked", scope: "address" });
    expect(await begin(AMANI.nin, address)).toEqual(paused);
    // The NIN itself is not paused: from another address it signs in.
    expect((await begin(ZAINABU.nin, "198.51.100.18")).ok).toBe(true);
  });

  it("refuses sign-ins past thirty from one address in ten minutes, saying until when from the limit's window", async () => {
    const address = "203.0.113.88";
    expect(attemptsPerAddress).toMatchObject({ limit: 30, windowSeconds: 600 });
    for (let i = 0; i < attemptsPerAddress.limit; i++) await takeRateLimit(database.db, attemptsPerAddress, address);
    const before = new Date();
    const refused = await begin(AMANI.nin, address);
    if (refused.ok || refused.problem !== "rateLimited") throw new Error(`not refused: ${JSON.stringify(refused)}`);
    // The end of the ten minutes the refusal was counted in (unless the window turned meanwhile).
    expect([windowEnd(attemptsPerAddress, before).getTime(), windowEnd(attemptsPerAddress).getTime()]).toContain(refused.until.getTime());
    expect(refused.until.getTime() - before.getTime()).toBeLessThanOrEqual(600_000);
    expect(refused.until.getTime()).toBeGreaterThan(before.getTime());
    // Another address is not held up.
    expect((await begin(AMANI.nin, "198.51.100.19")).ok).toBe(true);
  });

  it("says NIDA is unavailable when the bus is down or signs badly, and lets nobody in", async () => {
    // Rule: an answer whose signature fails is not trusted, whatever it says.
    await control("down");
    expect(await begin(AMANI.nin, "198.51.100.10")).toEqual({ ok: false, problem: "unavailable" });
    await control("bad-signature");
    expect(await begin(AMANI.nin, "198.51.100.10")).toEqual({ ok: false, problem: "unavailable" });
    await control("normal");
    expect((await begin(AMANI.nin, "198.51.100.10")).ok).toBe(true);
  });
});
