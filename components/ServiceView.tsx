import type { ReactNode } from "react";
import type { CatalogueService, Channel } from "@/lib/catalogue/model";
import { formatAmount, formatPartialDate, telHref } from "@/lib/catalogue/format";
import type { Locale } from "@/lib/i18n/config";
import { factTrust, isMarked, listingFacts, SOURCE_KINDS, type FactTrust } from "@/lib/catalogue/trust";
import { tanzaniaDay } from "@/lib/catalogue/usage";
import { formatDate, getT } from "@/lib/i18n/server";
import { feeBilling } from "@/lib/payments/bills";
import { acronymSuffix } from "@/lib/catalogue/format";

const trustKind = (kind: string | undefined) => SOURCE_KINDS.find((k) => k === kind);
const dayDate = (day: string) => new Date(`${day}T12:00:00+03:00`);

/**
 * Beside a fact: who confirmed it and when, or, when it rests on a weak or old public source, what
 * kind of source and from when ("Not confirmed by the institution. Source: newspaper, 2021").
 * Nothing for a fact from a recent official source.
 */
function FactMark({ locale, trust, institution }: { locale: Locale; trust: FactTrust; institution: string }) {
  const t = getT(locale, "catalogue");
  if (trust.state === "confirmed") {
    return (
      <span className="mt-1 block text-sm text-muted" data-testid="fact-confirmed">
        {t("trust.confirmed", { institution, date: formatDate(locale, dayDate(trust.on)) })}
      </span>
    );
  }
  if (!isMarked(trust)) return null;
  const kind = trust.kind ? t(`trust.kind.${trust.kind}`) : t("trust.sourceUnknown");
  const source = trust.date ? t("trust.source", { kind, date: formatPartialDate(locale, trust.date) }) : t("trust.sourceUndated", { kind });
  return (
    <span className="mt-1 block border-l-4 border-yellow-600 bg-yellow-50 px-2 text-sm" data-testid="fact-mark">
      {t(trust.unconfirmed ? "trust.unconfirmed" : "trust.old", { source })}
    </span>
  );
}

