"use client";

import { useActionState } from "react";
import { idle, type ActionResult } from "@/lib/actions/result";
import { FieldError } from "./FormParts";

type Values = { value: string; sw: string; en: string };
type State = ActionResult<object, Values>;

/**
 * Correcting one fact of a listing: its new value (a fee's amount; a link, number or code) or, for
 * the processing time, its words in both languages. A wrong value is said beside its field, with
 * what was typed kept; a correction saved goes live at once (the action redirects back).
 */
export function FactCorrectForm({
  action,
  locale,
  serviceId,
  factKey,
  current,
  labels,
}: {
  action: (state: State, form: FormData) => Promise<State>;
  locale: string;
  serviceId: string;
  factKey: string;
  current: Values;
  /** `value` alone, or `sw` and `en` for the processing time. */
  labels: { value?: string; sw?: string; en?: string; submit: string; open: string };
}) {
  const [state, formAction, pending] = useActionState(action, idle(current));
  const errors = state.ok ? {} : state.fieldErrors;
  const typed = state.ok ? current : state.values;
  const id = `correct-${factKey.replace(":", "-")}`;
  const fields = (["value", "sw", "en"] as const).filter((field) => labels[field]);
  const failed = !state.ok && (state.message !== null || Object.keys(errors).length > 0);
  // Folded until needed; open again, with the problem beside its field, after a refused correction.
  return (
    <details open={failed || undefined}>
      <summary className="cursor-pointer font-semibold">{labels.open}</summary>
      <form action={formAction} className="mt-2 space-y-2" noValidate>
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="serviceId" value={serviceId} />
        <input type="hidden" name="key" value={factKey} />
        {!state.ok && state.message ? (
          <p role="alert" className="font-bold text-red-700">
            {state.message}
          </p>
        ) : null}
        {fields.map((field) => (
          <div key={field}>
            <label htmlFor={`${id}-${field}`} className="block font-bold">
              {labels[field]}
            </label>
            <FieldError field={`${id}-${field}`} message={errors[field]} />
            <input
              id={`${id}-${field}`}
              name={field}
              type="text"
              lang={field === "value" ? undefined : field}
              defaultValue={typed[field]}
              maxLength={500}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `${id}-${field}-error` : undefined}
              className="mt-1 w-full max-w-xl border-2 border-ink p-2"
            />
          </div>
        ))}
        <button type="submit" disabled={pending} className="border-2 border-ink px-4 py-2 font-bold">
          {labels.submit}
        </button>
      </form>
    </details>
  );
}
