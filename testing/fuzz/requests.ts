import fc from "fast-check";
import { redirect } from "next/navigation";
import type { Database } from "@/db";
import type { Actor } from "@/lib/security/permissions";
import { FUZZ_RUNS, fuzz, loggedErrors, shown, writeWatch } from "./harness";

/*
 * Server Actions called as a browser (or anyone with curl) calls them: a FormData, from a caller
 * whose identity, address and cookies are set here. Only the request is replaced (next/headers
 * and the session modules); the action client, the schemas, the domain and the database are real.
 */

/** The request an action sees; each case sets it. */
export const request = {
  actor: { kind: "anonymous" } as Actor,
  sessionId: null as string | null,
  address: "192.0.2.1",
  cookies: new Map<string, string>(),
};

/** next/headers for the actions: the caller's address as server.mjs sets it, and a cookie jar. */
export const nextHeaders = {
  headers: async () => new Headers({ "x-dirisha-client-address": request.address }),
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
    set: (name: string, value: string) => void request.cookies.set(name, value),
    delete: (name: string) => void request.cookies.delete(name),
  }),
};

/** next-auth's sign-in and sign-out end in a redirect to where they are told; the session is `request`'s. */
const redirectTo = async (_provider: unknown, options?: { redirectTo?: string }) => redirect(options?.redirectTo ?? "/");
export const citizenAuth = {
  currentActor: async () => request.actor,
  currentCitizenId: async () => (request.actor.kind === "citizen" ? request.actor.citizenId : null),
  currentSessionId: async () => request.sessionId,
  signIn: redirectTo,
  signOut: async (options?: { redirectTo?: string }) => redirect(options?.redirectTo ?? "/"),
};
export const staffAuth = {
  currentStaffActor: async () => request.actor,
  currentStaff: async () =>
    request.actor.kind === "staff"
      ? {
          id: request.actor.staffId,
          name: "Afisa",
          role: request.actor.role,
          institutionId: request.actor.institutionId,
          sessionId: request.sessionId ?? "",
        }
      : null,
  requireStaff: async () => {
    if (request.actor.kind !== "staff") redirect("/sw/staff/sign-in");
    return request.actor;
  },
  staffSignIn: redirectTo,
  staffSignOut: async (options?: { redirectTo?: string }) => redirect(options?.redirectTo ?? "/"),
};

/** How an action ended: the state it answered, the address it redirected to, or "not found". */
export type Outcome = { kind: "state"; state: unknown } | { kind: "redirect"; to: string } | { kind: "notFound" };

/** Runs an action; Next's redirect and not-found (the only throws allowed) become outcomes, anything else is thrown on. */
export async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { kind: "state", state: await run() };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;"))
      return { kind: "redirect", to: digest.split(";").slice(2, -2).join(";") };
    if (typeof digest === "string" && digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return { kind: "notFound" };
    throw error;
  }
}

/** A text that is a translation key or a problem's name rather than words: a translation that was missing. */
const untranslated = (text: string) => /^[a-z][\w-]*(\.[\w-]+)+$/i.test(text) || /^[a-z]+[A-Z]\w*$/.test(text) || text.includes("{{");