/** "ada, muda wa kushughulikia na mahali na namna ya kuomba": the kinds of fact marked on the page. */
function markedFactsSentence(locale: Locale, kinds: ("fee" | "time" | "channel")[]): string {
  const t = getT(locale, "catalogue");
  const words = kinds.map((kind) => t(`trust.facts.${kind}`));
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} ${t("trust.and")} ${words.at(-1)}` : (words[0] ?? "");
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="text-2xl font-bold">
        {title}
      </h2>
      <div className="mt-2">{children}</div>
    </section>
  );
}

function ChannelItem({ locale, channel }: { locale: Locale; channel: Channel }): ReactNode {
  const t = getT(locale, "catalogue");
  const label = channel.label[locale];
  switch (channel.kind) {
    case "online":
      return (
        <>
          <span className="font-semibold">{t("channel.online")}:</span>{" "}
          <a href={channel.url} rel="noopener">
            {label}
          </a>
        </>
      );
    case "ussd":
      return (
        <>
          <span className="font-semibold">{t("channel.ussd")}:</span> {label}: {t("channel.dial")}{" "}
          <a href={telHref(channel.code)} className="font-mono">
            {channel.code}
          </a>
        </>
      );
    case "sms":
      return (
        <>
          <span className="font-semibold">{t("channel.sms")}:</span> {label}: <span className="font-mono">{channel.number}</span>
        </>
      );
    case "phone":
      return (
        <>
          <span className="font-semibold">{t("channel.phone")}:</span> {label}: <a href={telHref(channel.number)}>{channel.number}</a>
        </>
      );
    case "email":
      return (
        <>
          <span className="font-semibold">{t("channel.email")}:</span> {label}: <a href={`mailto:${channel.address}`}>{channel.address}</a>
        </>
      );
    case "app":
      return (
        <>
          <span className="font-semibold">{t("channel.app")}:</span> {label}
        </>
      );
    case "office":
      return (
        <>
          <span className="font-semibold">{t("channel.office")}:</span> {label}
          {channel.address ? <span className="block text-sm">{channel.address[locale]}</span> : null}
          {channel.hours ? <span className="block text-sm">{channel.hours[locale]}</span> : null}
        </>
      );
  }
}

function List({ items, locale, ordered = false }: { items: { sw: string; en: string }[]; locale: Locale; ordered?: boolean }) {
  const Tag = ordered ? "ol" : "ul";
  return (
    <Tag className={ordered ? "list-decimal space-y-2 pl-6" : "list-disc space-y-1 pl-6"}>
      {items.map((item, i) => (
        <li key={i}>{item[locale]}</li>
      ))}
    </Tag>
  );
}

/** Where this fee's control number comes from, said plainly: never a bill of ours for a fee another system bills. */
function FeeBillingNote({ locale, service, fee }: { locale: Locale; service: CatalogueService; fee: CatalogueService["fees"][number] }) {
  const t = getT(locale, "catalogue");
  const billing = feeBilling(service, fee);
  const institution = service.institution.acronym ?? service.institution.name[locale];
  if (billing === "not-gepg") return null;
  if (billing === "own-system" && fee.issuer) {
    return (
      <span className="mt-1 block text-sm" data-testid="fee-billing">
        {t("fee.billing.ownSystem", { system: fee.issuer.system, institution })} {fee.issuer.how[locale]}{" "}
        {fee.issuer.url ? (
          <a href={fee.issuer.url} rel="noopener">
            {t("fee.billing.open", { system: fee.issuer.system })}
          </a>
        ) : null}
      </span>
    );
  }
  return (
    <span className="mt-1 block text-sm" data-testid="fee-billing">
      {billing === "portal"
        ? t("fee.billing.portal")
        : billing === "abroad"
          ? t("fee.billing.abroad")
          : t("fee.billing.institution", { institution })}
    </span>
  );
}

/**
 * `payment` is shown under the fees: the public page's "pay online" form (not in previews);
 * `apply`, under the summary: "Apply online" where the listing has a form citizens fill in here.
 */
export function ServiceView({
  locale,
  service,
  payment,
  apply,
}: {
  locale: Locale;
  service: CatalogueService;
  payment?: ReactNode;
  apply?: ReactNode;
}) {
  const t = getT(locale, "catalogue");
  const provider = service.competentAuthority ?? service.institution;
  const online = service.channels.find((c) => c.kind === "online");
  const paysByControlNumber = service.fees.some((fee) => fee.gepg);
  const today = tanzaniaDay(new Date());
  const trustOf = new Map(listingFacts(service).map((fact) => [fact.key, factTrust(fact, service.sources, today)]));
  const keeper = service.institution.acronym ?? service.institution.name[locale];
  const mark = (key: string) => <FactMark locale={locale} trust={trustOf.get(key)!} institution={keeper} />;
  const markedKinds = (["fee", "time", "channel"] as const).filter((kind) =>
    [...trustOf].some(([key, trust]) => key.split(":")[0] === kind && isMarked(trust)),
  );

  const sourceLabel = (source: CatalogueService["sources"][number]) => {
    const kind = trustKind(source.kind) ? t(`trust.kind.${trustKind(source.kind)!}`) : t("trust.sourceUnknown");
    return source.date ? t("trust.source", { kind, date: formatPartialDate(locale, source.date) }) : t("trust.sourceUndated", { kind });
  };

  return (
    <article>
      {service.maintenanceNotice ? (
        <div role="note" className="mb-4 border-l-8 border-red-700 bg-red-50 px-4 py-3">
          <p className="font-bold">{t("maintenance")}</p>
          <p>{service.maintenanceNotice[locale]}</p>
        </div>
      ) : null}
      <h1 className="text-3xl font-bold leading-tight">{service.name[locale]}</h1>
      <p className="mt-2 text-muted">
        {t("providedBy")}{" "}
        <a href={`/${locale}/institutions/${provider.slug}`}>
          {provider.name[locale]}
          {acronymSuffix(provider, locale)}
        </a>
      </p>
      {markedKinds.length > 0 ? (
        <p className="mt-4 border-l-4 border-yellow-600 bg-yellow-50 px-3 py-2" data-testid="trust-warning">
          {t("trust.pageWarning", { institution: keeper, facts: markedFactsSentence(locale, markedKinds) })}
        </p>
      ) : null}
      <p className="mt-4 text-lg">{service.summary[locale]}</p>
      {apply}
      {online ? (
        <p className="mt-4">
          <a
            href={online.url}
            rel="noopener"
            className="inline-block bg-brand px-5 py-3 text-lg font-bold text-white no-underline visited:text-white hover:bg-brand-dark"
          >
            {online.label[locale]} →
          </a>
        </p>
      ) : null}

      <Section id="about" title={t("sections.about")}>
        <p>{service.description[locale]}</p>
        {service.audience.length > 0 ? (
          <p className="mt-2">
            <span className="font-semibold">{t("sections.who")}:</span>{" "}
            {service.audience.map((a) => t(`audience.${a as "citizens"}`)).join(", ")}
          </p>
        ) : null}
      </Section>

      {service.requirements.length > 0 ? (
        <Section id="requirements" title={t("sections.requirements")}>
          <List items={service.requirements} locale={locale} />
        </Section>
      ) : null}
      {service.documents.length > 0 ? (
        <Section id="documents" title={t("sections.documents")}>
          <List items={service.documents} locale={locale} />
        </Section>
      ) : null}
      {service.steps.length > 0 ? (
        <Section id="steps" title={t("sections.steps")}>
          <List items={service.steps} locale={locale} ordered />
        </Section>
      ) : null}
      {service.outputs.length > 0 ? (
        <Section id="outputs" title={t("sections.outputs")}>
          <List items={service.outputs} locale={locale} />
        </Section>
      ) : null}

      <Section id="cost" title={t("sections.cost")}>
        {service.fees.length > 0 ? (
          <table className="w-full border-collapse text-left">
            <thead>
              <tr className="border-b-2 border-ink">
                <th scope="col" className="py-1 pr-4">
                  {t("fee.what")}
                </th>
                <th scope="col" className="py-1">
                  {t("fee.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {service.fees.map((fee, i) => (
                <tr key={i} className="border-b border-gray-300 align-top">
                  <td className="py-2 pr-4">{fee.label[locale]}</td>
                  <td className="py-2">
                    <span className="font-semibold whitespace-nowrap">{formatAmount(locale, fee.amount, fee.currency)}</span>
                    {mark(`fee:${i}`)}
                    <FeeBillingNote locale={locale} service={service} fee={fee} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {service.feeNote ? <p className="mt-2">{service.feeNote[locale]}</p> : null}
        {service.fees.length === 0 && !service.feeNote ? <p>{t("fee.none")}</p> : null}
        {paysByControlNumber ? (
          <div className="mt-4 border-l-4 border-brand bg-gray-100 px-4 py-3">
            <h3 className="text-lg font-bold">{t("fee.howToPayTitle")}</h3>
            <p className="mt-1">{t("fee.howToPay")}</p>
            <ul className="mt-2 list-disc space-y-1 pl-6">
              <li>{t("fee.mobile")}</li>
              <li>{t("fee.bank")}</li>
            </ul>
            <p className="mt-2">{t("fee.keep")}</p>
            <p className="mt-2 font-semibold">{t("fee.warning")}</p>
          </div>
        ) : null}
        {payment}
      </Section>

      {service.processingTime ? (
        <Section id="time" title={t("sections.time")}>
          <p>{service.processingTime.text[locale]}</p>
          {mark("time")}
        </Section>
      ) : null}

      {service.channels.length > 0 ? (
        <Section id="where" title={t("sections.where")}>
          <ul className="space-y-2">
            {service.channels.map((channel, i) => (
              <li key={i}>
                <ChannelItem locale={locale} channel={channel} />
                {mark(`channel:${i}`)}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {service.legalBasis.length > 0 ? (
        <Section id="legal" title={t("sections.legal")}>
          <ul className="list-disc pl-6">
            {service.legalBasis.map((law) => (
              <li key={law.title}>{law.url ? <a href={law.url}>{law.title}</a> : law.title}</li>
            ))}
          </ul>
        </Section>
      ) : null}

      {service.categories.length + service.lifeEvents.length > 0 ? (
        <Section id="related" title={t("sections.related")}>
          <ul className="flex flex-wrap gap-x-6 gap-y-1">
            {service.categories.map((c) => (
              <li key={c.id}>
                <a href={`/${locale}/categories/${c.slug[locale]}`}>{c.name[locale]}</a>
              </li>
            ))}
            {service.lifeEvents.map((e) => (
              <li key={e.id}>
                <a href={`/${locale}/life-events/${e.slug[locale]}`}>{e.name[locale]}</a>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <footer className="mt-10 border-t border-gray-300 pt-4 text-sm">
        <p data-testid="listing-trust">
          {service.lastReviewedOn
            ? t("trust.keptBy", { institution: keeper, date: formatDate(locale, dayDate(service.lastReviewedOn)) })
            : t("trust.gathered", { institution: keeper })}
        </p>
        <p className="no-print mt-2">
          <a href={`/${locale}/services/${service.slug[locale]}/report`}>{t("reportProblem")}</a>
          {" · "}
          <a href={`/${locale}/feedback?service=${service.id}`}>{t("feedbackAboutService")}</a>
        </p>
        <details className="mt-3">
          <summary className="cursor-pointer">{t("sections.sources")}</summary>
          <ul className="mt-2 list-disc break-all pl-6">
            {service.sources.map((source) => (
              <li key={source.url}>
                <a href={source.url} rel="noopener nofollow">
                  {source.title ?? source.url}
                </a>
                {` (${sourceLabel(source)})`}
              </li>
            ))}
          </ul>
        </details>
        <p className="mt-3 text-muted">{t("printHint")}</p>
      </footer>
    </article>
  );
}
