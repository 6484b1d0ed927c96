import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, signInAttempts } from "@/db/schema";
import { configuredNida } from "@/lib/integrations/nida/config";
import type { NidaConfig } from "@/lib/integrations/nida/client";
import { testEngines, type TestDatabase } from "@/testing/database";
import { startSandbox, type SandboxProcess } from "@/testing/sandbox-process";
import { beginSignIn, consumeProof, findAttempt, questionStep, recordSignOut, sendCode, sessionIsActive, verifyCode } from "./sign-in";

// The portal and the sandbox exchange GovESB keys through this folder, as on a trial machine.
const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-keys-"));
process.env.KEYS_DIR = keys;

// The sandbox's fictional citizens (sandbox/README.md): the first has NIN 19900101-00000-00000-01.
const AMANI = { nin: "19900101000000000001", answers: { "101": "Rehema", "103": "Kilimanjaro", "105": "Moshi", "108": "2003" } };
const UNKNOWN_NIN = "19900101999999999999";

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
  fetch(`${sandbox.url}/govesb/_control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ mode }) });

describe.each(testEngines())("signing in with a NIN through the sandbox's GovESB and NIDA on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const begin = (nin: string, address = "198.51.100.7") => beginSignIn(database.db, nida, { nin, address, locale: "sw" });

  async function sentCode(): Promise<string> {
    const [row] = await database.db.select().from(outbox).where(eq(outbox.topic, "sms.send")).orderBy(sql`${outbox.id} desc`).limit(1);
    return /(\d{6})/.exec((row!.payload as { message: string }).message)![1]!;
  }

  it("answers 'not found' for a NIN NIDA does not know, and lets nobody in", async () => {
    expect(await begin(UNKNOWN_NIN)).toEqual({ ok: false, problem: "notFound" });
  });

  it("signs in with a one-time code sent to the phone NIDA has, used once", async () => {
    const started = await begin(AMANI.nin);
    if (!started.ok) throw new Error(started.problem);
    expect(started.maskedPhone).toBe("+255 7•• ••• •01");
    const attempt = (await findAttempt(database.db, started.token))!;
    expect(await sendCode(database.db, attempt, "sw")).toEqual({ ok: true });
    const code = await sentCode();
    // Rule: codes are stored hashed, never as sent.
    const stored = (await findAttempt(database.db, started.token))!;
    expect(stored.codeHash).not.toContain(code);

    const wrong = code === "000000" ? "111111" : "000000";
    expect(await verifyCode(database.db, nida, stored, wrong, "198.51.100.7")).toEqual({ ok: false, problem: "wrongCode" });
    const result = await verifyCode(database.db, nida, stored, code, "198.51.100.7");
    if (!result.ok) throw new Error(result.problem);
    const citizen = await consumeProof(database.db, result.proof);
    expect(citizen?.name).toBe("Amani Mushi");
    // Rule: signing out ends the session on the server, not only in the browser.
    expect(await sessionIsActive(database.db, citizen!.sessionId)).toBe(true);
    await recordSignOut(database.db, citizen!.id, citizen!.sessionId);
    expect(await sessionIsActive(database.db, citizen!.sessionId)).toBe(false);
    // Rule: a proof is good once.
    expect(await consumeProof(database.db, result.proof)).toBeNull();
    // The finished sign-in takes the NIN and phone with it.
    expect(await findAttempt(database.db, started.token)).toBeUndefined();
  });

  it("refuses a code after its five minutes", async () => {
    const started = await begin(AMANI.nin);
    if (!started.ok) throw new Error(started.problem);
    await sendCode(database.db, (await findAttempt(database.db, started.token))!, "en");
    const code = await sentCode();
    await database.db.update(signInAttempts).set({ codeExpiresAt: sql`now() - interval '1 second'` });
    const attempt = (await findAttempt(database.db, started.token))!;
    expect(await verifyCode(database.db, nida, attempt, code, "198.51.100.7")).toEqual({ ok: false, problem: "expired" });
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

  it("locks a NIN after five wrong answers in an hour, with a clear reason", async () => {
    const nin = "19850314409863660053";
    const started = await begin(nin, "198.51.100.9");
    if (!started.ok) throw new Error(started.problem);
    await sendCode(database.db, (await findAttempt(database.db, started.token))!, "sw");
    const code = await sentCode();
    const wrong = code === "123456" ? "654321" : "123456";
    const problems: string[] = [];
    for (let i = 0; i < 5; i++) {
      const attempt = (await findAttempt(database.db, started.token))!;
      const result = await verifyCode(database.db, nida, attempt, wrong, "198.51.100.9");
      problems.push(result.ok ? "ok" : result.problem);
    }
    expect(problems).toEqual(["wrongCode", "wrongCode", "wrongCode", "wrongCode", "locked"]);
    // Even the right code is refused now, and so is a new start.
    const attempt = (await findAttempt(database.db, started.token))!;
    expect(await verifyCode(database.db, nida, attempt, code, "198.51.100.9")).toEqual({ ok: false, problem: "locked" });
    expect(await begin(nin, "198.51.100.9")).toEqual({ ok: false, problem: "locked" });
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
