"use client";

import { useActionState } from "react";
import { idle, type ActionResult, type Failure } from "@/lib/actions/result";
import { FieldError } from "./FormParts";

/*
 * The application form's draft in the editorial area: its JSON in a large box, and a JSON file
 * read into it. Both are Server Action forms that work without scripts; a refused save lists
 * every problem ("pages.0.questions.1.label.en: …") above the field, marks the field, and keeps
 * what was typed (a file as its name). A save that succeeds goes back to the page (a redirect).
 */

type JsonValues = { definition: string };
type JsonState = ActionResult<object, JsonValues>;
type FileValues = { file: string };
type FileState = ActionResult<object, FileValues>;

/** What a refused save says above the form: its message, and the problems one by one. */
function Refused({ state, field, title }: { state: Failure<Record<string, string>>; field: string; title: string }) {
  const error = state.fieldErrors[field];
  const said = state.message ?? error;
  if (!said) return null;
  const problems = state.details ?? [];
  return (
    <div role="alert" className="border-4 border-red-700 p-4">
      <p className="font-bold">
        <a href={`#${field}`} className="text-red-700">
          {said}
        </a>
      </p>
      {problems.length ? (
        <>
          <h3 className="mt-2 font-bold">{title}</h3>
          <ol className="mt-1 list-decimal pl-6 font-mono text-sm" data-testid="form-problems">
            {problems.map((problem, i) => (
              <li key={i} className="break-words">
                {problem}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}

export function FormJsonEditor({
  action,
  locale,
  serviceId,
  initial,
  strings,
}: {
  action: (state: JsonState, form: FormData) => Promise<JsonState>;
  locale: string;
  serviceId: string;
  /** The JSON the box starts with: the draft's, else the published form's, else a skeleton. */
  initial: string;
  strings: { label: string; hint: string; submit: string; problems: string };
}) {
  const [state, formAction, pending] = useActionState(action, idle({ definition: initial }));
  const error = state.ok ? undefined : state.fieldErrors.definition;
  const text = state.ok ? initial : state.values.definition;
  return (
    <form action={formAction} className="mt-3 space-y-3" noValidate>
      {state.ok ? null : <Refused state={state} field="definition" title={strings.problems} />}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="serviceId" value={serviceId} />
      <div>
        <label htmlFor="definition" className="block text-lg font-bold">
          {strings.label}
        </label>
        <p id="definition-hint" className="text-sm">
          {strings.hint}
        </p>
        <FieldError field="definition" message={error} />
        <textarea
          id="definition"
          name="definition"
          rows={30}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          defaultValue={text}
          aria-describedby={error ? "definition-hint definition-error" : "definition-hint"}
          aria-invalid={error ? true : undefined}
          className="mt-1 w-full border-2 border-ink p-2 font-mono text-sm"
        />
      </div>
      <button type="submit" disabled={pending} className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
        {strings.submit}
      </button>
    </form>
  );
}

export function FormImport({
  action,
  locale,
  serviceId,
  strings,
}: {
  action: (state: FileState, form: FormData) => Promise<FileState>;
  locale: string;
  serviceId: string;
  strings: { label: string; submit: string; problems: string };
}) {
  const [state, formAction, pending] = useActionState(action, idle({ file: "" }));
  const error = state.ok ? undefined : state.fieldErrors.file;
  return (
    <form action={formAction} className="mt-3 space-y-3" noValidate>
      {state.ok ? null : <Refused state={state} field="file" title={strings.problems} />}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="serviceId" value={serviceId} />
      <div>
        <label htmlFor="file" className="block font-bold">
          {strings.label}
        </label>
        <FieldError field="file" message={error} />
        {!state.ok && state.values.file ? (
          <p id="file-chosen" className="text-sm">
            {state.values.file}
          </p>
        ) : null}
        <input
          id="file"
          name="file"
          type="file"
          accept=".json,application/json"
          aria-describedby={error ? "file-error" : undefined}
          aria-invalid={error ? true : undefined}
          className="mt-1"
        />
      </div>
      <button type="submit" disabled={pending} className="border-2 border-ink px-4 py-2 font-bold">
        {strings.submit}
      </button>
    </form>
  );
}
