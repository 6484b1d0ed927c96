import type { Metadata } from "next";
import { StaffNotices } from "@/components/StaffNotices";
import { StaffNotFound } from "@/components/StaffPieces";
import { listingWithHistory } from "@/lib/editorial/service";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";
import { requireStaff } from "@/lib/staff/auth";
import { clearNotice, confirmStillCorrect, openDraft, setNotice, withdrawListing } from "../../actions";

type Props = {
  params: Promise<{ locale: string; serviceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("listing.title"), robots: { index: false } };
}

export default async function ListingPage({ params, searchParams }: Props) {
  const { locale: segment, serviceId } = await params;
  const locale = localeFrom(segment);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/listings/${serviceId}`);
  const t = getT(locale, "staff");
  const listing = await listingWithHistory(actor, serviceId);
  if (!listing) {
    return <StaffNotFound locale={locale} />;
  }
  const { service, history } = listing;
  const open = history.find((v) => v.state === "draft" || v.state === "in_review");
  const publisher = can.publishListing(actor, service.institutionId);
  const name = locale === "sw" ? service.nameSw : service.nameEn;
  const input = "mt-1 w-full border-2 border-ink p-2";
  return (
    <>
      <p>
        <a href={`/${locale}/staff`}>← {t("nav.listings")}</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold leading-tight">{name}</h1>
      <StaffNotices locale={locale} query={query} />
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">{t("dashboard.columns.status")}</dt>
        <dd>{t(`status.${service.status === "withdrawn" ? "withdrawn" : "published"}`)}</dd>
        <dt className="font-semibold">{t("dashboard.columns.reviewed")}</dt>
        <dd>{service.lastReviewedOn ?? "—"}</dd>
        {service.status === "published" ? (
          <>
            <dt className="font-semibold">{t("listing.publicPage")}</dt>
            <dd>
              <a href={`/sw/services/${service.slugSw}`} lang="sw">
                Kiswahili
              </a>
              {" · "}
              <a href={`/en/services/${service.slugEn}`} lang="en">
                English
              </a>
            </dd>
          </>
        ) : null}
      </dl>

      <div className="mt-6 flex flex-wrap gap-3">
        {can.editDraft(actor, service.institutionId) ? (
          <form action={openDraft}>
            <input type="hidden" name="locale" value={locale} />
            <input type="hidden" name="serviceId" value={service.id} />
            <button type="submit" className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
              {open ? t(`listing.continue.${open.state as "draft"}`) : t("listing.edit")}
            </button>
          </form>
        ) : null}
        {service.status === "published" ? (
          <a href={`/${locale}/staff/listings/${service.id}/facts`} className="border-2 border-ink px-4 py-2 font-bold no-underline">
            {t("review.check")}
          </a>
        ) : null}
        <a href={`/${locale}/staff/listings/${service.id}/form`} className="border-2 border-ink px-4 py-2 font-bold no-underline">
          {t("forms.link")}
        </a>
        {publisher && service.status === "published" ? (
          <form action={confirmStillCorrect}>
            <input type="hidden" name="locale" value={locale} />
            <input type="hidden" name="serviceId" value={service.id} />
            <button type="submit" className="border-2 border-ink px-4 py-2 font-bold">
              {t("listing.confirm")}
            </button>
          </form>
        ) : null}
      </div>

      {publisher ? (
        <section aria-labelledby="notice" className="mt-8 border-2 border-ink p-4">
          <h2 id="notice" className="text-2xl font-bold">
            {t("listing.noticeTitle")}
          </h2>
          <p className="mt-1">{t("listing.noticeIntro")}</p>
          <form action={setNotice} className="mt-3 space-y-3">
            <input type="hidden" name="locale" value={locale} />
            <input type="hidden" name="serviceId" value={service.id} />
            {(["sw", "en"] as const).map((lang) => (
              <div key={lang}>
                <label htmlFor={`notice-${lang}`} className="block font-bold">
                  {t("listing.noticeText")} ({t(`langs.${lang}`)})
                </label>
                <textarea
                  id={`notice-${lang}`}
                  name={`notice.${lang}`}
                  lang={lang}
                  rows={2}
                  maxLength={500}
                  defaultValue={service.maintenanceNotice?.[lang] ?? ""}
                  className={input}
                />
              </div>
            ))}
            <div className="flex flex-wrap gap-3">
              <button type="submit" className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
                {t("listing.noticeSave")}
              </button>
              {service.maintenanceNotice ? (
                <button type="submit" formAction={clearNotice} className="border-2 border-ink px-4 py-2 font-bold">
                  {t("listing.noticeClear")}
                </button>
              ) : null}
            </div>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="history" className="mt-8">
        <h2 id="history" className="text-2xl font-bold">
          {t("listing.history")}
        </h2>
        <table className="mt-3 w-full border-collapse text-left">
          <thead>
            <tr className="border-b-2 border-ink">
              <th scope="col" className="py-2 pr-3">
                {t("listing.version")}
              </th>
              <th scope="col" className="py-2 pr-3">
                {t("dashboard.columns.status")}
              </th>
              <th scope="col" className="py-2 pr-3">
                {t("listing.changed")}
              </th>
              <th scope="col" className="py-2">
                {t("listing.comment")}
              </th>
            </tr>
          </thead>
          <tbody>
            {history.map((v) => (
              <tr key={v.id} className="border-b border-gray-400 align-top">
                <td className="py-2 pr-3">
                  <a href={`/${locale}/staff/versions/${v.id}`}>{t("listing.versionN", { n: v.number })}</a>
                  {" · "}
                  <a href={`/${locale}/staff/versions/${v.id}/changes`}>{t("listing.changes")}</a>
                </td>
                <td className="py-2 pr-3">{t(`state.${v.state}`)}</td>
                <td className="py-2 pr-3">{formatDate(locale, v.publishedAt ?? v.updatedAt)}</td>
                <td className="py-2">{v.comment ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {history.length === 0 ? <p className="mt-2">{t("listing.noHistory")}</p> : null}
      </section>

      {publisher && service.status === "published" ? (
        <section aria-labelledby="withdraw" className="mt-8 border-2 border-red-700 p-4">
          <h2 id="withdraw" className="text-2xl font-bold">
            {t("listing.withdrawTitle")}
          </h2>
          <p className="mt-1">{t("listing.withdrawIntro")}</p>
          <form action={withdrawListing} className="mt-3 space-y-3">
            <input type="hidden" name="locale" value={locale} />
            <input type="hidden" name="serviceId" value={service.id} />
            <label htmlFor="withdraw-reason" className="block font-bold">
              {t("listing.withdrawReason")}
            </label>
            <textarea id="withdraw-reason" name="comment" rows={2} maxLength={2000} className={input} />
            <button type="submit" className="bg-red-700 px-4 py-2 font-bold text-white">
              {t("listing.withdraw")}
            </button>
          </form>
        </section>
      ) : null}
    </>
  );
}
