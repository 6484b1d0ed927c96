import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ApplicationPageForm, type QuestionView } from "@/components/ApplicationPageForm";
import { nidaValue, questionAsked, shownPages } from "@/lib/applications/answers";
import { previousPageBefore } from "@/lib/applications/applications";
import { answerInWords, fieldValues } from "@/lib/applications/display";
import { MAX_DOCUMENT_BYTES, type Question } from "@/lib/applications/form-schema";
import { ownApplicationPage } from "@/lib/applications/pages";
import { REGIONS } from "@/lib/applications/regions";
import { currentCatalogue } from "@/lib/catalogue/current";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, getT } from "@/lib/i18n/server";
import { saveApplicationPage } from "../../actions";

type Props = {
  params: Promise<{ locale: string; id: string; pageId: string }>;
  searchParams: Promise<{ return?: string; problem?: string }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "applications")("title"), robots: { index: false } };
}

const MIME: Record<string, string> = { pdf: "application/pdf", jpeg: "image/jpeg", png: "image/png" };

export default async function QuestionPage({ params, searchParams }: Props) {
  const { locale: segment, id, pageId } = await params;
  const locale = localeFrom(segment);
  const query = await searchParams;
  const { own } = await ownApplicationPage(locale, id, `/${locale}/applications/${id}/${pageId}`);
  if (own.application.status !== "draft") redirect(`/${locale}/applications/${id}`);
  const shown = shownPages(own.form, own.answers);
  const page = shown.find((p) => p.id === pageId);
  if (!page) redirect(`/${locale}/applications/${id}/${shown[0]!.id}`);
  const t = getT(locale, "applications");
  const service = (await currentCatalogue()).serviceById.get(own.application.serviceId);
  const words = {
    yes: t("page.yes"),
    no: t("page.no"),
    formatDate: (iso: string) => formatDate(locale, new Date(`${iso}T12:00:00+03:00`)),
  };

  const view = (q: Question): QuestionView => {
    const fromNida = nidaValue(q, own.identity);
    const kept = own.answers[q.id];
    return {
      id: q.id,
      kind: q.kind,
      label: q.label[locale],
      hint: q.hint?.[locale] ?? null,
      required: q.required,
      fromNida: fromNida === undefined ? null : answerInWords(q, fromNida, locale, words),
      options: "options" in q ? q.options.map((o) => ({ value: o.value, label: o.label[locale] })) : [],
      maxLength: "maxLength" in q ? q.maxLength : null,
      unit: q.kind === "number" && q.unit ? q.unit[locale] : null,
      accept: q.kind === "document" ? q.accept.map((type) => MIME[type]).join(",") : null,
      fileHint:
        q.kind === "document"
          ? t("page.fileHint", {
              types: q.accept.map((type) => type.toUpperCase()).join(", "),
              max: Math.floor(Math.min(q.maxBytes, MAX_DOCUMENT_BYTES) / 1024 / 1024) || 1,
            })
          : null,
      keptFile:
        q.kind === "document" && kept && typeof kept === "object" && "fileName" in kept
          ? t("page.fileKept", { name: kept.fileName })
          : null,
    };
  };
  const questions = page.questions.filter((q) => questionAsked(page, q, own.answers)).map(view);
  const previous = previousPageBefore(own.form, page.id, own.answers);
  const backHref =
    query.return === "check"
      ? `/${locale}/applications/${id}/check`
      : previous
        ? `/${locale}/applications/${id}/${previous.id}`
        : service
          ? `/${locale}/services/${service.slug[locale]}/apply`
          : `/${locale}/applications`;
  const hasRegion = questions.some((q) => q.kind === "regionDistrict" && q.fromNida === null);
  return (
    <>
      <p>
        <a href={backHref}>← {t("page.back")}</a>
      </p>
      <p className="mt-4 text-muted">
        {service ? `${service.name[locale]} · ` : ""}
        {t("page.step", { n: shown.indexOf(page) + 1, total: shown.length })}
      </p>
      <h1 className="mt-1 text-3xl font-bold leading-tight">{page.title[locale]}</h1>
      {page.hint ? <p className="mt-2 text-lg">{page.hint[locale]}</p> : null}
      {query.problem === "incomplete" ? (
        <p role="alert" className="mt-4 border-l-4 border-red-700 pl-3 font-bold">
          {t("check.incomplete")}
        </p>
      ) : null}
      <ApplicationPageForm
        action={saveApplicationPage}
        locale={locale}
        applicationId={id}
        pageId={page.id}
        returnTo={query.return === "check" ? "check" : null}
        questions={questions}
        values={fieldValues(page.questions, own.answers)}
        regions={hasRegion ? REGIONS : []}
        strings={{
          save: query.return === "check" ? t("page.saveAndCheck") : t("page.save"),
          optional: t("page.optional"),
          yes: t("page.yes"),
          no: t("page.no"),
          day: t("page.day"),
          month: t("page.month"),
          year: t("page.year"),
          dateHint: t("page.dateHint"),
          chooseDistrict: t("page.chooseDistrict"),
          fromNida: t("page.fromNida"),
          fromNidaHint: t("page.fromNidaHint"),
          errorSummary: t("page.errorSummary"),
          saveLater: t("page.saveLater"),
        }}
      />
    </>
  );
}
