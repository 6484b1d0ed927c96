"use client";

import { useActionState, type ReactNode } from "react";
import { idle, type Failure } from "@/lib/actions/result";
import { ErrorSummary } from "./ErrorSummary";
import { FieldError } from "./FormParts";

type Props = {
  action: (state: Failure<{ nin: string }>, form: FormData) => Promise<Failure<{ nin: string }>>;
  locale: string;
  returnTo: string;
  strings: { label: string; hint: string; submit: string; errorSummary: string };
  /** Shown when the NIN typed is paused: what the citizen can do meanwhile (rendered on the server). */
  pausedHelp?: ReactNode;
};

/** The NIN form: a Server Action form whose error shows beside the field, the number kept. */
export function NinForm({ action, locale, returnTo, strings, pausedHelp }: Props) {
  const [state, formAction, pending] = useActionState(action, idle({ nin: "" }));
  const error = state.fieldErrors.nin;
  const items = [...(state.message ? [{ text: state.message }] : []), ...(error ? [{ href: "#nin", text: error }] : [])];
  return (
    <form action={formAction} className="mt-6 space-y-4" noValidate>
      <ErrorSummary title={strings.errorSummary} items={items} focusKey={state} />
      {state.problem === "locked" ? pausedHelp : null}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="return" value={returnTo} />
      <div>
        <label htmlFor="nin" className="block text-lg font-bold">
          {strings.label}
        </label>
        <p id="nin-hint" className="text-sm text-muted">
          {strings.hint}
        </p>
        <FieldError field="nin" message={error} />
        <input
          id="nin"
          name="nin"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={30}
          defaultValue={state.values.nin}
          aria-describedby={error ? "nin-hint nin-error" : "nin-hint"}
          aria-invalid={error ? true : undefined}
          className="mt-1 w-full max-w-md border-2 border-ink p-2 font-mono text-lg tracking-wide"
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark disabled:opacity-60"
      >
        {strings.submit}
      </button>
    </form>
  );
}
