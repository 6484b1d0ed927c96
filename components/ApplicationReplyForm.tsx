"use client";

import { useActionState } from "react";
import { idle, type Failure } from "@/lib/actions/result";
import { ErrorSummary } from "./ErrorSummary";
import { FileField, TextField } from "./FormParts";

type Strings = { title: string; text: string; textHint: string; file: string; fileHint: string; send: string; errorSummary: string };

/** The citizen's answer to an institution's question: text and, if they wish, one document. Works with scripts off. */
export function ApplicationReplyForm({
  action,
  locale,
  applicationId,
  strings,
}: {
  action: (state: Failure<{ text: string }>, form: FormData) => Promise<Failure<{ text: string }>>;
  locale: string;
  applicationId: string;
  strings: Strings;
}) {
  const [state, formAction] = useActionState(action, idle({ text: "" }));
  const errors = state.fieldErrors;
  const items = [
    ...(state.message ? [{ text: state.message }] : []),
    ...(Object.entries(errors) as [string, string][]).map(([field, text]) => ({ href: `#${field}`, text })),
  ];
  return (
    <form action={formAction} className="mt-4 space-y-6" encType="multipart/form-data" noValidate>
      <ErrorSummary title={strings.errorSummary} items={items} focusKey={state} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="id" value={applicationId} />
      <TextField
        name="text"
        label={strings.text}
        hint={strings.textHint}
        error={errors.text}
        defaultValue={state.values.text}
        maxLength={2000}
        rows={6}
      />
      <FileField name="file" label={strings.file} hint={strings.fileHint} error={errors.file} />
      <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
        {strings.send}
      </button>
    </form>
  );
}
