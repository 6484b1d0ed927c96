import type { Metadata } from "next";
import { FactCorrectForm } from "@/components/FactCorrectForm";
import { StaffNotices } from "@/components/StaffNotices";
import { StaffNotFound } from "@/components/StaffPieces";
import { currentCatalogue } from "@/lib/catalogue/current";
import { formatAmount, formatPartialDate } from "@/lib/catalogue/format";
import { channelTarget, isMarked, SOURCE_KINDS } from "@/lib/catalogue/trust";
import { listingFactsForReview } from "@/lib/editorial/service";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, getT } from "@/lib/i18n/server";
import { requireStaff } from "@/lib/staff/auth";
import { confirmFact, correctFact } from "../../../actions";

type Props = {
  params: Promise<{ locale: string; serviceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("facts.title"), robots: { index: false } };
}

/** A listing's facts one by one, each with its source: confirmed as it stands, or corrected. */
export default async function ListingFactsPage({ params, searchParams }: Props) {
  const { locale: segment, serviceId } = await params;
  const locale = localeFrom(segment);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/listings/${serviceId}/facts`);
  const t = getT(locale, "staff");
  const catalogueT = getT(locale, "catalogue");
  const review = await listingFactsForReview(actor, serviceId);
  if (!review) return <StaffNotFound locale={locale} />;
  const { document, facts, canReview } = review;
  const keeper = (await currentCatalogue()).institutionBySlug.get(document.institution);
  const institution = keeper ? (keeper.acronym ?? keeper.name[locale]) : document.institution;
  const day = (value: string) => formatDate(locale, new Date(`${value}T12:00:00+03:00`));

  const says = (key: string) => {
    const fact = facts.find((f) => f.key === key)!;
    if (fact.kind === "fee") {
      const fee = document.fees[fact.index]!;
      return `${fee.label[locale]}: ${formatAmount(locale, fee.amount.toFixed(2), fee.currency)}`;
    }
    if (fact.kind === "time") return document.processingTime!.text[locale];
    const channel = document.channels[fact.index]!;
    return `${catalogueT(`channel.${channel.kind}`)}: ${channel.label[locale]}${
      channel.kind === "office" || channel.kind === "app" ? "" : ` · ${channelTarget(channel)}`
    }`;
  };

  return (
    <>
      <p>
        <a href={`/${locale}/staff/review`}>← {t("facts.back")}</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold leading-tight">{document.name[locale]}</h1>
      <p className="mt-1 text-xl">{t("facts.title")}</p>
      <StaffNotices locale={locale} query={query} />
      <p className="mt-4 max-w-3xl">{t("facts.intro", { institution })}</p>
      {!canReview ? <p className="mt-2 border-l-4 border-ink bg-gray-100 p-3">{t("facts.readOnly")}</p> : null}
      {facts.length === 0 ? <p className="mt-4">{t("facts.none")}</p> : null}
      <ol className="mt-6 space-y-6">
        {facts.map((fact) => {
          const id = `fact-${fact.key.replace(":", "-")}`;
          const source = document.sources.find((s) => s.url === fact.source);
          const kind = SOURCE_KINDS.find((k) => k === source?.kind);
          const date = fact.trust.state === "sourced" ? fact.trust.date : null;
          return (
            <li key={fact.key} id={id} className="border-2 border-ink p-4" data-testid="fact">
              <h2 className="text-xl font-bold">{t(`facts.kinds.${fact.kind}`)}</h2>
              <p className="mt-1 text-lg" data-testid="fact-says">
                {says(fact.key)}
              </p>
              <p className="mt-2 text-sm">
                <span className="font-semibold">{t("facts.source")}:</span>{" "}
                {source ? (
                  <>
                    <a href={source.url} rel="noopener nofollow" className="break-all">
                      {source.title ?? source.url}
                    </a>
                    {` (${kind ? catalogueT(`trust.kind.${kind}`) : catalogueT("trust.sourceUnknown")}${date ? `, ${formatPartialDate(locale, date)}` : ""}; ${t(
                      "facts.confidence",
                      { level: t(`confidence.${source.confidence as "HIGH"}`, { defaultValue: source.confidence }) },
                    )})`}
                  </>
                ) : (
                  t("facts.noSource")
                )}
              </p>
              <p className="mt-1 font-semibold" data-testid="fact-state">
                {fact.trust.state === "confirmed"
                  ? t("facts.state.confirmed", { date: day(fact.trust.on) })
                  : isMarked(fact.trust)
                    ? t("facts.state.marked")
                    : t("facts.state.sourced")}
              </p>
              {canReview ? (
                <div className="mt-3 space-y-3">
                  <form action={confirmFact}>
                    <input type="hidden" name="locale" value={locale} />
                    <input type="hidden" name="serviceId" value={serviceId} />
                    <input type="hidden" name="key" value={fact.key} />
                    <button type="submit" className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
                      {t("facts.confirm")}
                    </button>
                  </form>
                  {fact.correctable ? (
                    <FactCorrectForm
                      action={correctFact}
                      locale={locale}
                      serviceId={serviceId}
                      factKey={fact.key}
                      current={
                        fact.kind === "time"
                          ? { value: "", sw: document.processingTime!.text.sw, en: document.processingTime!.text.en }
                          : {
                              value:
                                fact.kind === "fee"
                                  ? String(document.fees[fact.index]!.amount)
                                  : channelTarget(document.channels[fact.index]!),
                              sw: "",
                              en: "",
                            }
                      }
                      labels={
                        fact.kind === "time"
                          ? {
                              sw: t("facts.newTextSw"),
                              en: t("facts.newTextEn"),
                              submit: t("facts.saveCorrection"),
                              open: t("facts.correct"),
                            }
                          : fact.kind === "fee"
                            ? {
                                value: t("facts.newAmount", { currency: document.fees[fact.index]!.currency }),
                                submit: t("facts.saveCorrection"),
                                open: t("facts.correct"),
                              }
                            : { value: t("facts.newValue"), submit: t("facts.saveCorrection"), open: t("facts.correct") }
                      }
                    />
                  ) : (
                    <p className="text-sm">{t("facts.inEditor")}</p>
                  )}
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
