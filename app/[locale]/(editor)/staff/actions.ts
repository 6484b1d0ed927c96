"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { addressSegment, staffAction, type Context, type Request } from "@/lib/actions/client";
import { refreshCatalogue } from "@/lib/catalogue/current";
import { documentFromForm, LIMITS, ROW_GROUPS, rowCount, valuesFromForm, type RowGroup } from "@/lib/editorial/document";
import { problemsByField } from "@/lib/editorial/labels";
import * as facts from "@/lib/editorial/facts";
import * as listings from "@/lib/editorial/listings";
import { noticeText, optionalNote, recordId } from "@/lib/editorial/schema";
import type { Locale } from "@/lib/i18n/config";
import { showControlCharacters } from "@/lib/security/control-characters";
import { can, type Actor } from "@/lib/security/permissions";

// Every action here is for the editorial area (can.useEditorialArea); lib/editorial then asks
// the named permission for the listing itself (can.editDraft, can.publishListing…).

const versionPage = (locale: Locale, versionId: string) => `/${locale}/staff/versions/${addressSegment(versionId)}`;
const listingPage = (locale: Locale, serviceId: string) => `/${locale}/staff/listings/${addressSegment(serviceId)}`;
const backToVersion = (request: Request) => versionPage(request.locale, request.text("versionId"));
const backToListing = (request: Request) => listingPage(request.locale, request.text("serviceId"));

/** The editor's fields as typed; an "Add a row" button (it saves too) adds an empty row to its group. */
function listingForm(form: FormData) {
  const { values, problems } = valuesFromForm(form);
  const add = form.get("add");
  if (typeof add === "string" && add in ROW_GROUPS)
    values[`${add}.count`] = String(Math.min(LIMITS.rows, rowCount(values, add as RowGroup) + 1));
  return { values, problems };
}

/** Saves the draft as it is, complete or not; says what still stands between it and publication. */
export const saveListing = staffAction.withState({
  name: "saveListing",
  namespace: "staff",
  problemsAt: ["problems"],
  permission: can.useEditorialArea,
  schema: z.object({ versionId: recordId }),
  keep: (form) => Object.fromEntries(Object.entries(listingForm(form).values).map(([name, value]) => [name, showControlCharacters(value)])),
  run: async ({ versionId }, { db, actor, locale, form, t, fail }) => {
    const { values, problems } = listingForm(form);
    if (problems.length) return fail({ values, fieldErrors: problemsByField(locale, problems), message: t("editor.notSaved") });
    const version = await listings.findVersion(db, actor, versionId);
    if (!version) return fail({ values, fieldErrors: {}, message: t("problems.notFound"), problem: "notFound" });
    const document = documentFromForm(values, version.content);
    const saved = await listings.saveDraft(db, actor, versionId, document);
    if (!saved.ok)
      return fail({
        values,
        fieldErrors: problemsByField(locale, saved.problems ?? []),
        message: t(`problems.${saved.problem}`),
        problem: saved.problem,
      });
    const remaining = await listings.publicationProblems(db, { content: document, serviceId: version.serviceId });
    return {
      ok: true,
      values,
      fieldErrors: problemsByField(locale, remaining.problems),
      message: remaining.problems.length ? t("editor.savedIncomplete") : t("editor.savedComplete"),
    };
  },
});

/** A new listing of an institution, as a first draft. */
export const createListing = staffAction.redirecting({
  name: "createListing",
  permission: can.useEditorialArea,
  schema: z.object({ institutionId: recordId }),
  back: ({ locale }) => `/${locale}/staff`,
  run: async ({ institutionId }, { db, actor, locale }) => {
    const result = await listings.newListing(db, actor, institutionId);
    return result.ok ? versionPage(locale, result.versionId) : result;
  },
});

/** A draft of a published listing (or the one already under way). */
export const openDraft = staffAction.redirecting({
  name: "openDraft",
  permission: can.useEditorialArea,
  schema: z.object({ serviceId: recordId }),
  back: backToListing,
  run: async ({ serviceId }, { db, actor, locale }) => {
    const result = await listings.openDraft(db, actor, serviceId);
    return result.ok ? versionPage(locale, result.versionId) : result;
  },
});

type Work = (context: Context<Actor>, id: string, comment: string | null) => Promise<{ ok: true } | listings.Refusal>;

