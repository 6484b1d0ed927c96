"use client";

import { useActionState } from "react";
import { idle, type ActionResult } from "@/lib/actions/result";
import { FieldError } from "./FormParts";

/** Positions by service id, as typed or as saved. */
type Positions = Record<string, string>;
type ServiceOrderState = ActionResult<{ values: Positions; message: string }, Positions>;

type Props = {
  action: (state: ServiceOrderState, form: FormData) => Promise<ServiceOrderState>;
  locale: string;
  event: string;
  /** The event's services as the public page lists them now; each with its position ("" when it has none). */
  services: { id: string; name: string; slug: string; position: string }[];
  strings: Record<"summary" | "hint" | "position" | "save", string>;
};

/**
 * The order of a life event's services: a number beside each (1 first). Those without one
 * follow in alphabetical order on the public page.
 */
export function ServiceOrderForm({ action, locale, event, services, strings }: Props) {
  const initial = Object.fromEntries(services.map((s) => [s.id, s.position]));
  const [state, formAction, pending] = useActionState(action, idle(initial));
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <details open={state.message !== null} className="mt-1 border-2 border-gray-400 p-3">
      <summary className="cursor-pointer font-semibold">{strings.summary}</summary>
      <form action={formAction} className="mt-3 space-y-3" noValidate>
        {state.message ? (
          <p
            role={state.ok ? "status" : "alert"}
            className={`border-l-4 p-3 ${state.ok ? "border-brand bg-green-50" : "border-red-700 bg-red-50"}`}
          >
            {state.message}
          </p>
        ) : null}
        <p id={`order-${event}-hint`}>{strings.hint}</p>
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="event" value={event} />
        <ol className="space-y-2">
          {services.map((service) => {
            const id = `order-${event}-${service.id}`;
            const error = errors[service.id];
            return (
              <li key={service.id} className="flex flex-wrap items-center gap-3">
                <input
                  id={id}
                  name={`position-${service.id}`}
                  type="text"
                  inputMode="numeric"
                  maxLength={3}
                  defaultValue={state.values[service.id] ?? ""}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : `order-${event}-hint`}
                  className="w-16 border-2 border-ink p-2"
                />
                <label htmlFor={id}>
                  <span className="sr-only">{strings.position}: </span>
                  {service.name} <span className="font-mono text-sm">({service.slug})</span>
                </label>
                <FieldError field={id} message={error} />
              </li>
            );
          })}
        </ol>
        <button type="submit" disabled={pending} className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
          {strings.save}
        </button>
      </form>
    </details>
  );
}
