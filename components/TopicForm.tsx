"use client";

import { useActionState } from "react";
import { idle, type ActionResult } from "@/lib/actions/result";
import type { TopicValues } from "@/lib/editorial/taxonomy";
import { FieldError } from "./FormParts";

type TopicFormState = ActionResult<{ values: TopicValues; message: string }, TopicValues>;

type Props = {
  action: (state: TopicFormState, form: FormData) => Promise<TopicFormState>;
  locale: string;
  topic: "category" | "lifeEvent";
  existing: string | null;
  values: TopicValues;
  strings: Record<string, string>;
  /** The line that opens the form; it stays open when the form has something to say. */
  summary: string;
  summaryDetail?: string;
  boxClass: string;
};

/** One sector or life event, both languages side by side; a Server Action form that keeps what was typed. */
export function TopicForm({ action, locale, topic, existing, values, strings, summary, summaryDetail, boxClass }: Props) {
  const [state, formAction, pending] = useActionState(action, idle(values));
  const errors = state.ok ? {} : state.fieldErrors;
  const prefix = `${topic}-${existing ?? "new"}`;
  const field = (name: keyof TopicValues, label: string, rows?: number) => {
    const id = `${prefix}-${name.replace(".", "-")}`;
    const error = errors[name];
    const common = {
      id,
      name,
      defaultValue: state.values[name],
      "aria-invalid": error ? true : undefined,
      "aria-describedby": error ? `${id}-error` : undefined,
      className: "mt-1 w-full border-2 border-ink p-2",
    } as const;
    return (
      <div>
        <label htmlFor={id} className="block font-bold">
          {label}
        </label>
        <FieldError field={id} message={error} />
        {rows ? <textarea {...common} rows={rows} maxLength={2000} /> : <input {...common} type="text" maxLength={200} />}
      </div>
    );
  };
  return (
    <details open={state.message !== null} className={boxClass}>
      <summary className="cursor-pointer font-semibold">
        {summary} {summaryDetail ? <span className="font-mono text-sm">({summaryDetail})</span> : null}
      </summary>
      <form action={formAction} className="mt-3 space-y-3" noValidate>
        {state.message ? (
          <p
            role={state.ok ? "status" : "alert"}
            className={`border-l-4 p-3 ${state.ok ? "border-brand bg-green-50" : "border-red-700 bg-red-50"}`}
          >
            {state.message}
          </p>
        ) : null}
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="topic" value={topic} />
        {existing ? <input type="hidden" name="existing" value={existing} /> : field("key", strings.key!)}
        {topic === "lifeEvent" ? (
          <div>
            <label htmlFor={`${prefix}-kind`} className="block font-bold">
              {strings.kind}
            </label>
            <select id={`${prefix}-kind`} name="kind" defaultValue={state.values.kind || "life"} className="mt-1 border-2 border-ink p-2">
              <option value="life">{strings.life}</option>
              <option value="business">{strings.business}</option>
            </select>
          </div>
        ) : null}
        <div className="grid gap-3 md:grid-cols-2">
          {field("name.sw", strings.nameSw!)}
          {field("name.en", strings.nameEn!)}
          {field("slug.sw", strings.slugSw!)}
          {field("slug.en", strings.slugEn!)}
          {field("description.sw", strings.descriptionSw!, 2)}
          {field("description.en", strings.descriptionEn!, 2)}
        </div>
        <button type="submit" disabled={pending} className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
          {existing ? strings.save : strings.add}
        </button>
      </form>
    </details>
  );
}
