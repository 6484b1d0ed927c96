"use client";

import { useActionState } from "react";
import type { FeedbackFormState } from "@/app/[locale]/(public)/feedback/actions";
import type { FeedbackField } from "@/lib/feedback/feedback-schema";
import { ErrorSummary } from "./ErrorSummary";

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
};

type Props = {
  action: (state: FeedbackFormState, form: FormData) => Promise<FeedbackFormState>;
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
  const empty: FeedbackFormState = {
    errors: {},
    message: null,
    values: { kind: "", institution, subject: "", message: "", name: "", phone: "" },
    hadAttachment: false,
  };
  const [state, formAction, pending] = useActionState(action, empty);
  const errors = state.errors;
  const items = [
    ...(state.message ? [{ text: state.message }] : []),
    ...(Object.entries(errors) as [FeedbackField, string][]).map(([field, text]) => ({ href: `#${field}`, text })),
    ...(state.hadAttachment && (state.message || Object.keys(errors).length) ? [{ text: strings.reattach }] : []),
  ];
  const described = (field: FeedbackField, hint?: string) =>
    [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(" ") || undefined;
  const error = (field: FeedbackField) =>
    errors[field] ? (
      <p id={`${field}-error`} className="mt-1 font-bold text-red-700">
        {errors[field]}
      </p>
    ) : null;
  const input = "mt-1 w-full border-2 border-ink p-2";

  return (
    <form action={formAction} className="mt-6 space-y-6" encType="multipart/form-data" noValidate>
      <ErrorSummary title={strings.errorSummary} items={items} focusKey={state} />
      <input type="hidden" name="locale" value={locale} />
      {serviceId ? <input type="hidden" name="serviceId" value={serviceId} /> : null}
      <div aria-hidden="true" className="hidden">
        <label htmlFor="website">Website</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <fieldset>
        <legend className="text-lg font-bold">{strings.kind}</legend>
        {error("kind")}
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
        <label htmlFor="institution" className="block text-lg font-bold">
          {strings.institution}
        </label>
        <p id="institution-hint" className="text-sm text-muted">
          {strings.institutionHint}
        </p>
        {error("institution")}
        <input
          id="institution"
          name="institution"
          list="institution-list"
          autoComplete="off"
          maxLength={200}
          defaultValue={state.values.institution}
          aria-describedby={described("institution", "institution-hint")}
          aria-invalid={errors.institution ? true : undefined}
          className={input}
        />
        <datalist id="institution-list">
          {institutions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>

      <div>
        <label htmlFor="subject" className="block text-lg font-bold">
          {strings.subject}
        </label>
        {error("subject")}
        <input
          id="subject"
          name="subject"
          maxLength={150}
          defaultValue={state.values.subject}
          aria-describedby={described("subject")}
          aria-invalid={errors.subject ? true : undefined}
          className={input}
        />
      </div>

      <div>
        <label htmlFor="message" className="block text-lg font-bold">
          {strings.message}
        </label>
        <p id="message-hint" className="text-sm text-muted">
          {strings.messageHint}
        </p>
        {error("message")}
        <textarea
          id="message"
          name="message"
          rows={8}
          maxLength={5000}
          defaultValue={state.values.message}
          aria-describedby={described("message", "message-hint")}
          aria-invalid={errors.message ? true : undefined}
          className={input}
        />
      </div>

      <div>
        <label htmlFor="attachment" className="block text-lg font-bold">
          {strings.attachment}
        </label>
        <p id="attachment-hint" className="text-sm text-muted">
          {strings.attachmentHint}
        </p>
        {error("attachment")}
        <input
          id="attachment"
          name="attachment"
          type="file"
          accept="application/pdf,image/jpeg,image/png"
          aria-describedby={described("attachment", "attachment-hint")}
          aria-invalid={errors.attachment ? true : undefined}
          className="mt-1 block"
        />
      </div>

      <fieldset className="border-l-4 border-gray-300 pl-4">
        <legend className="text-lg font-bold">{strings.aboutYou}</legend>
        <p className="text-sm text-muted">{strings.signedInAs ?? strings.aboutYouHint}</p>
        <div className="mt-3">
          <label htmlFor="name" className="block font-bold">
            {strings.name}
          </label>
          {error("name")}
          <input
            id="name"
            name="name"
            maxLength={100}
            autoComplete="name"
            defaultValue={state.values.name}
            aria-describedby={described("name")}
            aria-invalid={errors.name ? true : undefined}
            className={input}
          />
        </div>
        <div className="mt-3">
          <label htmlFor="phone" className="block font-bold">
            {strings.phone}
          </label>
          {error("phone")}
          <input
            id="phone"
            name="phone"
            type="tel"
            maxLength={20}
            autoComplete="tel"
            defaultValue={state.values.phone}
            aria-describedby={described("phone")}
            aria-invalid={errors.phone ? true : undefined}
            className={`${input} max-w-xs`}
          />
        </div>
      </fieldset>

      <button type="submit" disabled={pending} className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark disabled:opacity-60">
        {strings.submit}
      </button>
    </form>
  );
}
