import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { currentCatalogue } from "@/lib/catalogue/current";
import { countsForReview, readUsage } from "@/lib/catalogue/service";
import { chooseMostUsed, MOST_USED_LIMIT } from "@/lib/catalogue/usage";
import type { MostUsedChange } from "@/lib/editorial/most-used";
import { listOverrides } from "@/lib/editorial/service";
import { env } from "@/lib/env";
import { intlLocale, type Locale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";
import { requireStaff } from "@/lib/staff/auth";
import { problemMessage } from "@/lib/staff/pages";
import { changeMostUsed } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("mostUsed.title"), robots: { index: false } };
}

const dones = ["pin", "hide", "clear", "up", "down", "unchanged"] as const;
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

/** One change to one service: a button in a Server Action form of its own. */
function ChangeButton({
  locale,
  service,
  change,
  label,
  name,
  primary,
}: {
  locale: Locale;
  service: string;
  change: MostUsedChange;
  label: string;
  name: string;
  primary?: boolean;
}) {
  return (
    <form action={changeMostUsed} className="inline">
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="service" value={service} />
      <input type="hidden" name="change" value={change} />
      <button
        type="submit"
        aria-label={`${label}: ${name}`}
        className={primary ? "bg-brand px-3 py-1 font-bold text-white hover:bg-brand-dark" : "border-2 border-ink px-3 py-1 font-semibold"}
      >
        {label}
      </button>
    </form>
  );
}