/** What is wrong with an action's answer, if anything. */
export function answerProblems(outcome: Outcome, kind: "state" | "redirect"): string[] {
  const problems: string[] = [];
  if (outcome.kind === "redirect") {
    const url = new URL(outcome.to, "http://portal.invalid");
    // Always a page of this portal in one of its languages: never another site, never a crafted path.
    if (url.origin !== "http://portal.invalid" || !/^\/(sw|en)(?=[/?#]|$)/.test(outcome.to) || outcome.to.split(/[?#]/)[0]!.includes("\\"))
      problems.push(`redirected off the portal: ${shown(outcome.to)}`);
    if (url.searchParams.get("problem") === "failed") problems.push(`redirected with problem=failed: ${shown(outcome.to)}`);
    return problems;
  }
  if (outcome.kind === "notFound") return problems;
  if (kind === "redirect") return [`a redirecting action answered instead of redirecting: ${shown(outcome.state)}`];
  const state = outcome.state as { ok?: unknown; fieldErrors?: unknown; message?: unknown; values?: unknown; problem?: unknown };
  if (typeof state !== "object" || state === null || typeof state.ok !== "boolean") return [`not an action result: ${shown(state)}`];
  if (state.ok) return problems;
  if (state.problem === "failed") problems.push("answered problem=failed (an error nobody expected)");
  if (typeof state.fieldErrors !== "object" || state.fieldErrors === null) problems.push(`fieldErrors missing: ${shown(state)}`);
  const texts = [
    ...Object.values((state.fieldErrors as Record<string, unknown>) ?? {}),
    ...(state.message === null ? [] : [state.message]),
  ];
  for (const text of texts)
    if (typeof text !== "string" || text.trim() === "" || untranslated(text)) problems.push(`an error not in words: ${shown(text)}`);
  if (texts.length === 0) problems.push(`refused without saying why: ${shown(state)}`);
  if (typeof state.values !== "object" || state.values === null || Object.values(state.values).some((v) => typeof v !== "string"))
    problems.push(`values not kept as text: ${shown(state.values)}`);
  return problems;
}

/** Names a page shows under ?problem= that are news, not refusals: signed out, an account ready. */
const NOTICES = ["signedOut", "enrolled"];

/** Whether the action refused the case (so nothing of it may be stored). */
export function refused(outcome: Outcome): boolean {
  if (outcome.kind === "state") return (outcome.state as { ok?: unknown }).ok === false;
  if (outcome.kind === "redirect") {
    const problem = new URL(outcome.to, "http://portal.invalid").searchParams.get("problem");
    return problem !== null && !NOTICES.includes(problem);
  }
  return true;
}

export type ActionTarget = {
  name: string;
  /** "state": `(previous, form)` with useActionState; "redirect": `(form)`, always ending in a redirect. */
  kind: "state" | "redirect";
  call: (form: FormData) => Promise<unknown>;
  form: fc.Arbitrary<FormData>;
  actors: fc.Arbitrary<Actor>;
  cookies?: fc.Arbitrary<Record<string, string>>;
  sessions?: fc.Arbitrary<string | null>;
  /** Tables a refusal may still change: a counted try, an audit line (rate_limit_hits always). */
  mayWrite?: readonly string[];
  /**
   * The share of FUZZ_RUNS this target runs, where a case costs far more than others (a password
   * hashed with scrypt on every case): 1 unless said.
   */
  weight?: number;
  /** Sets a case up before it is counted (a citizen of its own to erase); the actor it runs as. */
  prepare?: (actor: Actor) => Promise<Actor>;
  /** More to check after a case (what was stored is shown escaped…). */
  after?: (outcome: Outcome, form: FormData) => Promise<void>;
};

let addresses = 0;

/**
 * Fuzzes one action: for every case, no throw but Next's redirect and not-found, no error logged,
 * an answer in words (or a redirect within the portal, never problem=failed), and a refusal that
 * stored nothing.
 */
export async function fuzzAction(
  db: Database,
  engine: string,
  target: ActionTarget,
  runs = Math.max(1, Math.round(FUZZ_RUNS * (target.weight ?? 1))),
): Promise<void> {
  // Cases run one after the other: what a case starts from is what the last one left.
  const writes = await writeWatch(db);
  const errors = loggedErrors();
  try {
    await fuzz(
      `${target.name} (${engine})`,
      fc.record({
        form: target.form,
        actor: target.actors,
        cookies: target.cookies ?? fc.constant({}),
        session: target.sessions ?? fc.constant(null),
      }),
      async ({ form, actor, cookies, session }) => {
        // Each case from an address of its own, so that the limits per address rarely hide what is behind them.
        addresses += 1;
        request.address = `198.18.${(addresses >> 8) & 255}.${addresses & 255}`;
        request.actor = actor;
        request.sessionId = session;
        request.cookies = new Map(Object.entries(cookies));
        errors.lines.length = 0;
        if (target.prepare) {
          request.actor = await target.prepare(actor);
          await writes.changed();
        }
        let outcome: Outcome;
        try {
          outcome = await outcomeOf(() => target.call(form));
        } catch (error) {
          throw new Error(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : shown(error)} for ${describeForm(form)}`, {
            cause: error,
          });
        }
        const problems = answerProblems(outcome, target.kind);
        if (errors.lines.length) problems.push(`logged errors: ${errors.lines.map(shown).join(" | ")}`);
        const changed = await writes.changed(target.mayWrite);
        if (refused(outcome) && changed.length) problems.push(`refused, yet wrote to ${changed.join(", ")}`);
        if (problems.length) throw new Error(`${problems.join("; ")}\n  answer: ${shown(outcome)}\n  form: ${describeForm(form)}`);
        await target.after?.(outcome, form);
        return outcome.kind === "notFound" ? "not found" : refused(outcome) ? "refused" : "accepted";
      },
      runs,
    );
  } finally {
    errors.stop();
  }
}

/** A form for a failure message: each field shortened, a file by its name, type and size. */
export function describeForm(form: FormData): string {
  return [...form.entries()]
    .map(
      ([name, value]) =>
        `${shown(name)}=${typeof value === "string" ? shown(value) : `File(${shown(value.name)}, ${shown(value.type)}, ${value.size} B)`}`,
    )
    .join(", ");
}
