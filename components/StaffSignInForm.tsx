"use client";

import { useActionState } from "react";
import { idle, type Failure } from "@/lib/actions/result";
import { ErrorSummary } from "./ErrorSummary";
import { FieldError } from "./FormParts";

type Props = {
  action: (state: Failure<{ email: string }>, form: FormData) => Promise<Failure<{ email: string }>>;
  locale: string;
  returnTo: string;
  strings: { email: string; password: string; submit: string; errorSummary: string };
};

/** E-mail and password, as a Server Action form: works without JavaScript, keeps the e-mail on error. */
export function StaffSignInForm({ action, locale, returnTo, strings }: Props) {
  const [state, formAction, pending] = useActionState(action, idle({ email: "" }));
  const error = state.fieldErrors.password;
  // Only a hidden character in it is said of the e-mail alone; a wrong e-mail is said with the password.
  const emailError = state.fieldErrors.email;
  const items = [
    ...(state.message ? [{ text: state.message }] : []),
    ...(emailError ? [{ href: "#email", text: emailError }] : []),
    ...(error ? [{ href: "#password", text: error }] : []),
  ];
  return (
    <form action={formAction} className="mt-6 max-w-md space-y-4" noValidate>
      <ErrorSummary title={strings.errorSummary} items={items} focusKey={state} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="return" value={returnTo} />
      <div>
        <label htmlFor="email" className="block text-lg font-bold">
          {strings.email}
        </label>
        <FieldError field="email" message={emailError} />
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          defaultValue={state.values.email}
          maxLength={200}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "email-error" : undefined}
          className="mt-1 w-full border-2 border-ink p-2 text-lg"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-lg font-bold">
          {strings.password}
        </label>
        <FieldError field="password" message={error} />
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          maxLength={200}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "password-error" : undefined}
          className="mt-1 w-full border-2 border-ink p-2 text-lg"
        />
      </div>
      <button type="submit" disabled={pending} className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
        {strings.submit}
      </button>
    </form>
  );
}
