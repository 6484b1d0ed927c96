"use client";

import { useActionState } from "react";
import { idle, type ActionResult } from "@/lib/actions/result";
import { FieldError } from "./FormParts";

type ImportValues = { institution: string; publish: string };
type ImportState = ActionResult<{ values: ImportValues; message: string }, ImportValues>;

type Props = {
  action: (state: ImportState, form: FormData) => Promise<ImportState>;
  locale: string;
  institutions: { value: string; label: string }[];
  chosen: string;
  canPublish: boolean;
  strings: Record<"file" | "fileHint" | "institution" | "publish" | "submit" | "report", string>;
};

/** The import form; its answer is the whole report, line by line, above the form. */
export function ImportForm({ action, locale, institutions, chosen, canPublish, strings }: Props) {
  const [state, formAction, pending] = useActionState(action, idle({ institution: chosen, publish: "" }));
  const fileError = state.ok ? undefined : state.fieldErrors.file;
  const report = state.ok ? [] : (state.details ?? []);
  const said = state.message ?? fileError;
  return (
    <form action={formAction} encType="multipart/form-data" className="mt-4 space-y-4">
      {said ? (
        <div role={state.ok ? "status" : "alert"} className={`border-4 p-4 ${state.ok ? "border-brand bg-green-50" : "border-red-700"}`}>
          <p className="font-bold">{fileError && !state.message ? <a href="#file">{said}</a> : said}</p>
          {report.length ? (
            <>
              <h2 className="mt-2 font-bold">{strings.report}</h2>
              <ol className="mt-1 list-decimal pl-6" data-testid="import-report">
                {report.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ol>
            </>
          ) : null}
        </div>
      ) : null}
      <input type="hidden" name="locale" value={locale} />
      {institutions.length > 1 ? (
        <div>
          <label htmlFor="institution" className="block font-bold">
            {strings.institution}
          </label>
          <select
            id="institution"
            name="institution"
            defaultValue={state.values.institution}
            className="mt-1 max-w-full border-2 border-ink p-2"
          >
            {institutions.map((i) => (
              <option key={i.value} value={i.value}>
                {i.label}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <input type="hidden" name="institution" value={chosen} />
      )}
      <div>
        <label htmlFor="file" className="block font-bold">
          {strings.file}
        </label>
        <p id="file-hint" className="text-sm">
          {strings.fileHint}
        </p>
        <FieldError field="file" message={fileError} />
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          aria-describedby={fileError ? "file-hint file-error" : "file-hint"}
          aria-invalid={fileError ? true : undefined}
          className="mt-1"
        />
      </div>
      {canPublish ? (
        <label className="flex items-center gap-2">
          <input type="checkbox" name="publish" defaultChecked={state.values.publish === "on"} className="h-5 w-5" />
          {strings.publish}
        </label>
      ) : null}
      <button type="submit" disabled={pending} className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
        {strings.submit}
      </button>
    </form>
  );
}
