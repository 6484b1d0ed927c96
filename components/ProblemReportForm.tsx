"use client";

import { useActionState } from "react";
import type { ReportFormState } from "@/app/[locale]/(public)/services/[slug]/report/actions";
import { ErrorSummary } from "./ErrorSummary";

export type ProblemReportStrings = {
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
  action: (state: ReportFormState, form: FormData) => Promise<ReportFormState>;
  locale: string;
  serviceId: string;
  strings: ProblemReportStrings;
};

const empty: ReportFormState = { errors: {}, message: null, values: { kind: "", details: "", contact: "" } };

/**
 * A Server Action form: without JavaScript the browser posts it and the server answers with the
 * page, errors beside their fields and the text kept; with JavaScript the same happens in place.
 */
export function ProblemReportForm({ action, locale, serviceId, strings }: Props) {
  const [state, formAction, pending] = useActionState(action, empty);
  const errors = Object.entries(state.errors) as [string, string][];
  const summaryItems = [
    ...(state.message ? [{ text: state.message }] : []),
    ...errors.map(([field, message]) => ({ href: `#${field}`, text: message })),
  ];

  const fieldError = (field: "kind" | "details" | "contact") =>
    state.errors[field] ? (
      <p id={`${field}-error`} className="mt-1 font-bold text-red-700">
        {state.errors[field]}
      </p>
    ) : null;

  return (
    <form action={formAction} className="mt-6 space-y-6" noValidate>
      <ErrorSummary title={strings.errorSummary} items={summaryItems} focusKey={state} />

      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="serviceId" value={serviceId} />
      {/* Hidden from people; robots that fill every field give themselves away. */}
      <div aria-hidden="true" className="hidden">
        <label htmlFor="website">Website</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <fieldset aria-describedby={state.errors.kind ? "kind-error" : undefined}>
        <legend className="text-lg font-bold">{strings.kind}</legend>
        {fieldError("kind")}
        <div className="mt-2 space-y-2">
          {strings.kinds.map((kind, i) => (
            <label key={kind.value} className="flex items-center gap-3">
              <input
                id={i === 0 ? "kind" : undefined}
                type="radio"
                name="kind"
                value={kind.value}
                defaultChecked={state.values.kind === kind.value}
                className="h-6 w-6"
              />
              {kind.label}
            </label>
          ))}
        </div>
      </fieldset>

      <div>
        <label htmlFor="details" className="block text-lg font-bold">
          {strings.details}
        </label>
        <p id="details-hint" className="text-sm text-muted">
          {strings.detailsHint}
        </p>
        {fieldError("details")}
        <textarea
          id="details"
          name="details"
          rows={6}
          maxLength={2000}
          defaultValue={state.values.details}
          aria-describedby={state.errors.details ? "details-hint details-error" : "details-hint"}
          aria-invalid={state.errors.details ? true : undefined}
          className="mt-1 w-full border-2 border-ink p-2"
        />
      </div>

      <div>
        <label htmlFor="contact" className="block text-lg font-bold">
          {strings.contact}
        </label>
        <p id="contact-hint" className="text-sm text-muted">
          {strings.contactHint}
        </p>
        {fieldError("contact")}
        <input
          id="contact"
          name="contact"
          type="text"
          maxLength={120}
          autoComplete="email"
          defaultValue={state.values.contact}
          aria-describedby={state.errors.contact ? "contact-hint contact-error" : "contact-hint"}
          aria-invalid={state.errors.contact ? true : undefined}
          className="mt-1 w-full border-2 border-ink p-2"
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
