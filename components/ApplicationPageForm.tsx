"use client";

import { useActionState } from "react";
import { idle, type Failure } from "@/lib/actions/result";
import { ErrorSummary } from "./ErrorSummary";
import { FieldError } from "./FormParts";

/**
 * One page of an application form (GOV.UK's question pages): a Server Action form that works
 * with scripts off, saving the page's answers to the draft and going on. Errors come back beside
 * their questions with everything typed kept; a chosen file cannot be given back, and the page
 * says to choose it again. Answers NIDA holds are shown read-only, marked as coming from NIDA.
 * Everything shown arrives already in the page's language.
 */

export type QuestionView = {
  id: string;
  kind:
    | "text"
    | "longText"
    | "number"
    | "date"
    | "yesNo"
    | "oneOf"
    | "manyOf"
    | "phone"
    | "email"
    | "regionDistrict"
    | "document"
    | "declaration";
  label: string;
  hint: string | null;
  required: boolean;
  /** Filled from NIDA: the value as shown, never an input. */
  fromNida: string | null;
  options: { value: string; label: string }[];
  maxLength: number | null;
  unit: string | null;
  /** Documents: the types a file input accepts, their names, the limit, and the file kept from before. */
  accept: string | null;
  fileHint: string | null;
  keptFile: string | null;
};

export type PageStrings = {
  save: string;
  optional: string;
  yes: string;
  no: string;
  day: string;
  month: string;
  year: string;
  dateHint: string;
  chooseDistrict: string;
  fromNida: string;
  fromNidaHint: string;
  errorSummary: string;
  saveLater: string;
};

type Props = {
  action: (state: Failure, form: FormData) => Promise<Failure>;
  locale: string;
  applicationId: string;
  pageId: string;
  returnTo: string | null;
  questions: QuestionView[];
  /** Saved answers as the fields show them (a date as its three parts, a list joined by \u001f). */
  values: Record<string, string>;
  regions: readonly { name: string; districts: readonly string[] }[];
  strings: PageStrings;
};

const input = "mt-1 border-2 border-ink p-2";

export function ApplicationPageForm({ action, locale, applicationId, pageId, returnTo, questions, values, regions, strings }: Props) {
  const [state, formAction] = useActionState(action, idle(values));
  const errors = state.fieldErrors;
  const shown = state.values as Record<string, string>;
  const items = [
    ...(state.message ? [{ text: state.message }] : []),
    ...questions.filter((q) => errors[q.id]).map((q) => ({ href: `#q_${q.id}`, text: errors[q.id]! })),
  ];
  const hasFile = questions.some((q) => q.kind === "document" && !q.fromNida);
  const asked = questions.filter((q) => !q.fromNida);
  // A page of one question: its label is the page's heading (GOV.UK's pattern), said once.
  return (
    <form action={formAction} className="mt-6 space-y-8" encType={hasFile ? "multipart/form-data" : undefined} noValidate>
      <ErrorSummary title={strings.errorSummary} items={items} focusKey={state} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="id" value={applicationId} />
      <input type="hidden" name="page" value={pageId} />
      {returnTo ? <input type="hidden" name="return" value={returnTo} /> : null}
      {questions.map((q) =>
        q.fromNida !== null ? (
          <NidaFact key={q.id} question={q} strings={strings} />
        ) : (
          <Question
            key={q.id}
            question={q}
            error={errors[q.id]}
            value={shown}
            regions={regions}
            strings={strings}
            single={asked.length === 1}
          />
        ),
      )}
      <p className="text-sm text-muted">{strings.saveLater}</p>
      <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
        {strings.save}
      </button>
    </form>
  );
}

function NidaFact({ question, strings }: { question: QuestionView; strings: PageStrings }) {
  return (
    <div className="border-l-4 border-gray-400 pl-4" data-testid="nida-fact">
      <p className="text-lg font-bold">{question.label}</p>
      <p className="mt-1 text-lg">{question.fromNida || "–"}</p>
      <p className="mt-1 text-sm text-muted">
        <span className="font-semibold">{strings.fromNida}.</span> {strings.fromNidaHint}
      </p>
    </div>
  );
}

function Label({ question, strings, as = "label" }: { question: QuestionView; strings: PageStrings; as?: "label" | "legend" }) {
  const text = (
    <>
      {question.label}
      {question.required || question.kind === "declaration" ? null : <span className="font-normal"> {strings.optional}</span>}
    </>
  );
  return as === "legend" ? (
    <legend className="text-lg font-bold">{text}</legend>
  ) : (
    <label htmlFor={`q_${question.id}`} className="block text-lg font-bold">
      {text}
    </label>
  );
}

function Hint({ question, extra }: { question: QuestionView; extra?: string | null }) {
  const text = [question.hint, extra].filter(Boolean).join(" ");
  return text ? (
    <p id={`q_${question.id}-hint`} className="text-sm text-muted">
      {text}
    </p>
  ) : null;
}

