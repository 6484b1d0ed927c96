"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { refreshCatalogue } from "@/lib/catalogue/current";
import { documentFromForm, LIMITS, ROW_GROUPS, rowCount, valuesFromForm, type FormValues, type RowGroup } from "@/lib/editorial/document";
import { problemsByField } from "@/lib/editorial/labels";
import {
  confirmStillCorrect,
  discardDraft,
  findVersion,
  newListing,
  openDraft,
  publicationProblems,
  publishVersion,
  returnToDraft,
  saveDraft,
  setMaintenanceNotice,
  submitForReview,
  withdrawListing,
  type Refusal,
} from "@/lib/editorial/listings";
import { getT } from "@/lib/i18n/server";
import { currentStaffActor } from "@/lib/security/permissions";
import { localeOf, text } from "@/lib/staff/pages";

// Every action here asks lib/editorial, which checks the named permission (can.editDraft,
// can.publishListing…) for the signed-in staff member before it reads or changes anything.

export type ListingEditorState = { values: FormValues; errors: Record<string, string>; message: string | null; saved: boolean };

const id = (form: FormData, name: string) => text(form.get(name)).slice(0, 40);
const comment = (form: FormData) => text(form.get("comment")).trim().slice(0, 2000) || null;

function refusalPath(locale: string, where: string, refusal: Refusal) {
  return `${where}${where.includes("?") ? "&" : "?"}problem=${refusal.problem}`;
}

/** Saves the draft as it is, complete or not; says what still stands between it and publication. */
export async function saveListingAction(previous: ListingEditorState, form: FormData): Promise<ListingEditorState> {
  const locale = localeOf(form);
  const t = getT(locale, "staff");
  const versionId = id(form, "versionId");
  const { values, problems } = valuesFromForm(form);
  // "Add a row" buttons save too, and come back with one more empty row in their group.
  const add = text(form.get("add"));
  if (add in ROW_GROUPS) values[`${add}.count`] = String(Math.min(LIMITS.rows, rowCount(values, add as RowGroup) + 1));
  if (problems.length) return { values, errors: problemsByField(locale, problems), message: t("editor.notSaved"), saved: false };

  const actor = await currentStaffActor();
  const db = await getDb();
  const version = await findVersion(db, actor, versionId);
  if (!version) return { ...previous, values, errors: {}, message: t("problems.notFound"), saved: false };
  const document = documentFromForm(values, version.content);
  const saved = await saveDraft(db, actor, versionId, document);
  if (!saved.ok) {
    return { values, errors: problemsByField(locale, saved.problems ?? []), message: t(`problems.${saved.problem}`), saved: false };
  }
  const remaining = await publicationProblems(db, { content: document, serviceId: version.serviceId });
  return { values, errors: problemsByField(locale, remaining.problems), message: remaining.problems.length ? t("editor.savedIncomplete") : t("editor.savedComplete"), saved: true };
}

export async function newListingAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const result = await newListing(await getDb(), await currentStaffActor(), id(form, "institutionId"));
  if (!result.ok) redirect(refusalPath(locale, `/${locale}/staff`, result));
  redirect(`/${locale}/staff/versions/${result.versionId}`);
}

export async function openDraftAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const serviceId = id(form, "serviceId");
  const result = await openDraft(await getDb(), await currentStaffActor(), serviceId);
  if (!result.ok) redirect(refusalPath(locale, `/${locale}/staff/listings/${serviceId}`, result));
  redirect(`/${locale}/staff/versions/${result.versionId}`);
}

async function versionStep(form: FormData, step: "submit" | "return" | "publish" | "discard"): Promise<void> {
  const locale = localeOf(form);
  const versionId = id(form, "versionId");
  const actor = await currentStaffActor();
  const db = await getDb();
  const result =
    step === "submit"
      ? await submitForReview(db, actor, versionId, comment(form))
      : step === "return"
        ? await returnToDraft(db, actor, versionId, comment(form))
        : step === "publish"
          ? await publishVersion(db, actor, versionId)
          : await discardDraft(db, actor, versionId);
  const here = `/${locale}/staff/versions/${versionId}`;
  if (!result.ok) redirect(refusalPath(locale, here, result));
  if (step === "publish") await refreshCatalogue();
  redirect(`${here}?done=${step}`);
}

export async function submitForReviewAction(form: FormData) {
  await versionStep(form, "submit");
}
export async function returnToDraftAction(form: FormData) {
  await versionStep(form, "return");
}
export async function publishAction(form: FormData) {
  await versionStep(form, "publish");
}
export async function discardAction(form: FormData) {
  await versionStep(form, "discard");
}

async function listingStep(form: FormData, step: "withdraw" | "notice" | "clearNotice" | "confirm"): Promise<void> {
  const locale = localeOf(form);
  const serviceId = id(form, "serviceId");
  const actor = await currentStaffActor();
  const db = await getDb();
  const here = `/${locale}/staff/listings/${serviceId}`;
  let result;
  if (step === "notice") {
    const notice = { sw: text(form.get("notice.sw")).trim(), en: text(form.get("notice.en")).trim() };
    if (!notice.sw || !notice.en) redirect(`${here}?problem=noticeBoth#notice`);
    if (notice.sw.length > 500 || notice.en.length > 500) redirect(`${here}?problem=noticeLong#notice`);
    result = await setMaintenanceNotice(db, actor, serviceId, notice);
  } else if (step === "clearNotice") result = await setMaintenanceNotice(db, actor, serviceId, null);
  else if (step === "withdraw") result = await withdrawListing(db, actor, serviceId, comment(form));
  else result = await confirmStillCorrect(db, actor, serviceId);
  if (!result.ok) redirect(refusalPath(locale, here, result));
  await refreshCatalogue();
  redirect(`${here}?done=${step}`);
}

export async function withdrawAction(form: FormData) {
  await listingStep(form, "withdraw");
}
export async function setNoticeAction(form: FormData) {
  await listingStep(form, "notice");
}
export async function clearNoticeAction(form: FormData) {
  await listingStep(form, "clearNotice");
}
export async function confirmStillCorrectAction(form: FormData) {
  await listingStep(form, "confirm");
}
