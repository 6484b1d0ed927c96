"use client";

import { useActionState } from "react";
import { idle, type Failure } from "@/lib/actions/result";
import type { ProblemReportValues } from "@/lib/feedback/schema";
import { ErrorSummary } from "./ErrorSummary";
import { ChoiceGroup, Honeypot, TextField } from "./FormParts";

export type ProblemReportStrings = {
  counter: { one: string; other: string };
  kind: string;
  kinds: { value: string; label: string }[];
  details: string;
  detailsHint: string;
  contact: string;
  contactHint: string;
  submit: string;
  errorSummary: string;
};

type Props = {
  action: (state: Failure<ProblemReportValues>, form: FormData) => Promise<Failure<ProblemReportValues>>;
  locale: string;
  serviceId: string;
  strings: ProblemReportStrings;
};

const empty = idle<ProblemReportValues>({ kind: "", details: "", contact: "" });

/**
 * A Server Action form: without JavaScript the browser posts it and the server answers with the
 * page, errors beside their fields and the text kept; with JavaScript the same happens in place.
 */
export function ProblemReportForm({ action, locale, serviceId, strings }: Props) {
  const [state, formAction, pending] = useActionState(action, empty);
  const errors = Object.entries(state.fieldErrors) as [string, string][];
  const summaryItems = [
    ...(state.message ? [{ text: state.message }] : []),
    ...errors.map(([field, message]) => ({ href: `#${field}`, text: message })),
  ];

  return (
    <form action={formAction} className="mt-6 space-y-6" noValidate>
      <ErrorSummary title={strings.errorSummary} items={summaryItems} focusKey={state} />

      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="serviceId" value={serviceId} />
      <Honeypot />
      <ChoiceGroup name="kind" legend={strings.kind} options={strings.kinds} checked={state.values.kind} error={state.fieldErrors.kind} />
      <TextField
        name="details"
        label={strings.details}
        hint={strings.detailsHint}
        error={state.fieldErrors.details}
        defaultValue={state.values.details}
        maxLength={2000}
        rows={6}
        counter={strings.counter}
      />
      <TextField
        name="contact"
        label={strings.contact}
        hint={strings.contactHint}
        error={state.fieldErrors.contact}
        defaultValue={state.values.contact}
        maxLength={120}
        autoComplete="email"
      />

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