function Question({
  question: q,
  error,
  value,
  regions,
  strings,
  single,
}: {
  question: QuestionView;
  error: string | undefined;
  value: Record<string, string>;
  regions: Props["regions"];
  strings: PageStrings;
  single: boolean;
}) {
  const name = `q_${q.id}`;
  const describedBy =
    [q.hint || q.fileHint || q.kind === "date" ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  const aria = { "aria-describedby": describedBy, "aria-invalid": error ? true : undefined };
  const current = value[q.id] ?? "";
  const wrap = (children: React.ReactNode) => (
    <div className={error ? "border-l-4 border-red-700 pl-4" : undefined} data-question={q.id}>
      {children}
    </div>
  );
  const legendFieldset = (children: React.ReactNode, extraHint?: string | null) =>
    wrap(
      <fieldset aria-describedby={describedBy}>
        <Label question={q} strings={strings} as="legend" />
        <Hint question={q} extra={extraHint} />
        <FieldError field={name} message={error} />
        {children}
      </fieldset>,
    );

  switch (q.kind) {
    case "text":
    case "phone":
    case "email":
    case "number":
      return wrap(
        <>
          <Label question={q} strings={strings} />
          <Hint question={q} />
          <FieldError field={name} message={error} />
          <input
            id={name}
            name={name}
            type={q.kind === "email" ? "email" : q.kind === "phone" ? "tel" : "text"}
            inputMode={q.kind === "number" ? "decimal" : q.kind === "phone" ? "tel" : undefined}
            autoComplete={q.kind === "phone" ? "tel" : q.kind === "email" ? "email" : "off"}
            spellCheck={q.kind === "text" ? undefined : false}
            defaultValue={current}
            maxLength={q.maxLength ?? 320}
            className={`${input} ${q.kind === "number" || q.kind === "phone" ? "w-60" : "w-full"}`}
            {...aria}
          />
          {q.unit ? <span className="ml-2">{q.unit}</span> : null}
        </>,
      );
    case "longText":
      return wrap(
        <>
          <Label question={q} strings={strings} />
          <Hint question={q} />
          <FieldError field={name} message={error} />
          <textarea
            id={name}
            name={name}
            rows={single ? 8 : 5}
            defaultValue={current}
            maxLength={q.maxLength ?? 1000}
            className={`${input} w-full`}
            {...aria}
          />
        </>,
      );
    case "date":
      return legendFieldset(
        <div className="mt-2 flex gap-3">
          {(["day", "month", "year"] as const).map((part, i) => (
            <div key={part}>
              <label htmlFor={i === 0 ? name : `${name}_${part}`} className="block">
                {strings[part]}
              </label>
              <input
                id={i === 0 ? name : `${name}_${part}`}
                name={`${name}_${part}`}
                inputMode="numeric"
                autoComplete="off"
                defaultValue={value[`${q.id}_${part}`] ?? ""}
                maxLength={part === "year" ? 4 : 2}
                className={`${input} ${part === "year" ? "w-24" : "w-16"}`}
                aria-invalid={error ? true : undefined}
              />
            </div>
          ))}
        </div>,
        strings.dateHint,
      );
    case "yesNo":
      return legendFieldset(
        <div className="mt-2 flex gap-6">
          {[
            { value: "yes", label: strings.yes },
            { value: "no", label: strings.no },
          ].map((option, i) => (
            <label key={option.value} className="flex items-center gap-3 text-lg">
              <input
                id={i === 0 ? name : undefined}
                type="radio"
                name={name}
                value={option.value}
                defaultChecked={current === option.value}
                className="h-6 w-6"
              />
              {option.label}
            </label>
          ))}
        </div>,
      );
    case "oneOf":
      // A long list is a select; a short one radio buttons, every choice in sight.
      if (q.options.length > 8)
        return wrap(
          <>
            <Label question={q} strings={strings} />
            <Hint question={q} />
            <FieldError field={name} message={error} />
            <select id={name} name={name} defaultValue={current} className={`${input} w-full`} {...aria}>
              <option value="">–</option>
              {q.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </>,
        );
      return legendFieldset(
        <div className="mt-2 space-y-2">
          {q.options.map((o, i) => (
            <label key={o.value} className="flex items-center gap-3 text-lg">
              <input
                id={i === 0 ? name : undefined}
                type="radio"
                name={name}
                value={o.value}
                defaultChecked={current === o.value}
                className="h-6 w-6 shrink-0"
              />
              {o.label}
            </label>
          ))}
        </div>,
      );
    case "manyOf": {
      const chosen = current.split("\u001f");
      return legendFieldset(
        <div className="mt-2 space-y-2">
          {q.options.map((o, i) => (
            <label key={o.value} className="flex items-center gap-3 text-lg">
              <input
                id={i === 0 ? name : undefined}
                type="checkbox"
                name={name}
                value={o.value}
                defaultChecked={chosen.includes(o.value)}
                className="h-6 w-6 shrink-0"
              />
              {o.label}
            </label>
          ))}
        </div>,
      );
    }
    case "regionDistrict":
      return wrap(
        <>
          <Label question={q} strings={strings} />
          <Hint question={q} />
          <FieldError field={name} message={error} />
          {/* One list grouped by region: works in every browser without a script. */}
          <select id={name} name={name} defaultValue={current} className={`${input} w-full`} {...aria}>
            <option value="">{strings.chooseDistrict}</option>
            {regions.map((region) => (
              <optgroup key={region.name} label={region.name}>
                {region.districts.map((district) => (
                  <option key={district} value={`${region.name}|${district}`}>
                    {district}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </>,
      );
    case "document":
      return wrap(
        <>
          <Label question={q} strings={strings} />
          <Hint question={q} extra={[q.fileHint, q.keptFile].filter(Boolean).join(" ")} />
          <FieldError field={name} message={error} />
          <input id={name} name={name} type="file" accept={q.accept ?? undefined} className="mt-1 block" {...aria} />
        </>,
      );
    case "declaration":
      return wrap(
        <>
          <Hint question={q} />
          <FieldError field={name} message={error} />
          <label htmlFor={name} className="flex items-start gap-3 text-lg">
            <input
              id={name}
              type="checkbox"
              name={name}
              value="yes"
              defaultChecked={current === "yes"}
              className="mt-1 h-6 w-6 shrink-0"
              {...aria}
            />
            <span>{q.label}</span>
          </label>
        </>,
      );
  }
}
