"use client";

import { useActionState } from "react";
import type { ImportState } from "@/app/[locale]/(editor)/staff/import/actions";

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
  const [state, formAction, pending] = useActionState(action, { message: null, ok: false, report: [], institution: chosen, publish: false });
  return (
    <form action={formAction} encType="multipart/form-data" className="mt-4 space-y-4">
      {state.message ? (
        <div role={state.ok ? "status" : "alert"} className={`border-4 p-4 ${state.ok ? "border-brand bg-green-50" : "border-red-700"}`}>
          <p className="font-bold">{state.message}</p>
          {state.report.length ? (
            <>
              <h2 className="mt-2 font-bold">{strings.report}</h2>
              <ol className="mt-1 list-decimal pl-6" data-testid="import-report">
                {state.report.map((line, i) => (
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
          <select id="institution" name="institution" defaultValue={state.institution} className="mt-1 max-w-full border-2 border-ink p-2">
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
        <input id="file" name="file" type="file" accept=".csv,.json,text/csv,application/json" aria-describedby="file-hint" className="mt-1" />
      </div>
      {canPublish ? (
        <label className="flex items-center gap-2">
          <input type="checkbox" name="publish" defaultChecked={state.publish} className="h-5 w-5" />
          {strings.publish}
        </label>
      ) : null}
      <button type="submit" disabled={pending} className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
        {strings.submit}
      </button>
    </form>
  );
}
