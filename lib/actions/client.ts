import "server-only";
import type { TFunction } from "i18next";
import { redirect, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getDb, type Database } from "@/db";
import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import type { Namespace } from "@/lib/i18n/resources";
import { clientAddress } from "@/lib/identity/request";
import { describeError, log } from "@/lib/log";
import { currentActor } from "@/lib/identity/auth";
import type { Actor } from "@/lib/security/permissions";
import { currentStaffActor } from "@/lib/staff/auth";
import { hasControlCharacters, showControlCharacters, withoutLoneSurrogates } from "@/lib/security/control-characters";
import { takeRateLimit, type RateLimit } from "@/lib/security/rate-limit";
import { HONEYPOT, type Failure, type FieldErrors, type Values } from "./result";

/*
 * The one way a Server Action is written (docs/decisions/0008-one-action-client.md). Every action
 * reads its form, resolves who is calling, asks the named permission, refuses robots, parses the
 * fields with its schema (and refuses control characters in any of them), counts its rate limits,
 * and only then runs its domain call. What goes wrong is said by a problem's name ("notFound",
 * "rateLimited"): a form's action translates it into the caller's language; a redirecting action
 * carries it to the page (?problem=name), which translates it there. An error nobody expected is
 * logged and said as "failed", never shown.
 */

/** A refusal as the domain services give it: the problem's name, and the field it is about. */
export type Refusal = { ok: false; problem: string; field?: string };

/** What every action knows of its request before anything is checked. */
export type Request = { locale: Locale; form: FormData; text: (name: string) => string };
export type Context<A extends Actor> = Request & { actor: A; db: Database };

type Shared<A extends Actor, S extends z.ZodType> = {
  /** The action's name in the log. */
  name: string;
  /** The named permission (lib/security/permissions.ts) the caller must have. */
  permission: ((actor: Actor) => actor is A) | ((actor: Actor) => boolean);
  /** Where a caller the permission refuses goes instead of being told (the signed-in, away from sign-in). */
  refused?: (request: Request) => string | Promise<string>;
  /** The fields; its messages are problem names. A function when it needs the request (its language). */
  schema: S | ((request: Request) => S | Promise<S>);
  /** Refuses a form whose hidden robot field is filled in. */
  honeypot?: boolean;
  /** Counted after the fields are valid, so that a mistake costs nothing: by address or by a field. */
  rateLimits?: readonly { rule: RateLimit; key: "address" | ((input: z.output<S>) => string | null) }[];
  /** The name a form field's problem is shown under, where the form names it otherwise (`q_name` beside `name`). */
  fieldOf?: (name: string) => string;
};

type Problem = { name: string; params?: Record<string, unknown> };
type Checked<A extends Actor, S extends z.ZodType> =
  { ok: true; input: z.output<S>; context: Context<A> } | { ok: false; problem: Problem | null; fields: Record<string, Problem> };

const refusal = (name: string) => ({ ok: false as const, problem: { name }, fields: {} });

/** The client's problem for a field the schema cannot read and says nothing of itself (zod's own message). */
const UNREADABLE = "unreadable";

function requestOf(form: FormData): Request {
  const locale = form.get("locale");
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return { locale: isLocale(locale) ? locale : defaultLocale, form, text };
}

/**
 * The fields (a file by its name) that hold a control character: refused in every action, typed
 * or hidden, before anything is counted or stored (lib/security/control-characters.ts).
 */
function fieldsWithControlCharacters(form: FormData): string[] {
  return [...new Set(form.keys())].filter((name) =>
    form.getAll(name).some((value) => hasControlCharacters(typeof value === "string" ? value : value.name)),
  );
}

/** The form as an object for the schema: a repeated field (checkboxes) as a list. */
function fieldsOf(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  return Object.fromEntries(
    [...new Set(form.keys())].map((name) => {
      const all = form.getAll(name);
      return [name, all.length === 1 ? all[0]! : all];
    }),
  );
}

