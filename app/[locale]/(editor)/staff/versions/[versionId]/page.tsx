import type { Metadata } from "next";
import { ChangesTable } from "@/components/ChangesTable";
import { ListingEditor } from "@/components/ListingEditor";
import { StaffNotices } from "@/components/StaffNotices";
import { StaffNotFound } from "@/components/StaffPieces";
import { idle } from "@/lib/actions/result";
import { currentCatalogue } from "@/lib/catalogue/current";
import { AUDIENCES, CHANNEL_KINDS, CONFIDENCES, SOURCE_KINDS, diffDocuments, formFromDocument } from "@/lib/editorial/document";
import { problemText } from "@/lib/editorial/labels";
import { findVersion, publicationProblems, previousVersion } from "@/lib/editorial/service";
import { resources } from "@/lib/i18n/resources";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";
import { requireStaff } from "@/lib/staff/auth";
import { discardDraft, publishVersion, returnToDraft, saveListing, submitForReview } from "../../actions";
import { institutionLabel } from "@/lib/catalogue/format";

type Props = {
  params: Promise<{ locale: string; versionId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("version.title"), robots: { index: false } };
}

export default async function VersionPage({ params, searchParams }: Props) {
  const { locale: segment, versionId } = await params;
  const locale = localeFrom(segment);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/versions/${versionId}`);
  const t = getT(locale, "staff");
  const catalogueT = getT(locale, "catalogue");
  const version = await findVersion(actor, versionId);
  if (!version) {
    return <StaffNotFound locale={locale} />;
  }
  const catalogue = await currentCatalogue();
  const name = (version.content.name ?? {}) as { sw?: string; en?: string };
  const title = name[locale] || name.sw || name.en || t("dashboard.untitled");
  const staffId = actor.staffId;
  const editable = version.state === "draft" && can.editDraft(actor, version.institutionId);
  const { problems } = await publicationProblems(version);
  const previous = await previousVersion(version);
  const changes = diffDocuments(previous?.content ?? null, version.content);
  const form = "mt-3 space-y-3";
  const button = "bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark";
  const secondary = "border-2 border-ink px-4 py-2 font-bold";

  return (
    <>
      <p>
        <a href={version.serviceId ? `/${locale}/staff/listings/${version.serviceId}` : `/${locale}/staff`}>
          ← {version.serviceId ? t("version.backToListing") : t("nav.listings")}
        </a>
      </p>
      <h1 className="mt-2 text-3xl font-bold leading-tight">{title}</h1>
      <p className="mt-1 text-lg">
        {t("listing.versionN", { n: version.number })} · <strong>{t(`state.${version.state}`)}</strong>
      </p>
      {version.comment ? (
        <p className="mt-2 border-l-4 border-ink bg-gray-100 p-3">
          <span className="font-semibold">{t("listing.comment")}:</span> {version.comment}
        </p>
      ) : null}
      <StaffNotices locale={locale} query={query} />
      <p className="mt-4 flex flex-wrap gap-4">
        <a href={`/${locale}/staff/versions/${version.id}/preview/sw`}>{t("version.preview", { lang: t("langs.sw") })}</a>
        <a href={`/${locale}/staff/versions/${version.id}/preview/en`}>{t("version.preview", { lang: t("langs.en") })}</a>
        <a href={`/${locale}/staff/versions/${version.id}/changes`}>{t("listing.changes")}</a>
      </p>

      {(version.state === "draft" || version.state === "in_review") && problems.length ? (
        <section aria-labelledby="missing" className="mt-6 border-l-4 border-yellow-500 bg-yellow-50 p-4">
          <h2 id="missing" className="text-xl font-bold">
            {t("version.missingTitle", { count: problems.length })}
          </h2>
          <ul className="mt-2 list-disc pl-6">
            {problems.slice(0, 40).map((p, i) => (
              <li key={i}>
                {editable ? <a href={`#${p.field.replace(/\./g, "-")}`}>{problemText(locale, p)}</a> : problemText(locale, p)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {editable ? (
        <ListingEditor
          action={saveListing}
          locale={locale}
          versionId={version.id}
          initial={idle(formFromDocument(version.content))}
          strings={resources[locale].staff}
          options={{
            institutions: catalogue.institutions.map((i) => ({
              value: i.slug,
              label: institutionLabel(i, locale),
            })),
            canMove: can.moveListing(actor),
            categories: catalogue.categories.map((c) => ({ value: c.key, label: c.name[locale] })),
            lifeEvents: catalogue.lifeEvents.map((e) => ({ value: e.key, label: e.name[locale] })),
            audiences: AUDIENCES.map((a) => ({ value: a, label: catalogueT(`audience.${a}`) })),
            channelKinds: CHANNEL_KINDS.map((k) => ({ value: k, label: catalogueT(`channel.${k}`) })),
            confidences: CONFIDENCES.map((c) => ({ value: c, label: t(`confidence.${c}`) })),
            sourceKinds: SOURCE_KINDS.map((k) => ({ value: k, label: catalogueT(`sourceKind.${k}`) })),
          }}
        />
      ) : null}

      {version.state === "draft" && can.submitForReview(actor, version.institutionId) ? (
        <section aria-labelledby="submit" className="mt-8 border-2 border-ink p-4">
          <h2 id="submit" className="text-2xl font-bold">
            {t("version.submitTitle")}
          </h2>
          <p className="mt-1">{t("version.submitIntro")}</p>
          <form action={submitForReview} className={form}>
            <input type="hidden" name="locale" value={locale} />
            <input type="hidden" name="versionId" value={version.id} />
            <label htmlFor="submit-comment" className="block font-bold">
              {t("version.noteToReviewer")}
            </label>
            <textarea id="submit-comment" name="comment" rows={2} maxLength={2000} className="w-full border-2 border-ink p-2" />
            <div className="flex flex-wrap gap-3">
              <button type="submit" className={button}>
                {t("version.submit")}
              </button>
              <button type="submit" formAction={discardDraft} className={secondary}>
                {t("version.discard")}
              </button>
            </div>
          </form>
        </section>
      ) : null}

      {version.state === "in_review" ? (
        <section aria-labelledby="review" className="mt-8 border-2 border-ink p-4">
          <h2 id="review" className="text-2xl font-bold">
            {t("version.reviewTitle")}
          </h2>
          <ChangesTable locale={locale} changes={changes} />
          {can.publishListing(actor, version.institutionId) ? (
            <form action={publishVersion} className={form}>
              <input type="hidden" name="locale" value={locale} />
              <input type="hidden" name="versionId" value={version.id} />
              <p>{t("version.publishIntro")}</p>
              <button type="submit" className={button}>
                {t("version.publish")}
              </button>
            </form>
          ) : (
            <p className="mt-3">{t("version.waitingForPublisher")}</p>
          )}
          {can.returnToDraft(actor, version.institutionId) || version.submittedBy === staffId ? (
            <form action={returnToDraft} className={form}>
              <input type="hidden" name="locale" value={locale} />
              <input type="hidden" name="versionId" value={version.id} />
              <label htmlFor="return-comment" className="block font-bold">
                {t("version.returnReason")}
              </label>
              <textarea id="return-comment" name="comment" rows={2} maxLength={2000} className="w-full border-2 border-ink p-2" />
              <button type="submit" className={secondary}>
                {t("version.return")}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
