import type { Metadata } from "next";
import { FormImport, FormJsonEditor } from "@/components/FormEditor";
import { FormPreview } from "@/components/FormPreview";
import { ProblemNotice } from "@/components/ProblemNotice";
import { StaffNotFound } from "@/components/StaffPieces";
import type { FormVersion } from "@/lib/applications/forms";
import { formState } from "@/lib/applications/staff-service";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, getT } from "@/lib/i18n/server";
import { can } from "@/lib/security/permissions";
import { requireStaff } from "@/lib/staff/auth";
import { problemMessage } from "@/lib/staff/pages";
import { discardFormDraft, importForm, publishForm, returnFormToDraft, saveForm, submitFormForReview, withdrawForm } from "./actions";

type Props = {
  params: Promise<{ locale: string; serviceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("forms.title"), robots: { index: false } };
}

/** The problems this page words itself (?problem=…); the area's shared ones come from problemMessage. */
const OWN_PROBLEMS = ["forbidden", "wrongState", "invalid", "noPushCode", "noFee"] as const;
const DONE = ["saved", "imported", "submit", "return", "publish", "discard", "withdraw"] as const;

/** Where a listing without any form starts: the shape of a form, to be filled in. */
const SKELETON = {
  schemaVersion: 1,
  intro: {
    sw: "Andika hapa maombi haya ni ya nini na mwananchi awe na nini mkononi kabla ya kuanza.",
    en: "Write here what this application is for and what the citizen should have at hand before starting.",
  },
  payment: { when: "none" },
  pages: [
    {
      id: "applicant",
      title: { sw: "Taarifa zako", en: "Your details" },
      questions: [{ id: "full_name", kind: "text", label: { sw: "Jina kamili", en: "Full name" }, required: true, nida: "fullName" }],
    },
    {
      id: "declaration",
      title: { sw: "Tamko", en: "Declaration" },
      questions: [
        {
          id: "declaration",
          kind: "declaration",
          label: {
            sw: "Ninathibitisha kwamba taarifa nilizotoa ni za kweli.",
            en: "I confirm that the information I have given is true.",
          },
          required: true,
        },
      ],
    },
  ],
  sources: [],
};

/** How many pages and questions a definition has, read without trusting its shape. */
function sizeOf(definition: unknown): { pages: number; questions: number } {
  const pages = (definition as { pages?: unknown }).pages;
  if (!Array.isArray(pages)) return { pages: 0, questions: 0 };
  const questions = pages.reduce<number>((n, page) => {
    const list = (page as { questions?: unknown } | null)?.questions;
    return n + (Array.isArray(list) ? list.length : 0);
  }, 0);
  return { pages: pages.length, questions };
}

