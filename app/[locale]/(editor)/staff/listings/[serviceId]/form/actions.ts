"use server";

import type { TFunction } from "i18next";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addressSegment, staffAction, type Context, type Refusal, type Request } from "@/lib/actions/client";
import type { Failure } from "@/lib/actions/result";
import * as forms from "@/lib/applications/forms";
import { refreshCatalogue } from "@/lib/catalogue/current";
import { optionalNote, recordId } from "@/lib/editorial/schema";
import type { Locale } from "@/lib/i18n/config";
import { showControlCharacters } from "@/lib/security/control-characters";
import { can, type Actor } from "@/lib/security/permissions";

// Every action here is for the editorial area (can.useEditorialArea); lib/applications/forms.ts
// then asks the named permission of the listing's institution: can.editDraft and
// can.submitForReview (editors and publishers), can.publishListing, can.returnToDraft and
// can.withdrawListing (publishers). Another institution's form is "not found".

/** The most a form's JSON may be, typed or imported (the largest shipped form is under 40 KB). */
const MAX_FORM_CHARACTERS = 500_000;
const MAX_FORM_BYTES = 1024 * 1024;

const formPage = (locale: Locale, serviceId: string) => `/${locale}/staff/listings/${addressSegment(serviceId)}/form`;
const backToForm = (request: Request) => formPage(request.locale, request.text("serviceId"));

type Values = { definition: string };

/**
 * A save refused: a definition that does not read (every problem, "path: message", listed with
 * the typed text kept and the field marked), or the domain's refusal by name.
 */
function refusedSave<V extends Record<string, string>>(
  refused: forms.FormRefusal,
  field: keyof V & string,
  { t, fail }: { t: TFunction<"staff">; fail: (said: Omit<Failure<V>, "ok" | "values">) => Failure<V> },
): Failure<V> | Refusal {
  if (refused.problem !== "invalid") return { ok: false, problem: refused.problem };
  const problems = refused.problems ?? [];
  return fail({
    fieldErrors: { [field]: t("forms.problems.invalidField") },
    message: t("forms.notSaved", { count: problems.length }),
    problem: "invalid",
    details: problems,
  });
}

/** Saves the form's JSON as the draft (starting one when there is none); only a definition that reads is saved. */
export const saveForm = staffAction.withState({
  name: "saveForm",
  namespace: "staff",
  problemsAt: ["forms.problems", "problems"],
  permission: can.useEditorialArea,
  schema: z.object({
    serviceId: recordId,
    definition: z.string({ error: "empty" }).trim().min(1, { error: "empty" }).max(MAX_FORM_CHARACTERS, { error: "tooLarge" }),
  }),
  // The whole text, however long, so that nothing typed is lost (the client's own keep cuts at 20,000).
  keep: (form): Values => {
    const typed = form.get("definition");
    return { definition: typeof typed === "string" ? showControlCharacters(typed.slice(0, MAX_FORM_CHARACTERS)) : "" };
  },
  run: async ({ serviceId, definition }, { db, actor, locale, t, fail }) => {
    const saved = await forms.saveFormDraft(db, actor, serviceId, definition);
    if (!saved.ok) return refusedSave<Values>(saved, "definition", { t, fail });
    redirect(`${formPage(locale, serviceId)}?done=saved#draft`);
  },
});

/** Reads a JSON file (an exported form, or a bare definition) into the draft. */
export const importForm = staffAction.withState({
  name: "importForm",
  namespace: "staff",
  problemsAt: ["forms.problems", "problems"],
  permission: can.useEditorialArea,
  schema: z.object({
    serviceId: recordId,
    file: z
      .instanceof(File, { error: "noFile" })
      .refine((file) => file.size > 0, { error: "noFile" })
      .refine((file) => file.size <= MAX_FORM_BYTES, { error: "fileTooLarge" }),
  }),
  keep: ["file"],
  run: async ({ serviceId, file }, { db, actor, locale, t, fail }) => {
    const text = new TextDecoder("utf-8").decode(await file.arrayBuffer()).replace(/^\uFEFF/, "");
    const saved = await forms.saveFormDraft(db, actor, serviceId, text);
    if (!saved.ok) return refusedSave<{ file: string }>(saved, "file", { t, fail });
    redirect(`${formPage(locale, serviceId)}?done=imported#draft`);
  },
});

type Step = "submit" | "return" | "publish" | "discard";
type Work = (context: Context<Actor>, versionId: string, comment: string | null) => Promise<{ ok: true } | forms.FormRefusal>;

/** A step in a form version's life, said on the form's page (?done=step, or ?problem=name). */
function versionStep(name: string, step: Step, work: Work) {
  return staffAction.redirecting({
    name,
    permission: can.useEditorialArea,
    schema: z.object({ serviceId: recordId, versionId: recordId, comment: optionalNote }),
    back: backToForm,
    run: async ({ serviceId, versionId, comment }, context) => {
      // The page the answer goes to is the version's own listing's, or the version is not found.
      const version = await forms.formVersion(context.db, context.actor, versionId);
      if (!version || version.serviceId !== serviceId) return { ok: false, problem: "notFound" };
      const result = await work(context, versionId, comment);
      if (!result.ok) return { ok: false, problem: result.problem };
      // "Apply online" on the service page follows the catalogue: this process sees it at once.
      if (step === "publish") await refreshCatalogue();
      return `${formPage(context.locale, serviceId)}?done=${step}`;
    },
  });
}

export const submitFormForReview = versionStep("submitFormForReview", "submit", ({ db, actor }, id, comment) =>
  forms.submitFormForReview(db, actor, id, comment),
);
export const returnFormToDraft = versionStep("returnFormToDraft", "return", ({ db, actor }, id, comment) =>
  forms.returnFormToDraft(db, actor, id, comment),
);
export const publishForm = versionStep("publishForm", "publish", ({ db, actor }, id) => forms.publishForm(db, actor, id));
export const discardFormDraft = versionStep("discardFormDraft", "discard", ({ db, actor }, id) => forms.discardFormDraft(db, actor, id));

/** Takes the published form off: no one can start an application on it; those under way go on. */
export const withdrawForm = staffAction.redirecting({
  name: "withdrawForm",
  permission: can.useEditorialArea,
  schema: z.object({ serviceId: recordId, comment: optionalNote }),
  back: backToForm,
  run: async ({ serviceId, comment }, { db, actor, locale }) => {
    const result = await forms.withdrawForm(db, actor, serviceId, comment);
    if (!result.ok) return { ok: false, problem: result.problem };
    await refreshCatalogue();
    return `${formPage(locale, serviceId)}?done=withdraw`;
  },
});