/** A step in a version's life, said on the version's page (?done=step). */
function versionStep(name: string, step: "submit" | "return" | "publish" | "discard", work: Work) {
  return staffAction.redirecting({
    name,
    permission: can.useEditorialArea,
    schema: z.object({ versionId: recordId, comment: optionalNote }),
    back: backToVersion,
    run: async ({ versionId, comment }, context) => {
      const result = await work(context, versionId, comment);
      if (!result.ok) return result;
      // Published: the public pages, search and open data show it at once.
      if (step === "publish") await refreshCatalogue();
      return `${versionPage(context.locale, versionId)}?done=${step}`;
    },
  });
}

export const submitForReview = versionStep("submitForReview", "submit", ({ db, actor }, id, comment) =>
  listings.submitForReview(db, actor, id, comment),
);
export const returnToDraft = versionStep("returnToDraft", "return", ({ db, actor }, id, comment) =>
  listings.returnToDraft(db, actor, id, comment),
);
export const publishVersion = versionStep("publishVersion", "publish", ({ db, actor }, id) => listings.publishVersion(db, actor, id));
export const discardDraft = versionStep("discardDraft", "discard", ({ db, actor }, id) => listings.discardDraft(db, actor, id));

/** A change to a published listing, said on its page (?done=step); the public sees it at once. */
function listingStep<S extends z.ZodObject<{ serviceId: typeof recordId }>>(
  name: string,
  step: "withdraw" | "notice" | "clearNotice" | "confirm",
  schema: S,
  work: (context: Context<Actor>, input: z.output<S>) => Promise<{ ok: true } | listings.Refusal>,
  back = backToListing,
) {
  return staffAction.redirecting({
    name,
    permission: can.useEditorialArea,
    schema,
    back,
    run: async (input, context) => {
      const result = await work(context, input);
      if (!result.ok) return result;
      await refreshCatalogue();
      return `${listingPage(context.locale, input.serviceId)}?done=${step}`;
    },
  });
}

const listing = z.object({ serviceId: recordId });

export const withdrawListing = listingStep(
  "withdrawListing",
  "withdraw",
  listing.extend({ comment: optionalNote }),
  ({ db, actor }, { serviceId, comment }) => listings.withdrawListing(db, actor, serviceId, comment),
);
export const setNotice = listingStep(
  "setNotice",
  "notice",
  listing.extend({ "notice.sw": noticeText, "notice.en": noticeText }),
  ({ db, actor }, input) => listings.setMaintenanceNotice(db, actor, input.serviceId, { sw: input["notice.sw"], en: input["notice.en"] }),
  // A notice's problems are said beside its form.
  (request) => `${backToListing(request)}#notice`,
);
export const clearNotice = listingStep("clearNotice", "clearNotice", listing, ({ db, actor }, { serviceId }) =>
  listings.setMaintenanceNotice(db, actor, serviceId, null),
);
export const confirmStillCorrect = listingStep("confirmStillCorrect", "confirm", listing, ({ db, actor }, { serviceId }) =>
  listings.confirmStillCorrect(db, actor, serviceId),
);

const factsPage = (locale: Locale, serviceId: string) => `${listingPage(locale, serviceId)}/facts`;
const factKey = z.string().regex(/^(fee:\d{1,2}|time|channel:\d{1,2})$/);

/** A publisher confirms one fact as it stands; the public page says so at once. */
export const confirmFact = staffAction.redirecting({
  name: "confirmFact",
  permission: can.useEditorialArea,
  schema: z.object({ serviceId: recordId, key: factKey }),
  back: (request) => factsPage(request.locale, request.text("serviceId")),
  run: async ({ serviceId, key }, { db, actor, locale }) => {
    const result = await facts.confirmFact(db, actor, serviceId, key);
    if (!result.ok) return result;
    await refreshCatalogue();
    return `${factsPage(locale, serviceId)}?done=factConfirmed#fact-${key.replace(":", "-")}`;
  },
});

/** A publisher corrects one fact (and so confirms it); a wrong value is said beside its field, as typed. */
export const correctFact = staffAction.withState({
  name: "correctFact",
  namespace: "staff",
  problemsAt: ["facts.problems", "problems"],
  permission: can.useEditorialArea,
  schema: z.object({
    serviceId: recordId,
    key: factKey,
    value: z.string().max(500).optional(),
    sw: z.string().max(500).optional(),
    en: z.string().max(500).optional(),
  }),
  keep: ["value", "sw", "en"],
  run: async ({ serviceId, key, value, sw, en }, { db, actor, locale }) => {
    const result = await facts.correctFact(db, actor, serviceId, key, { value, sw, en });
    if (!result.ok) return result;
    await refreshCatalogue();
    redirect(`${factsPage(locale, serviceId)}?done=factCorrected#fact-${key.replace(":", "-")}`);
  },
});
