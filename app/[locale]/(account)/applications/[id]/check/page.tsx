import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { firstIncompletePage, nidaValue, questionAsked, shownPages } from "@/lib/applications/answers";
import { billedFeePosition } from "@/lib/applications/applications";
import { answerInWords } from "@/lib/applications/display";
import { ownApplicationPage } from "@/lib/applications/pages";
import { currentCatalogue } from "@/lib/catalogue/current";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, getT } from "@/lib/i18n/server";
import { problemNotice } from "@/lib/applications/notices";
import { submitApplication } from "../../actions";

type Props = { params: Promise<{ locale: string; id: string }>; searchParams: Promise<{ problem?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "applications")("check.title"), robots: { index: false } };
}

/** Check your answers: every answer of every page shown, each with a "change" link, then send. */
export default async function CheckPage({ params, searchParams }: Props) {
  const { locale: segment, id } = await params;
  const locale = localeFrom(segment);
  const { own } = await ownApplicationPage(locale, id, `/${locale}/applications/${id}/check`);
  if (own.application.status !== "draft") redirect(`/${locale}/applications/${id}`);
  const incomplete = firstIncompletePage(own.form, own.answers, own.identity);
  if (incomplete) redirect(`/${locale}/applications/${id}/${incomplete.id}`);
  const t = getT(locale, "applications");
  const problem = problemNotice(t, (await searchParams).problem);
  const service = (await currentCatalogue()).serviceById.get(own.application.serviceId);
  const words = {
    yes: t("page.yes"),
    no: t("page.no"),
    formatDate: (iso: string) => formatDate(locale, new Date(`${iso}T12:00:00+03:00`)),
  };
  const billed = service !== undefined && billedFeePosition(service, own.form, own.answers) !== null;
  return (
    <>
      <p>
        <a href={`/${locale}/applications/${id}/${shownPages(own.form, own.answers).at(-1)!.id}`}>← {t("page.back")}</a>
      </p>
      <h1 className="mt-4 text-3xl font-bold leading-tight">{t("check.title")}</h1>
      {service ? <p className="mt-1 text-muted">{service.name[locale]}</p> : null}
      <p className="mt-2 text-lg">{t("check.intro")}</p>
      {problem ? (
        <p role="alert" className="mt-4 border-l-4 border-red-700 pl-3 font-bold">
          {problem}
        </p>
      ) : null}
      {shownPages(own.form, own.answers).map((page) => {
        const rows = page.questions.filter((q) => questionAsked(page, q, own.answers));
        if (rows.length === 0) return null;
        return (
          <section key={page.id} className="mt-8" aria-labelledby={`page-${page.id}`}>
            <h2 id={`page-${page.id}`} className="text-2xl font-bold">
              {page.title[locale]}
            </h2>
            <dl className="mt-2 divide-y divide-gray-300 border-y border-gray-300">
              {rows.map((q) => {
                const fromNida = nidaValue(q, own.identity);
                const value = fromNida ?? own.answers[q.id];
                return (
                  <div key={q.id} className="grid gap-1 py-3 sm:grid-cols-[2fr_3fr_auto] sm:gap-4">
                    <dt className="font-semibold">{q.kind === "declaration" ? t("check.declaration") : q.label[locale]}</dt>
                    <dd>
                      {value === undefined ? (
                        <span className="text-muted">{t("check.notAnswered")}</span>
                      ) : (
                        answerInWords(q, value, locale, words)
                      )}
                      {fromNida !== undefined ? <span className="block text-sm text-muted">{t("page.fromNida")}</span> : null}
                    </dd>
                    <dd>
                      {fromNida === undefined ? (
                        <a href={`/${locale}/applications/${id}/${page.id}?return=check#q_${q.id}`}>
                          {t("check.change")}
                          <span className="sr-only"> {q.label[locale]}</span>
                        </a>
                      ) : null}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </section>
        );
      })}
      <form action={submitApplication} className="mt-10">
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="id" value={id} />
        <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
          {billed ? t("check.sendAndPay") : t("check.send")}
        </button>
      </form>
    </>
  );
}