async function check<A extends Actor, S extends z.ZodType>(
  spec: Shared<A, S>,
  identify: () => Promise<Actor>,
  request: Request,
): Promise<Checked<A, S>> {
  const actor = await identify();
  if (!spec.permission(actor)) {
    log.warn("action refused", { action: spec.name, actor: actor.kind });
    if (spec.refused) redirect(await spec.refused(request));
    return refusal("forbidden");
  }
  if (spec.honeypot && request.text(HONEYPOT) !== "") {
    log.info("action refused a robot", { action: spec.name });
    return refusal("robot");
  }
  const schema = typeof spec.schema === "function" ? await spec.schema(request) : spec.schema;
  // A field the form always sends that is missing, repeated or a file where text belongs (a
  // request no browser sends from the form) has no problem of the schema's own: "unreadable".
  const parsed = await schema.safeParseAsync(fieldsOf(request.form), { error: () => UNREADABLE });
  const fields: Record<string, Problem> = {};
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      fields[issue.path.join(".")] ??= { name: issue.message, params: "params" in issue ? issue.params : undefined };
  // The schema's own problem comes first (a code is "six digits" before anything else); a field it
  // accepts is still refused when it holds a control character.
  for (const name of fieldsWithControlCharacters(request.form)) fields[spec.fieldOf?.(name) ?? name] ??= { name: "controlCharacters" };
  if (!parsed.success || Object.keys(fields).length > 0) return { ok: false, problem: null, fields };
  const db = await getDb();
  for (const { rule, key } of spec.rateLimits ?? []) {
    const value = key === "address" ? await clientAddress() : key(parsed.data);
    if (value !== null && !(await takeRateLimit(db, rule, value))) {
      log.info("action over its rate limit", { action: spec.name, bucket: rule.bucket });
      return refusal("rateLimited");
    }
  }
  return { ok: true, input: parsed.data, context: { ...request, actor: actor as A, db } };
}

/**
 * A form's value as one segment of an address (a record's page to go back to): at most `max`
 * characters, encoded. Cutting may leave half of a character outside the BMP (an emoji typed
 * into a hidden id); that half is replaced, where encodeURIComponent would throw.
 */
export function addressSegment(text: string, max = 40): string {
  return encodeURIComponent(withoutLoneSurrogates(text.slice(0, max)));
}

