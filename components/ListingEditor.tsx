"use client";

import { useActionState, type ReactNode } from "react";
import type { ActionResult, FieldErrors } from "@/lib/actions/result";
import type { FormValues } from "@/lib/editorial/document";
import { limitOf } from "@/lib/editorial/limits";
import { ErrorSummary } from "./ErrorSummary";

/** The editor's state: a save says what is still missing (as field errors) even when it succeeds. */
export type ListingEditorState = ActionResult<{ values: FormValues; fieldErrors: FieldErrors; message: string }, FormValues>;

type Option = { value: string; label: string };
type Strings = Record<string, unknown>;

type Props = {
  action: (state: ListingEditorState, form: FormData) => Promise<ListingEditorState>;
  locale: string;
  versionId: string;
  initial: ListingEditorState;
  strings: Strings;
  options: {
    institutions: Option[];
    canMove: boolean;
    categories: Option[];
    lifeEvents: Option[];
    audiences: Option[];
    channelKinds: Option[];
    confidences: Option[];
    sourceKinds: Option[];
  };
};

const LANGS = ["sw", "en"] as const;
const idOf = (name: string) => name.replace(/\./g, "-");

/** Reads "a.b.c" from the translations handed over by the page and fills in {{values}}. */
function lookup(strings: Strings, path: string, vars: Record<string, string | number> = {}): string {
  const found = path.split(".").reduce<unknown>((at, key) => (at && typeof at === "object" ? (at as Strings)[key] : undefined), strings);
  const text = typeof found === "string" ? found : path;
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(vars[key] ?? ""));
}

type Ctx = {
  v: (name: string) => string;
  err: (name: string) => string | undefined;
  lim: (name: string) => number;
  s: (path: string, vars?: Record<string, string | number>) => string;
  langName: (lang: string) => string;
  count: (group: string) => number;
};

function Field({
  ctx,
  name,
  label,
  hint,
  rows,
  lang,
  type = "text",
  width = "w-full",
  list,
}: {
  ctx: Ctx;
  name: string;
  label: string;
  hint?: string;
  rows?: number;
  lang?: string;
  type?: string;
  width?: string;
  list?: string;
}) {
  const id = idOf(name);
  const error = ctx.err(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    lang,
    defaultValue: ctx.v(name),
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
    className: `mt-1 ${width} border-2 ${error ? "border-red-700" : "border-ink"} p-2`,
  } as const;
  return (
    <div>
      <label htmlFor={id} className="block font-bold">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-gray-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 font-bold text-red-700">
          {error}
        </p>
      ) : null}
      {rows ? (
        <textarea {...common} rows={rows} maxLength={ctx.lim(name) * 2} />
      ) : (
        <input {...common} type={type} list={list} maxLength={ctx.lim(name) * 2} />
      )}
    </div>
  );
}

function Pair({ ctx, field, label, hint, rows }: { ctx: Ctx; field: string; label: string; hint?: string; rows?: number }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {LANGS.map((lang) => (
        <Field
          ctx={ctx}
          key={lang}
          name={`${field}.${lang}`}
          label={`${label} (${ctx.langName(lang)})`}
          hint={hint}
          rows={rows}
          lang={lang}
        />
      ))}
    </div>
  );
}

