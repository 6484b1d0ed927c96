"use client";

import { useActionState } from "react";
import { idle, type ActionResult } from "@/lib/actions/result";
import type { InvitationValues } from "@/lib/staff/schema";
import { ErrorSummary } from "./ErrorSummary";
import { FieldError } from "./FormParts";

type Option = { value: string; label: string };
type InviteState = ActionResult<{ values: InvitationValues; link: string; message: string }, InvitationValues>;
type ResetState = ActionResult<{ link: string }, Record<never, string>>;

/** The one-time link, shown once, to pass on by a safe channel (it is not sent by e-mail). */
function OneTimeLink({ link, label, hint }: { link: string; label: string; hint: string }) {
  return (
    <div role="status" className="mt-3 border-4 border-brand bg-green-50 p-3">
      <p className="font-bold">{label}</p>
      <p className="mt-1 break-all font-mono" data-testid="invitation-link">
        {link}
      </p>
      <p className="mt-1 text-sm">{hint}</p>
    </div>
  );
}

export function InviteForm({
  action,
  locale,
  roles,
  institutions,
  strings,
}: {
  action: (state: InviteState, form: FormData) => Promise<InviteState>;
  locale: string;
  roles: Option[];
  institutions: Option[];
  strings: Record<"title" | "email" | "name" | "role" | "institution" | "institutionHint" | "submit" | "errorSummary" | "linkHint", string>;
}) {
  const [state, formAction, pending] = useActionState(action, idle({ email: "", name: "", role: "editor", institution: "" }));
  const errors = state.ok ? {} : state.fieldErrors;
  const items = [
    ...(!state.ok && state.message ? [{ text: state.message }] : []),
    ...Object.entries(errors).map(([field, text]) => ({ href: `#invite-${field}`, text })),
  ];
  const input = "mt-1 w-full max-w-md border-2 border-ink p-2";
  return (
    <form action={formAction} className="mt-3 space-y-4" noValidate>
      <ErrorSummary title={strings.errorSummary} items={items} focusKey={state} />
      {state.ok ? <OneTimeLink link={state.link} label={state.message} hint={strings.linkHint} /> : null}
      <input type="hidden" name="locale" value={locale} />
      {(["name", "email"] as const).map((field) => (
        <div key={field}>
          <label htmlFor={`invite-${field}`} className="block font-bold">
            {strings[field]}
          </label>
          <FieldError field={`invite-${field}`} message={errors[field]} />
          <input
            id={`invite-${field}`}
            name={field}
            type={field === "email" ? "email" : "text"}
            defaultValue={state.values[field]}
            maxLength={200}
            aria-invalid={errors[field] ? true : undefined}
            aria-describedby={errors[field] ? `invite-${field}-error` : undefined}
            className={input}
          />
        </div>
      ))}
      <div>
        <label htmlFor="invite-role" className="block font-bold">
          {strings.role}
        </label>
        <select id="invite-role" name="role" defaultValue={state.values.role} className="mt-1 border-2 border-ink p-2">
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="invite-institution" className="block font-bold">
          {strings.institution}
        </label>
        <p id="invite-institution-hint" className="text-sm">
          {strings.institutionHint}
        </p>
        <FieldError field="invite-institution" message={errors.institution} />
        <select
          id="invite-institution"
          name="institution"
          defaultValue={state.values.institution}
          aria-describedby="invite-institution-hint"
          className="mt-1 max-w-full border-2 border-ink p-2"
        >
          <option value="">—</option>
          {institutions.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending} className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
        {strings.submit}
      </button>
    </form>
  );
}

export function ResetForm({
  action,
  locale,
  staffId,
  strings,
}: {
  action: (state: ResetState, form: FormData) => Promise<ResetState>;
  locale: string;
  staffId: string;
  strings: { submit: string; linkLabel: string; linkHint: string };
}) {
  const [state, formAction, pending] = useActionState(action, idle({}));
  return (
    <form action={formAction}>
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="staffId" value={staffId} />
      <button type="submit" disabled={pending} className="border-2 border-ink px-3 py-1 font-semibold">
        {strings.submit}
      </button>
      {!state.ok && state.message ? <p className="mt-1 font-bold text-red-700">{state.message}</p> : null}
      {state.ok ? <OneTimeLink link={state.link} label={strings.linkLabel} hint={strings.linkHint} /> : null}
    </form>
  );
}