/** A path with these added to its query (before any #fragment); empty values left out. */
export function address(path: string, params: Record<string, string | number | null | undefined>): string {
  const url = new URL(path, "http://portal.invalid");
  for (const [name, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, String(value));
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A failure as a run says it: in words already, and with the values when it has them at hand. */
type Said<V extends Values> = Omit<Failure<V>, "ok" | "values"> & { values?: V };

type StateSpec<A extends Actor, S extends z.ZodType, N extends Namespace, O, K extends string, V extends Values> = Shared<A, S> & {
  /** The translations the action speaks from. */
  namespace: N;
  /** Where in the namespace its problem names are found, the first that has one winning. */
  problemsAt: readonly string[];
  /**
   * What the form shows again after a failure: these fields as typed (a control character as "�"),
   * or what a function reads (showControlCharacters does the same for it).
   */
  keep?: readonly K[] | ((form: FormData) => V);
  /** The work, once all is checked: a success (`ok: true` and what the form shows), a Failure, or a refusal. */
  run: (input: z.output<S>, context: Context<A> & { t: TFunction<N>; fail: (said: Said<V>) => Failure<V> }) => Promise<O>;
};

/** The longest typed value shown again; more is cut (the fields' own limits are far below). */
const KEEP_AT_MOST = 20_000;

function keptValues<V extends Values>(form: FormData, keep: readonly string[] | ((form: FormData) => V) | undefined): V {
  if (typeof keep === "function") return keep(form);
  const value = (entry: FormDataEntryValue | null) =>
    showControlCharacters(
      typeof entry === "string" ? entry.slice(0, KEEP_AT_MOST) : entry && entry.size > 0 ? entry.name.slice(0, 200) : "",
    );
  return Object.fromEntries((keep ?? []).map((name) => [name, value(form.get(name))])) as V;
}

/**
 * An action for a form with useActionState: `(previous, form) => state`, the state being the
 * success the action returns or a Failure in the caller's language with what was typed.
 */
function withState(identify: () => Promise<Actor>) {
  return <
      S extends z.ZodType,
      N extends Namespace,
      O extends { ok: true } | Failure<V> | Refusal,
      A extends Actor = Actor,
      K extends string = never,
      V extends Values = Record<K, string>,
    >(
      spec: StateSpec<A, S, N, O, K, V>,
    ) =>
    async (_previous: unknown, form: FormData): Promise<Extract<O, { ok: true }> | Failure<V>> => {
      const request = requestOf(form);
      const translate = getT(request.locale, spec.namespace) as unknown as (keys: string[], options: Record<string, unknown>) => string;
      const say = ({ name, params }: Problem): string => {
        const text = translate(
          spec.problemsAt.map((at) => `${at}.${name}`),
          { ...params, defaultValue: "" },
        );
        if (text) return text;
        log.error("action problem without a translation", { action: spec.name, problem: name });
        return translate(
          spec.problemsAt.map((at) => `${at}.failed`),
          {},
        );
      };
      const fail = ({ values, ...said }: Said<V>): Failure<V> => ({ ok: false, ...said, values: values ?? keptValues(form, spec.keep) });
      try {
        const checked = await check(spec, identify, request);
        if (!checked.ok) {
          const fieldErrors: FieldErrors = Object.fromEntries(
            Object.entries(checked.fields).map(([field, problem]) => [field, say(problem)]),
          );
          return fail({
            fieldErrors,
            message: checked.problem && say(checked.problem),
            ...(checked.problem ? { problem: checked.problem.name } : {}),
          });
        }
        const result: { ok: true } | Failure<V> | Refusal = await spec.run(checked.input, {
          ...checked.context,
          t: getT(request.locale, spec.namespace),
          fail,
        });
        if (result.ok) return result as Extract<O, { ok: true }>;
        if ("fieldErrors" in result) return result;
        const text = say({ name: result.problem });
        return fail(
          result.field
            ? { fieldErrors: { [result.field]: text }, message: null, problem: result.problem }
            : { fieldErrors: {}, message: text, problem: result.problem },
        );
      } catch (error) {
        unstable_rethrow(error);
        log.error("action failed", { action: spec.name, error: describeError(error) });
        return fail({ fieldErrors: {}, message: say({ name: "failed" }), problem: "failed" });
      }
    };
}

type RedirectSpec<A extends Actor, S extends z.ZodType> = Shared<A, S> & {
  /** The page that shows this action's problems (?problem=name) when the run does not say where. */
  back: (request: Request) => string | Promise<string>;
  /** Does the work and says where to go next: an address, or a refusal to show on `back`. */
  run: (input: z.output<S>, context: Context<A>) => Promise<string | Refusal>;
};

/**
 * An action for a plain form (a button in a list, a step of a sign-in): it always ends in a
 * redirect, and a problem travels by name in the address to the page that shows it.
 */
function redirecting(identify: () => Promise<Actor>) {
  return <S extends z.ZodType, A extends Actor = Actor>(spec: RedirectSpec<A, S>) =>
    async (form: FormData): Promise<never> => {
      const request = requestOf(form);
      const back = async (problem: string) => address(await spec.back(request), { problem });
      let to: string;
      try {
        const checked = await check(spec, identify, request);
        if (!checked.ok) to = await back(checked.problem?.name ?? Object.values(checked.fields)[0]!.name);
        else {
          const result = await spec.run(checked.input, checked.context);
          to = typeof result === "string" ? result : await back(result.problem);
        }
      } catch (error) {
        unstable_rethrow(error);
        log.error("action failed", { action: spec.name, error: describeError(error) });
        to = await back("failed");
      }
      redirect(to);
    };
}

function client(identify: () => Promise<Actor>) {
  return { withState: withState(identify), redirecting: redirecting(identify) };
}

/** Actions of the public and citizens' pages: the caller is a signed-in citizen or anonymous. */
export const citizenAction = client(currentActor);
/** Actions of the editorial area: the caller is a signed-in staff member or anonymous. */
export const staffAction = client(currentStaffActor);
