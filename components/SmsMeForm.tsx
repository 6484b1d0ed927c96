"use client";

import { useActionState } from "react";
import { idle, type ActionResult } from "@/lib/actions/result";
import { ErrorSummary } from "./ErrorSummary";
import { Honeypot, TextField } from "./FormParts";

type Values = { phone: string };
type State = ActionResult<{ sent: true }, Values>;

/**
 * "SMS me this" under a service's details: a Server Action form that works without JavaScript
 * (the page comes back with the error beside the field and the number kept, or with "sent").
 */
export function SmsMeForm({
  action,
  locale,
  serviceId,
  strings,
}: {
  action: (state: State, form: FormData) => Promise<State>;
  locale: string;
  serviceId: string;
  strings: Record<"title" | "intro" | "phone" | "phoneHint" | "submit" | "sent" | "errorSummary", string>;
}) {
  const [state, formAction, pending] = useActionState(action, idle<Values>({ phone: "" }));
  const errors = state.ok ? {} : state.fieldErrors;
  const items = [
    ...(!state.ok && state.message ? [{ text: state.message }] : []),
    ...Object.entries(errors).map(([field, text]) => ({ href: `#${field}`, text })),
  ];
  return (
    <section aria-labelledby="sms-me" className="no-print mt-8 border-2 border-ink p-4">
      <h2 id="sms-me" className="text-2xl font-bold">
        {strings.title}
      </h2>
      {state.ok ? (
        <p role="status" className="mt-2 border-l-4 border-brand bg-green-50 p-3" data-testid="sms-sent">
          {strings.sent}
        </p>
      ) : (
        <form action={formAction} className="mt-2 space-y-4" noValidate>
          <ErrorSummary title={strings.errorSummary} items={items} focusKey={state} />
          <p>{strings.intro}</p>
          <input type="hidden" name="locale" value={locale} />
          <input type="hidden" name="serviceId" value={serviceId} />
          <Honeypot />
          <TextField
            name="phone"
            label={strings.phone}
            hint={strings.phoneHint}
            error={errors.phone}
            defaultValue={state.ok ? "" : state.values.phone}
            maxLength={32}
            type="tel"
            autoComplete="tel"
          />
          <button type="submit" disabled={pending} className="border-2 border-ink px-4 py-2 font-bold">
            {strings.submit}
          </button>
        </form>
      )}
    </section>
  );
}
