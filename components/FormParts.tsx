import { HONEYPOT } from "@/lib/actions/result";

/**
 * The pieces every Server Action form is made of, so that each field shows its hint and its
 * error the same way, tied to it for screen readers (aria-describedby, aria-invalid).
 */

export function FieldError({ field, message }: { field: string; message: string | undefined }) {
  return message ? (
    <p id={`${field}-error`} className="mt-1 font-bold text-red-700">
      {message}
    </p>
  ) : null;
}

/** Hidden from people; robots that fill in every field give themselves away. */
export function Honeypot() {
  return (
    <div aria-hidden="true" className="hidden">
      <label htmlFor={HONEYPOT}>Website</label>
      <input id={HONEYPOT} name={HONEYPOT} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

/** Radio buttons; the first carries the field's id, so that the error summary's link lands on it. */
export function ChoiceGroup({
  name,
  legend,
  options,
  checked,
  error,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: string;
  error: string | undefined;
}) {
  return (
    <fieldset aria-describedby={error ? `${name}-error` : undefined}>
      <legend className="text-lg font-bold">{legend}</legend>
      <FieldError field={name} message={error} />
      <div className="mt-2 space-y-2">
        {options.map((option, i) => (
          <label key={option.value} className="flex items-center gap-3">
            <input
              id={i === 0 ? name : undefined}
              type="radio"
              name={name}
              value={option.value}
              defaultChecked={checked === option.value}
              className="h-6 w-6"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

type TextFieldProps = {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue: string;
  maxLength: number;
  rows?: number; // a textarea when given
  type?: string;
  autoComplete?: string;
  /** The id of a <datalist> offering values. */
  list?: string;
  labelClass?: string;
  inputClass?: string;
  /** For a textarea: "{n} characters left" (one and other), shown by the "counter" script. */
  counter?: { one: string; other: string };
};

/** A labelled text input or textarea with its hint and error. */
export function TextField({
  name,
  label,
  hint,
  error,
  defaultValue,
  maxLength,
  rows,
  type = "text",
  autoComplete,
  list,
  labelClass,
  inputClass,
  counter,
}: TextFieldProps) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const shared = {
    id: name,
    name,
    maxLength,
    defaultValue,
    autoComplete,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
    className: inputClass ?? "mt-1 w-full border-2 border-ink p-2",
  };
  return (
    <div>
      <label htmlFor={name} className={labelClass ?? "block text-lg font-bold"}>
        {label}
      </label>
      {hint ? (
        <p id={`${name}-hint`} className="text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <FieldError field={name} message={error} />
      {rows ? (
        <textarea rows={rows} {...shared} data-counter-one={counter?.one} data-counter-other={counter?.other} />
      ) : (
        <input type={type} list={list} {...shared} />
      )}
    </div>
  );
}

/** A file to attach (PDF, JPEG or PNG), with its hint and error. */
export function FileField({ name, label, hint, error }: { name: string; label: string; hint: string; error: string | undefined }) {
  return (
    <div>
      <label htmlFor={name} className="block text-lg font-bold">
        {label}
      </label>
      <p id={`${name}-hint`} className="text-sm text-muted">
        {hint}
      </p>
      <FieldError field={name} message={error} />
      <input
        id={name}
        name={name}
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        aria-describedby={error ? `${name}-hint ${name}-error` : `${name}-hint`}
        aria-invalid={error ? true : undefined}
        className="mt-1 block"
      />
    </div>
  );
}
