"use client";

import { useActionState } from "react";
import { idle, type Failure } from "@/lib/actions/result";
import type { FeedbackValues } from "@/lib/feedback/feedback-schema";
import { ErrorSummary } from "./ErrorSummary";
import { ChoiceGroup, FileField, Honeypot, TextField } from "./FormParts";

export type FeedbackFormStrings = {
  kind: string;
  kinds: { value: string; label: string }[];
  institution: string;
  institutionHint: string;
  subject: string;
  message: string;
  messageHint: string;
  attachment: string;
  attachmentHint: string;
  aboutYou: string;
  aboutYouHint: string;
  signedInAs: string | null;
  name: string;
  phone: string;
  submit: string;
  errorSummary: string;
  reattach: string;
  counter: { one: string; other: string };
};

type Props = {
  action: (state: Failure<FeedbackValues>, form: FormData) => Promise<Failure<FeedbackValues>>;
  locale: string;
  serviceId: string | null;
  institution: string;
  institutions: string[];
  strings: FeedbackFormStrings;
};

/**
 * A Server Action form that works without JavaScript: errors come back beside their fields and
 * everything typed is kept. The institution list is a native <datalist>, searchable as you type
 * in any browser, with or without scripts; the server accepts a name, a label or an acronym.
 */
export function FeedbackForm({ action, locale, serviceId, institution, institutions, strings }: Props) {
  const [state, formAction, pending] = useActionState(
    action,
    idle({ kind: "", institution, subject: "", message: "", name: "", phone: "", attachment: "" }),
  );
  const errors = state.fieldErrors;
  const items = [
    ...(state.message ? [{ text: state.message }] : []),
    ...(Object.entries(errors) as [string, string][]).map(([field, text]) => ({ href: `#${field}`, text })),
    // A file cannot be given back to the form: a failed sending asks for it again.
    ...(state.values.attachment && (state.message || Object.keys(errors).length) ? [{ text: strings.reattach }] : []),
  ];

  return (
    <form action={formAction} className="mt-6 space-y-6" encType="multipart/form-data" noValidate>
      <ErrorSummary title={strings.errorSummary} items={items} focusKey={state} />
      <input type="hidden" name="locale" value={locale} />
      {serviceId ? <input type="hidden" name="serviceId" value={serviceId} /> : null}
      <Honeypot />
      <ChoiceGroup name="kind" legend={strings.kind} options={strings.kinds} checked={state.values.kind} error={errors.kind} />

      <div>
        <TextField
          name="institution"
          label={strings.institution}
          hint={strings.institutionHint}
          error={errors.institution}
          defaultValue={state.values.institution}
          maxLength={200}
          autoComplete="off"
          list="institution-list"
        />
        {/* A native list: searchable as one types, in any browser, with or without scripts. */}
        <datalist id="institution-list">
          {institutions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>

      <TextField name="subject" label={strings.subject} error={errors.subject} defaultValue={state.values.subject} maxLength={150} />
      <TextField
        name="message"
        label={strings.message}
        hint={strings.messageHint}
        error={errors.message}
        defaultValue={state.values.message}
        maxLength={5000}
        rows={8}
        counter={strings.counter}
      />

      <FileField name="attachment" label={strings.attachment} hint={strings.attachmentHint} error={errors.attachment} />

      <fieldset className="space-y-3 border-l-4 border-gray-300 pl-4">
        <legend className="text-lg font-bold">{strings.aboutYou}</legend>
        <p className="text-sm text-muted">{strings.signedInAs ?? strings.aboutYouHint}</p>
        <TextField
          name="name"
          label={strings.name}
          error={errors.name}
          defaultValue={state.values.name}
          maxLength={100}
          autoComplete="name"
          labelClass="block font-bold"
        />
        <TextField
          name="phone"
          label={strings.phone}
          error={errors.phone}
          defaultValue={state.values.phone}
          maxLength={20}
          type="tel"
          autoComplete="tel"
          labelClass="block font-bold"
          inputClass="mt-1 w-full max-w-xs border-2 border-ink p-2"
        />
      </fieldset>

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