/** A listing's application form: connection, the published form, the draft or review under way, the history. */
export default async function ListingFormPage({ params, searchParams }: Props) {
  const { locale: segment, serviceId } = await params;
  const locale = localeFrom(segment);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/listings/${serviceId}/form`);
  const t = getT(locale, "staff");
  const state = await formState(actor, serviceId);
  if (!state) return <StaffNotFound locale={locale} />;
  const { listing, published, open, history, connected } = state;
  const institutionId = listing.institutionId;
  const name = locale === "sw" ? listing.nameSw : listing.nameEn;
  const own = OWN_PROBLEMS.find((p) => p === query.problem);
  const problem = own ? t(`forms.problems.${own}`) : problemMessage(t, query.problem);
  const done = DONE.find((d) => d === query.done);
  const lastClosed = history.find((v) => v.state === "published" || v.state === "withdrawn" || v.state === "superseded");
  const editable = can.editDraft(actor, institutionId) && open?.state !== "in_review";
  const publisher = can.publishListing(actor, institutionId);
  const startFrom = open ?? published;
  const initial = JSON.stringify(startFrom ? startFrom.definition : SKELETON, null, 2);
  const dash = (date: Date | null) => (date ? formatDate(locale, date) : "—");
  const exportLink = (version: FormVersion) => `/${locale}/staff/listings/${listing.id}/form/export?version=${version.id}`;
  const preview = (version: FormVersion, expanded: boolean) => {
    const size = sizeOf(version.definition);
    return (
      <details className="mt-3" open={expanded || undefined}>
        <summary className="cursor-pointer font-semibold">{t("forms.previewSummary", size)}</summary>
        <FormPreview locale={locale} definition={version.definition} />
      </details>
    );
  };
  const hidden = (version: FormVersion) => (
    <>
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="serviceId" value={listing.id} />
      <input type="hidden" name="versionId" value={version.id} />
    </>
  );
  const section = "mt-8 border-2 border-ink p-4";
  const button = "bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark";
  const secondary = "border-2 border-ink px-4 py-2 font-bold";
  const note = "w-full border-2 border-ink p-2";

  return (
    <>
      <p>
        <a href={`/${locale}/staff/listings/${listing.id}`}>← {t("version.backToListing")}</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold leading-tight">{name}</h1>
      <p className="mt-1 text-xl">{t("forms.title")}</p>
      <ProblemNotice title={t("errorSummary")} message={problem} />
      {done ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {t(`forms.done.${done}`)}
        </p>
      ) : null}
      <p className="mt-4 max-w-3xl">{t("forms.intro")}</p>
      {connected ? (
        <p className="mt-4 border-l-4 border-brand bg-green-50 p-3" data-testid="form-connection">
          {t("forms.connected")}
        </p>
      ) : (
        <div className="mt-4 border-l-4 border-yellow-500 bg-yellow-50 p-4" data-testid="form-connection">
          <h2 className="text-xl font-bold">{t("forms.notConnectedTitle")}</h2>
          <p className="mt-1">{t("forms.notConnected")}</p>
        </div>
      )}

      <section aria-labelledby="published" className="mt-8">
        <h2 id="published" className="text-2xl font-bold">
          {t("forms.publishedTitle")}
        </h2>
        {published ? (
          <>
            <p className="mt-2">
              {t("forms.publishedVersion", { n: published.number, date: dash(published.publishedAt) })}
              {" · "}
              <a href={exportLink(published)}>{t("forms.exportLink")}</a>
            </p>
            {preview(published, !open)}
          </>
        ) : lastClosed?.state === "withdrawn" ? (
          <p className="mt-2">{t("forms.withdrawnOn", { date: formatDate(locale, lastClosed.updatedAt) })}</p>
        ) : (
          <p className="mt-2">{t("forms.nonePublished")}</p>
        )}
      </section>

      <section aria-labelledby="draft" className={section}>
        <h2 id="draft" className="text-2xl font-bold">
          {t("forms.openTitle")}
        </h2>
        {open ? (
          <>
            <p className="mt-2">
              {t("forms.openVersion", { n: open.number, state: t(`state.${open.state}`), date: formatDate(locale, open.updatedAt) })}
              {" · "}
              <a href={exportLink(open)}>{t("forms.exportLink")}</a>
            </p>
            {open.comment ? (
              <p className="mt-2 border-l-4 border-ink bg-gray-100 p-3">
                <span className="font-semibold">{t("listing.comment")}:</span> {open.comment}
              </p>
            ) : null}
            {preview(open, open.state === "in_review")}

            {open.state === "draft" && can.submitForReview(actor, institutionId) ? (
              <form action={submitFormForReview} className="mt-4 space-y-3">
                {hidden(open)}
                <h3 className="text-xl font-bold">{t("version.submitTitle")}</h3>
                <p>{t("forms.submitIntro")}</p>
                <label htmlFor="submit-comment" className="block font-bold">
                  {t("version.noteToReviewer")}
                </label>
                <textarea id="submit-comment" name="comment" rows={2} maxLength={2000} className={note} />
                <div className="flex flex-wrap gap-3">
                  <button type="submit" className={button}>
                    {t("version.submit")}
                  </button>
                  {can.editDraft(actor, institutionId) ? (
                    <button type="submit" formAction={discardFormDraft} className={secondary}>
                      {t("version.discard")}
                    </button>
                  ) : null}
                </div>
              </form>
            ) : null}

            {open.state === "in_review" ? (
              <div className="mt-4 space-y-4">
                <h3 className="text-xl font-bold">{t("version.reviewTitle")}</h3>
                {publisher ? (
                  <>
                    <form action={publishForm} className="space-y-3">
                      {hidden(open)}
                      <p>{t("forms.publishIntro")}</p>
                      {connected ? null : <p className="font-bold">{t("forms.publishBlocked")}</p>}
                      <button type="submit" className={button}>
                        {t("forms.publish")}
                      </button>
                    </form>
                    <form action={returnFormToDraft} className="space-y-3">
                      {hidden(open)}
                      <label htmlFor="return-comment" className="block font-bold">
                        {t("version.returnReason")}
                      </label>
                      <textarea id="return-comment" name="comment" rows={2} maxLength={2000} className={note} />
                      <button type="submit" className={secondary}>
                        {t("version.return")}
                      </button>
                    </form>
                  </>
                ) : (
                  <p>{t("version.waitingForPublisher")}</p>
                )}
                {!publisher && can.editDraft(actor, institutionId) ? <p>{t("forms.inReviewLocked")}</p> : null}
              </div>
            ) : null}
          </>
        ) : (
          <p className="mt-2">{t("forms.noOpen")}</p>
        )}

        {editable ? (
          <>
            <h3 id="edit" className="mt-6 text-xl font-bold">
              {t("forms.editTitle")}
            </h3>
            <p className="mt-1 max-w-3xl">{t("forms.editIntro")}</p>
            <FormJsonEditor
              action={saveForm}
              locale={locale}
              serviceId={listing.id}
              initial={initial}
              strings={{
                label: t("forms.jsonLabel"),
                hint: t("forms.jsonHint"),
                submit: t("forms.save"),
                problems: t("forms.problemsTitle"),
              }}
            />
            <h3 id="import" className="mt-6 text-xl font-bold">
              {t("forms.importTitle")}
            </h3>
            <p className="mt-1 max-w-3xl">{t("forms.importIntro")}</p>
            <FormImport
              action={importForm}
              locale={locale}
              serviceId={listing.id}
              strings={{ label: t("forms.fileLabel"), submit: t("forms.importSubmit"), problems: t("forms.problemsTitle") }}
            />
          </>
        ) : null}
      </section>

      {published && can.withdrawListing(actor, institutionId) ? (
        <section aria-labelledby="withdraw" className="mt-8 border-2 border-red-700 p-4">
          <h2 id="withdraw" className="text-2xl font-bold">
            {t("forms.withdrawTitle")}
          </h2>
          <p className="mt-1">{t("forms.withdrawIntro")}</p>
          <form action={withdrawForm} className="mt-3 space-y-3">
            <input type="hidden" name="locale" value={locale} />
            <input type="hidden" name="serviceId" value={listing.id} />
            <label htmlFor="withdraw-reason" className="block font-bold">
              {t("listing.withdrawReason")}
            </label>
            <textarea id="withdraw-reason" name="comment" rows={2} maxLength={2000} className={note} />
            <button type="submit" className="bg-red-700 px-4 py-2 font-bold text-white">
              {t("forms.withdraw")}
            </button>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="history" className="mt-8">
        <h2 id="history" className="text-2xl font-bold">
          {t("listing.history")}
        </h2>
        {history.length ? (
          <div className="overflow-x-auto">
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
                    {t("forms.columns.created")}
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    {t("forms.columns.submitted")}
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    {t("forms.columns.published")}
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    {t("listing.comment")}
                  </th>
                  <th scope="col" className="py-2">
                    {t("forms.columns.export")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.map((v) => (
                  <tr key={v.id} className="border-b border-gray-400 align-top" data-testid="form-version">
                    <td className="py-2 pr-3">{t("listing.versionN", { n: v.number })}</td>
                    <td className="py-2 pr-3">{t(`state.${v.state}`)}</td>
                    <td className="py-2 pr-3">{formatDate(locale, v.createdAt)}</td>
                    <td className="py-2 pr-3">{dash(v.submittedAt)}</td>
                    <td className="py-2 pr-3">{dash(v.publishedAt)}</td>
                    <td className="py-2 pr-3">{v.comment ?? ""}</td>
                    <td className="py-2">
                      <a href={exportLink(v)}>{t("forms.exportLink")}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-2">{t("forms.noHistory")}</p>
        )}
      </section>
    </>
  );
}
