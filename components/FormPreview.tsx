import { formProblems, formSchema, type Condition, type FormDefinition, type Question } from "@/lib/applications/form-schema";
import { formatPartialDate } from "@/lib/catalogue/format";
import { SOURCE_KINDS } from "@/lib/catalogue/trust";
import { intlLocale, type Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";

/**
 * An application form as staff read it, in the page's language: what citizens read first, how
 * the fee is paid, then each page and its questions with their kind, whether they are required,
 * when they are asked, whether NIDA fills them, and where they come from.
 */

type Source = NonNullable<Question["source"]>;

function bytes(locale: Locale, size: number): string {
  const format = (n: number) => new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 1 }).format(n);
  return size >= 1024 * 1024 ? `${format(size / (1024 * 1024))} MB` : `${format(size / 1024)} KB`;
}

function SourceLink({ locale, source }: { locale: Locale; source: Source }) {
  const catalogueT = getT(locale, "catalogue");
  const kind = SOURCE_KINDS.find((k) => k === source.kind);
  return (
    <>
      <a href={source.url} rel="noopener nofollow" className="break-all">
        {source.title ?? source.url}
      </a>
      {` (${kind ? catalogueT(`trust.kind.${kind}`) : catalogueT("trust.sourceUnknown")}${source.date ? `, ${formatPartialDate(locale, source.date)}` : ""})`}
    </>
  );
}

export function FormPreview({ locale, definition }: { locale: Locale; definition: unknown }) {
  const t = getT(locale, "staff");
  const parsed = formSchema.safeParse(definition);
  if (!parsed.success) {
    return (
      <div className="mt-3">
        <p>{t("forms.preview.unreadable")}</p>
        <ul className="mt-1 list-disc pl-6 font-mono text-sm">
          {formProblems(definition)
            .slice(0, 20)
            .map((problem, i) => (
              <li key={i}>{problem}</li>
            ))}
        </ul>
      </div>
    );
  }
  const form: FormDefinition = parsed.data;
  const questions = new Map(form.pages.flatMap((page) => page.questions.map((q) => [q.id, q] as const)));

  /** "the answer to “Do you have …?” is “Yes”", from the question's label and the option's. */
  const condition = ({ question: id, equals }: Condition) => {
    const target = questions.get(id);
    const question = target ? target.label[locale] : id;
    const option =
      target && (target.kind === "oneOf" || target.kind === "manyOf") ? target.options.find((o) => o.value === equals) : undefined;
    const value =
      typeof equals === "boolean" ? t(equals ? "forms.preview.yes" : "forms.preview.no") : option ? option.label[locale] : String(equals);
    return t(target?.kind === "manyOf" ? "forms.preview.conditionIncludes" : "forms.preview.condition", { question, value });
  };
  const payment =
    form.payment.when === "none"
      ? t("forms.preview.paymentNone")
      : t(form.payment.when === "before" ? "forms.preview.paymentBefore" : "forms.preview.paymentAfter", {
          n: form.payment.feePosition + 1,
        });

  return (
    <div className="mt-3 space-y-4" data-testid="form-preview">
      <div>
        <h3 className="font-bold">{t("forms.preview.intro")}</h3>
        <p className="whitespace-pre-line">{form.intro[locale]}</p>
      </div>
      <p>
        <span className="font-bold">{t("forms.preview.payment")}:</span> {payment}
      </p>
      <ol className="space-y-4">
        {form.pages.map((page, index) => (
          <li key={page.id} className="border-2 border-gray-400 p-3">
            <h3 className="text-lg font-bold">{t("forms.preview.pageN", { n: index + 1, title: page.title[locale] })}</h3>
            {page.hint ? <p className="mt-1 text-sm">{page.hint[locale]}</p> : null}
            {page.when ? <p className="mt-1 italic">{t("forms.preview.pageWhen", { condition: condition(page.when) })}</p> : null}
            <ol className="mt-2 list-decimal space-y-3 pl-6">
              {page.questions.map((question) => {
                const nida = "nida" in question ? question.nida : undefined;
                return (
                  <li key={question.id}>
                    <p>
                      <span className="font-semibold">{question.label[locale]}</span>
                      {" · "}
                      {t(`forms.kinds.${question.kind}`)}
                      {" · "}
                      {t(question.required ? "forms.preview.required" : "forms.preview.optional")}
                    </p>
                    {question.hint ? <p className="text-sm">{question.hint[locale]}</p> : null}
                    {nida ? (
                      <p className="mt-1 inline-block bg-blue-100 px-2 text-sm font-semibold">
                        {t("forms.preview.fromNida", { fact: t(`forms.nida.${nida}`) })}
                      </p>
                    ) : null}
                    {question.when ? (
                      <p className="mt-1 italic">{t("forms.preview.askedIf", { condition: condition(question.when) })}</p>
                    ) : null}
                    {question.kind === "oneOf" || question.kind === "manyOf" ? (
                      <p className="mt-1 text-sm">
                        {t("forms.preview.options")}: {question.options.map((o) => o.label[locale]).join(" · ")}
                      </p>
                    ) : null}
                    {question.kind === "document" ? (
                      <p className="mt-1 text-sm">
                        {t("forms.preview.accept", {
                          types: question.accept.map((type) => type.toUpperCase()).join(", "),
                          size: bytes(locale, question.maxBytes),
                        })}
                      </p>
                    ) : null}
                    {question.source ? (
                      <p className="mt-1 text-sm">
                        {t("forms.preview.source")}: <SourceLink locale={locale} source={question.source} />
                      </p>
                    ) : null}
                    <p className="text-xs">
                      {t("forms.preview.key")}: <code>{question.id}</code>
                    </p>
                  </li>
                );
              })}
            </ol>
          </li>
        ))}
      </ol>
      {form.sources.length ? (
        <div>
          <h3 className="font-bold">{t("forms.preview.sources")}</h3>
          <ul className="mt-1 list-disc pl-6 text-sm">
            {form.sources.map((source) => (
              <li key={source.url}>
                <SourceLink locale={locale} source={source} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