function Checks({ ctx, name, legend, items }: { ctx: Ctx; name: string; legend: string; items: Option[] }) {
  const chosen = new Set(ctx.v(name).split("\n").filter(Boolean));
  const error = ctx.err(name);
  return (
    <fieldset aria-describedby={error ? `${idOf(name)}-error` : undefined}>
      <legend className="font-bold">{legend}</legend>
      {error ? (
        <p id={`${idOf(name)}-error`} className="mt-1 font-bold text-red-700">
          {error}
        </p>
      ) : null}
      <div className="mt-1 grid gap-1 sm:grid-cols-2 lg:grid-cols-3">
        {items.map((item, i) => (
          <label key={item.value} className="flex items-center gap-2">
            <input
              id={i === 0 ? idOf(name) : undefined}
              type="checkbox"
              name={name}
              value={item.value}
              defaultChecked={chosen.has(item.value)}
              className="h-5 w-5"
            />
            {item.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Select({ ctx, name, label, items, blank }: { ctx: Ctx; name: string; label: string; items: Option[]; blank?: string }) {
  const id = idOf(name);
  const error = ctx.err(name);
  return (
    <div>
      <label htmlFor={id} className="block font-bold">
        {label}
      </label>
      {error ? (
        <p id={`${id}-error`} className="mt-1 font-bold text-red-700">
          {error}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        defaultValue={ctx.v(name)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="mt-1 max-w-full border-2 border-ink p-2"
      >
        {blank !== undefined ? <option value="">{blank}</option> : null}
        {items.map((item) => (
          <option key={item.value} value={item.value}>
            {item.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`section-${id}`} className="border-t-2 border-ink pt-4">
      <h2 id={`section-${id}`} className="text-2xl font-bold">
        {title}
      </h2>
      {intro ? <p className="mt-1">{intro}</p> : null}
      <div className="mt-3 space-y-4">{children}</div>
    </section>
  );
}

function Rows({ ctx, group, render }: { ctx: Ctx; group: string; render: (i: number) => ReactNode }) {
  const n = ctx.count(group);
  return (
    <>
      <input type="hidden" name={`${group}.count`} value={n} />
      {Array.from({ length: n }, (_, i) => (
        <fieldset key={i} className="border-2 border-gray-400 p-3">
          <legend className="px-1 font-bold">{ctx.s(`fields.${group}.row`, { n: i + 1 })}</legend>
          <div className="space-y-3">{render(i)}</div>
          <label className="mt-3 flex items-center gap-2">
            <input type="checkbox" name={`${group}.${i}.remove`} className="h-5 w-5" />
            {ctx.s("editor.removeRow")}
          </label>
        </fieldset>
      ))}
      <button type="submit" name="add" value={group} className="border-2 border-ink px-3 py-1 font-semibold">
        {ctx.s(`editor.add.${group}`)}
      </button>
    </>
  );
}

/**
 * The listing editor: every value of a listing in both languages, side by side. A Server Action
 * form that works without JavaScript: lists are one item per line, repeated groups (fees,
 * channels, laws, sources) have rows with an "add a row" button that saves and adds one. Saving
 * keeps the draft as it is; what is still missing for publication is shown beside each field.
 */
export function ListingEditor({ action, locale, versionId, initial, strings, options }: Props) {
  const [state, formAction, pending] = useActionState(action, initial);
  const s = (path: string, vars?: Record<string, string | number>) => lookup(strings, path, vars);
  const v = (name: string) => state.values[name] ?? "";
  const err = (name: string) => state.fieldErrors[name];
  const lim = limitOf;
  const count = (group: string) => Math.max(1, Number(state.values[`${group}.count`] ?? 1) || 1);
  const langName = (lang: string) => s(`langs.${lang}`);
  const ctx: Ctx = { v, err, lim, s, langName, count };

  const summary = Object.entries(state.fieldErrors).map(([field, text]) => ({ href: `#${idOf(field)}`, text }));

  const listHint = s("editor.listHint");
  const lists = ["requirements", "documents", "steps", "outputs"];

  return (
    <form action={formAction} className="mt-6 space-y-8" noValidate>
      <ErrorSummary title={s("errorSummary")} items={summary} focusKey={state} />
      {state.message ? (
        <p role="status" className={`border-l-4 p-3 ${state.ok ? "border-brand bg-green-50" : "border-red-700 bg-red-50"}`}>
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="versionId" value={versionId} />

      <Section id="basics" title={s("editor.sections.basics")}>
        <Pair ctx={ctx} field="name" label={s("fields.name")} />
        <Pair ctx={ctx} field="summary" label={s("fields.summary")} hint={s("editor.summaryHint")} rows={2} />
        <Pair ctx={ctx} field="description" label={s("fields.description")} rows={6} />
        <Pair ctx={ctx} field="slug" label={s("fields.slug")} hint={s("hints.slug")} />
        {options.canMove ? (
          <Select ctx={ctx} name="institution" label={s("fields.institution")} items={options.institutions} />
        ) : (
          <input type="hidden" name="institution" value={v("institution")} />
        )}
        <Select
          ctx={ctx}
          name="competentAuthority"
          label={s("fields.competentAuthority")}
          items={options.institutions}
          blank={s("editor.sameInstitution")}
        />
        <Checks ctx={ctx} name="audience" legend={s("fields.audience")} items={options.audiences} />
        <Checks ctx={ctx} name="categories" legend={s("fields.categories")} items={options.categories} />
        <Checks ctx={ctx} name="lifeEvents" legend={s("fields.lifeEvents")} items={options.lifeEvents} />
      </Section>

      <Section id="lists" title={s("editor.sections.lists")} intro={listHint}>
        {lists.map((list) => (
          <Pair ctx={ctx} key={list} field={list} label={s(`fields.${list}`)} rows={5} />
        ))}
      </Section>

      <Section id="fees" title={s("editor.sections.fees")} intro={s("editor.feesIntro")}>
        <Rows
          ctx={ctx}
          group="fees"
          render={(i) => (
            <>
              <div className="grid gap-3 md:grid-cols-3">
                <Field ctx={ctx} name={`fees.${i}.amount`} label={s("fields.fees.amount")} hint={s("hints.amount")} />
                <Select
                  ctx={ctx}
                  name={`fees.${i}.currency`}
                  label={s("fields.fees.currency")}
                  items={[
                    { value: "TZS", label: "TZS" },
                    { value: "USD", label: "USD" },
                  ]}
                />
                <Field ctx={ctx} name={`fees.${i}.gfsCode`} label={s("fields.fees.gfsCode")} hint={s("hints.gfsCode")} />
              </div>
              <div className="grid gap-3 md:grid-cols-2">
                {LANGS.map((lang) => (
                  <Field
                    ctx={ctx}
                    key={lang}
                    name={`fees.${i}.label.${lang}`}
                    label={`${s("fields.fees.label")} (${langName(lang)})`}
                    lang={lang}
                  />
                ))}
              </div>
              <div className="grid gap-3 md:grid-cols-2">
                <Field ctx={ctx} name={`fees.${i}.asOf`} label={s("fields.fees.asOf")} hint={s("hints.asOf")} />
                <Field ctx={ctx} name={`fees.${i}.source`} label={s("fields.fees.source")} hint={s("hints.source")} type="url" />
              </div>
              <label className="flex items-center gap-2">
                <input type="checkbox" name={`fees.${i}.gepg`} defaultChecked={v(`fees.${i}.gepg`) === "on"} className="h-5 w-5" />
                {s("fields.fees.gepg")}
              </label>
              <fieldset className="border-l-4 border-gray-400 pl-3">
                <legend className="font-bold">{s("fields.fees.issuer")}</legend>
                <p className="text-sm">{s("hints.issuer")}</p>
                <div className="grid gap-3 md:grid-cols-2">
                  <Field ctx={ctx} name={`fees.${i}.issuer.system`} label={s("fields.fees.issuerSystem")} />
                  <Field ctx={ctx} name={`fees.${i}.issuer.url`} label={s("fields.fees.issuerUrl")} type="url" />
                </div>
                <div className="grid gap-3 md:grid-cols-2">
                  {LANGS.map((lang) => (
                    <Field
                      ctx={ctx}
                      key={lang}
                      name={`fees.${i}.issuer.how.${lang}`}
                      label={`${s("fields.fees.issuerHow")} (${langName(lang)})`}
                      lang={lang}
                    />
                  ))}
                </div>
              </fieldset>
              <label className="flex items-center gap-2">
                <input type="checkbox" name={`fees.${i}.abroad`} defaultChecked={v(`fees.${i}.abroad`) === "on"} className="h-5 w-5" />
                {s("fields.fees.abroad")}
              </label>
            </>
          )}
        />
        <Pair ctx={ctx} field="feeNote" label={s("fields.feeNote")} hint={s("editor.feeNoteHint")} />
      </Section>

      <Section id="time" title={s("editor.sections.time")}>
        <Pair ctx={ctx} field="processingTime" label={s("fields.processingTime")} />
        <div className="grid gap-3 md:grid-cols-2">
          <Field ctx={ctx} name="processingTime.iso" label={s("fields.processingTimeIso")} hint={s("hints.iso")} />
          <Field ctx={ctx} name="processingTime.source" label={s("fields.processingTimeSource")} hint={s("hints.source")} type="url" />
        </div>
      </Section>

      <Section id="channels" title={s("editor.sections.channels")} intro={s("editor.channelsIntro")}>
        <Rows
          ctx={ctx}
          group="channels"
          render={(i) => (
            <>
              <div className="grid gap-3 md:grid-cols-2">
                <Select ctx={ctx} name={`channels.${i}.kind`} label={s("fields.channels.kind")} items={options.channelKinds} />
                <Field ctx={ctx} name={`channels.${i}.target`} label={s("fields.channels.target")} hint={s("hints.target")} />
              </div>
              <div className="grid gap-3 md:grid-cols-2">
                {LANGS.map((lang) => (
                  <Field
                    ctx={ctx}
                    key={lang}
                    name={`channels.${i}.label.${lang}`}
                    label={`${s("fields.channels.label")} (${langName(lang)})`}
                    lang={lang}
                  />
                ))}
                {LANGS.map((lang) => (
                  <Field
                    ctx={ctx}
                    key={`a${lang}`}
                    name={`channels.${i}.address.${lang}`}
                    label={`${s("fields.channels.address")} (${langName(lang)})`}
                    lang={lang}
                  />
                ))}
                {LANGS.map((lang) => (
                  <Field
                    ctx={ctx}
                    key={`h${lang}`}
                    name={`channels.${i}.hours.${lang}`}
                    label={`${s("fields.channels.hours")} (${langName(lang)})`}
                    lang={lang}
                  />
                ))}
              </div>
              <Field ctx={ctx} name={`channels.${i}.source`} label={s("fields.channels.source")} hint={s("hints.source")} type="url" />
            </>
          )}
        />
      </Section>

      <Section id="law" title={s("editor.sections.law")}>
        <Rows
          ctx={ctx}
          group="legalBasis"
          render={(i) => (
            <div className="grid gap-3 md:grid-cols-2">
              <Field ctx={ctx} name={`legalBasis.${i}.title`} label={s("fields.legalBasis.title")} />
              <Field ctx={ctx} name={`legalBasis.${i}.url`} label={s("fields.legalBasis.url")} hint={s("hints.url")} type="url" />
            </div>
          )}
        />
      </Section>

      <Section id="search" title={s("editor.sections.search")}>
        <Pair ctx={ctx} field="keywords" label={s("fields.keywords")} hint={s("editor.keywordsHint")} rows={4} />
      </Section>

      <Section id="sources" title={s("editor.sections.sources")} intro={s("editor.sourcesIntro")}>
        <Rows
          ctx={ctx}
          group="sources"
          render={(i) => (
            <>
              <div className="grid gap-3 md:grid-cols-2">
                <Field ctx={ctx} name={`sources.${i}.url`} label={s("fields.sources.url")} hint={s("hints.url")} type="url" />
                <Field ctx={ctx} name={`sources.${i}.title`} label={s("fields.sources.title")} />
              </div>
              <div className="grid gap-3 md:grid-cols-2">
                <Field ctx={ctx} name={`sources.${i}.date`} label={s("fields.sources.date")} hint={s("hints.date")} />
                <Select ctx={ctx} name={`sources.${i}.confidence`} label={s("fields.sources.confidence")} items={options.confidences} />
              </div>
              <Select ctx={ctx} name={`sources.${i}.kind`} label={s("fields.sources.kind")} items={options.sourceKinds} />
              <Field ctx={ctx} name={`sources.${i}.note`} label={s("fields.sources.note")} rows={2} />
            </>
          )}
        />
      </Section>

      <Section id="review" title={s("editor.sections.review")}>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="needsReview" defaultChecked={v("needsReview") === "on"} className="h-5 w-5" />
          {s("fields.needsReview")}
        </label>
        <Field ctx={ctx} name="reviewNote" label={s("fields.reviewNote")} rows={3} />
      </Section>

      <div className="sticky bottom-0 border-t-2 border-ink bg-white py-3">
        <button type="submit" disabled={pending} className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
          {s("editor.save")}
        </button>
      </div>
    </form>
  );
}
