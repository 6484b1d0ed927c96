import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DRAFT_DAYS } from "@/lib/applications/applications";
import { feeLine } from "@/lib/applications/fees";
import { problemNotice } from "@/lib/applications/notices";
import { publishedForm } from "@/lib/applications/service";
import { findService } from "@/lib/catalogue/catalogue";
import { currentCatalogue } from "@/lib/catalogue/current";
import { currentActor } from "@/lib/identity/auth";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { startApplication } from "@/app/[locale]/(account)/applications/actions";

type Props = { params: Promise<{ locale: string; slug: string }>; searchParams: Promise<{ problem?: string }> };

async function load(props: Props) {
  const { locale: segment, slug } = await props.params;
  const locale = localeFrom(segment);
  const found = findService(await currentCatalogue(), locale, decodeURIComponent(slug));
  return { locale, service: found?.service };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { locale, service } = await load(props);
  if (!service) return {};
  return { title: getT(locale, "applications")("start.title", { service: service.name[locale] }), robots: { index: false } };
}

/**
 * The start page of an online application (GOV.UK's pattern): what it is, what the citizen
 * needs, how it goes and what it costs, then "Start now" (or sign in first).
 */
export default async function ApplyStartPage(props: Props) {
  const { locale, service } = await load(props);
  if (!service) notFound();
  const t = getT(locale, "applications");
  const published = await publishedForm(service.id);
  const actor = await currentActor();
  const problem = problemNotice(t, (await props.searchParams).problem);
  const here = `/${locale}/services/${service.slug[locale]}/apply`;
  const provider = service.competentAuthority ?? service.institution;
  const fee = published ? feeLine(t, service, published.form) : null;
  return (
    <>
      <p>
        <a href={`/${locale}/services/${service.slug[locale]}`}>← {service.name[locale]}</a>
      </p>
      <h1 className="mt-4 text-3xl font-bold leading-tight">{t("start.title", { service: service.name[locale] })}</h1>
      <p className="mt-1 text-muted">{t("start.lead", { institution: provider.name[locale] })}</p>
      {problem ? (
        <p role="alert" className="mt-4 border-l-4 border-red-700 pl-3 font-bold">
          {problem}
        </p>
      ) : null}
      {!published ? (
        <p className="mt-6 text-lg">{t("start.notAvailable")}</p>
      ) : (
        <>
          <p className="mt-4 text-lg">{published.form.intro[locale]}</p>
          <h2 className="mt-6 text-2xl font-bold">{t("start.how")}</h2>
          <ol className="mt-2 list-decimal space-y-2 pl-6 text-lg">
            <li>{t("start.step1")}</li>
            <li>{t("start.step2", { days: DRAFT_DAYS })}</li>
            <li>{t("start.step3")}</li>
          </ol>
          {fee ? <p className="mt-4 border-l-4 border-brand pl-3">{fee}</p> : null}
          {actor.kind === "citizen" ? (
            <form action={startApplication} className="mt-8">
              <input type="hidden" name="locale" value={locale} />
              <input type="hidden" name="serviceId" value={service.id} />
              <button type="submit" className="bg-brand px-6 py-3 text-xl font-bold text-white hover:bg-brand-dark">
                {t("start.button")} →
              </button>
            </form>
          ) : (
            <div className="mt-8">
              <a
                href={`/${locale}/sign-in?return=${encodeURIComponent(here)}`}
                className="inline-block bg-brand px-6 py-3 text-xl font-bold text-white no-underline visited:text-white hover:bg-brand-dark"
              >
                {t("start.signIn")} →
              </a>
              <p className="mt-2 text-muted">{t("start.signInHint")}</p>
            </div>
          )}
        </>
      )}
    </>
  );
}
