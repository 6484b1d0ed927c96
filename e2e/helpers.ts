import { expect, type Page } from "@playwright/test";
import { CITIZENS } from "../sandbox/citizens.mjs";

/** The sandbox's fictional citizens, with their phones and answers (sandbox/README.md). */
export type Citizen = { nin: string; firstName: string; surname: string; phone: string; answers: Record<string, string> };
export const citizens = CITIZENS as Citizen[];
export const sandbox = process.env.E2E_SANDBOX_URL!;

/** Pays a control number at the sandbox's GePG, as a payer would from a network or bank: its answer's status. */
export async function payInSandbox(controlNumber: string, channel = "mpesa"): Promise<number> {
  const answer = await fetch(`${sandbox}/gepg/pay.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ controlNumber, channel }),
  });
  return answer.status;
}

type Inbox = { messages: { id: number; recipient: string; message: string }[] };
const inbox = async () => ((await (await fetch(`${sandbox}/mgov/inbox.json`)).json()) as Inbox).messages;

/** The id of the newest SMS in the sandbox's phone inbox (0 when it is empty). */
export async function newestSmsId(): Promise<number> {
  return (await inbox())[0]?.id ?? 0;
}

/**
 * The newest SMS the sandbox's phone inbox has for this number, waiting for the job queue to send
 * it; with `after`, only one newer than that id (a new code, not the one an earlier sign-in got).
 */
export async function latestSms(phone: string, matching: RegExp, after = 0): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const found = (await inbox()).find((m) => m.id > after && m.recipient === phone && matching.test(m.message));
    if (found) return found.message;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("no SMS reached the sandbox's phone inbox");
}

/** Signs a sandbox citizen in with a code by SMS, on English pages. */
export async function signInBySms(page: Page, citizen: Citizen, from = "/en/sign-in") {
  await page.goto(from);
  await page.getByLabel("National ID Number (NIN)").fill(citizen.nin);
  await page.getByRole("button", { name: "Continue" }).click();
  const before = await newestSmsId();
  await page.getByRole("button", { name: "Send me a code by SMS" }).click();
  const code = /(\d{6})/.exec(await latestSms(citizen.phone, /Dirisha sign-in code/, before))![1]!;
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(`Welcome, ${citizen.firstName}`)).toBeVisible();
}