/** "Most used" on the home page, for administrators: what shows and why, pins in order, hidden services. */
export default async function MostUsedPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/admin/most-used`);
  const t = getT(locale, "staff");
  if (!can.manageMostUsed(actor)) {
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("mostUsed.title")}</h1>
        <ProblemNotice title={t("errorSummary")} message={t("problems.forbidden")} />
      </>
    );
  }
  const catalogue = await currentCatalogue();
  const [usage, overrides, counts] = await Promise.all([readUsage(), listOverrides(), countsForReview()]);
  const now = chooseMostUsed(catalogue, usage, locale, MOST_USED_LIMIT);
  const threshold = env().MOST_USED_MIN_VISITORS;
  const nameOf = (row: { nameSw: string; nameEn: string }) => (locale === "sw" ? row.nameSw : row.nameEn);

  const done = dones.find((d) => d === one(query.done));
  const doneService = catalogue.serviceById.get(one(query.service));
  const services = [...catalogue.services].sort((a, b) => a.name[locale].localeCompare(b.name[locale], intlLocale[locale]));
  const overridden = new Set([...overrides.pinned, ...overrides.hidden].map((r) => r.serviceId));
  const counted = counts.flatMap((c) => {
    const service = catalogue.serviceById.get(c.serviceId);
    return service ? [{ service, visitors: c.visitors }] : [];
  });

  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("mostUsed.title")}</h1>
      <p className="mt-2">{t("mostUsed.intro")}</p>
      <p className="mt-2">{t("mostUsed.threshold", { count: threshold })}</p>
      <ProblemNotice
        title={t("errorSummary")}
        message={problemMessage(t, query.problem, { section: "mostUsed", problems: ["notFound", "notPinned"] })}
      />
      {done ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {t(`mostUsed.done.${done}`, { name: doneService?.name[locale] ?? one(query.service) })}
        </p>
      ) : null}

      <section aria-labelledby="now" className="mt-8">
        <h2 id="now" className="text-2xl font-bold">
          {t("mostUsed.now")}
        </h2>
        <p className="mt-1">{t("mostUsed.nowIntro", { count: now.length })}</p>
        <ol className="mt-2 list-decimal space-y-1 pl-6" data-testid="most-used-now">
          {now.map(({ service, source }) => (
            <li key={service.id}>
              <a href={`/${locale}/services/${service.slug[locale]}`}>{service.name[locale]}</a>{" "}
              <span className="text-sm">({t(`mostUsed.sources.${source}`, { count: usage.counts.get(service.id) ?? 0 })})</span>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="pinned" className="mt-8">
        <h2 id="pinned" className="text-2xl font-bold">
          {t("mostUsed.pinned")}
        </h2>
        {overrides.pinned.length === 0 ? <p className="mt-2">{t("mostUsed.pinnedNone")}</p> : null}
        {overrides.pinned.length > MOST_USED_LIMIT ? (
          <p className="mt-2">{t("mostUsed.pinnedBeyond", { count: MOST_USED_LIMIT })}</p>
        ) : null}
        <ol className="mt-2 space-y-2" data-testid="most-used-pinned">
          {overrides.pinned.map((row, i) => (
            <li key={row.serviceId} className="flex flex-wrap items-center gap-2 border-b border-gray-400 pb-2">
              <span className="font-semibold">
                {i + 1}. {nameOf(row)}
                {row.status !== "published" ? ` (${t("mostUsed.notPublished")})` : ""}
              </span>
              {i > 0 ? (
                <ChangeButton locale={locale} service={row.serviceId} change="up" label={t("mostUsed.up")} name={nameOf(row)} />
              ) : null}
              {i < overrides.pinned.length - 1 ? (
                <ChangeButton locale={locale} service={row.serviceId} change="down" label={t("mostUsed.down")} name={nameOf(row)} />
              ) : null}
              <ChangeButton locale={locale} service={row.serviceId} change="clear" label={t("mostUsed.unpin")} name={nameOf(row)} />
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="hidden" className="mt-8">
        <h2 id="hidden" className="text-2xl font-bold">
          {t("mostUsed.hidden")}
        </h2>
        {overrides.hidden.length === 0 ? <p className="mt-2">{t("mostUsed.hiddenNone")}</p> : null}
        <ul className="mt-2 space-y-2" data-testid="most-used-hidden">
          {overrides.hidden.map((row) => (
            <li key={row.serviceId} className="flex flex-wrap items-center gap-2 border-b border-gray-400 pb-2">
              <span className="font-semibold">
                {nameOf(row)}
                {row.status !== "published" ? ` (${t("mostUsed.notPublished")})` : ""}
              </span>
              <ChangeButton locale={locale} service={row.serviceId} change="clear" label={t("mostUsed.unhide")} name={nameOf(row)} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="choose" className="mt-8">
        <h2 id="choose" className="text-2xl font-bold">
          {t("mostUsed.choose")}
        </h2>
        <form action={changeMostUsed} className="mt-2 flex flex-wrap items-end gap-3">
          <input type="hidden" name="locale" value={locale} />
          <div>
            <label htmlFor="service" className="block font-bold">
              {t("mostUsed.service")}
            </label>
            <select id="service" name="service" required defaultValue="" className="mt-1 max-w-full border-2 border-ink p-2">
              <option value="" disabled>
                {t("mostUsed.placeholder")}
              </option>
              {services.map((service) => (
                <option key={service.id} value={service.id}>
                  {service.name[locale]} ({service.institution.acronym ?? service.institution.name[locale]})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" name="change" value="pin" className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
            {t("mostUsed.pin")}
          </button>
          <button type="submit" name="change" value="hide" className="border-2 border-ink px-4 py-2 font-bold">
            {t("mostUsed.hide")}
          </button>
        </form>
      </section>

      <section aria-labelledby="counted" className="mt-8">
        <h2 id="counted" className="text-2xl font-bold">
          {t("mostUsed.counted")}
        </h2>
        {counted.length === 0 ? (
          <p className="mt-2">{t("mostUsed.countedNone")}</p>
        ) : (
          <table className="mt-2 w-full border-collapse text-left">
            <thead>
              <tr className="border-b-2 border-ink">
                <th scope="col" className="py-2 pr-3">
                  {t("mostUsed.columns.service")}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t("mostUsed.columns.visits")}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t("mostUsed.columns.enough")}
                </th>
                <th scope="col" className="py-2">
                  {t("mostUsed.columns.actions")}
                </th>
              </tr>
            </thead>
            <tbody>
              {counted.map(({ service, visitors }) => (
                <tr key={service.id} className="border-b border-gray-400 align-top">
                  <td className="py-2 pr-3">{service.name[locale]}</td>
                  <td className="py-2 pr-3">{visitors.toLocaleString(intlLocale[locale])}</td>
                  <td className="py-2 pr-3">{visitors >= threshold ? t("mostUsed.yes") : t("mostUsed.no")}</td>
                  <td className="py-2">
                    {overridden.has(service.id) ? null : (
                      <div className="flex flex-wrap gap-2">
                        <ChangeButton
                          locale={locale}
                          service={service.id}
                          change="pin"
                          label={t("mostUsed.pin")}
                          name={service.name[locale]}
                        />
                        <ChangeButton
                          locale={locale}
                          service={service.id}
                          change="hide"
                          label={t("mostUsed.hide")}
                          name={service.name[locale]}
                        />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
