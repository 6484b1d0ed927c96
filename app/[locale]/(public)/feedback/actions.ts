"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { currentCatalogue } from "@/lib/catalogue/current";
import { submitFeedback } from "@/lib/feedback/feedback";
import { feedbackInput, MAX_ATTACHMENT_BYTES, safeFileName, sniffAttachment, type FeedbackField } from "@/lib/feedback/feedback-schema";
import { resolveInstitution } from "@/lib/feedback/institutions";
import { clientAddress } from "@/lib/identity/request";
import { citizenProfile } from "@/lib/identity/sign-in";
import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { describeError, log } from "@/lib/log";
import { toInternationalMobile } from "@/lib/notifications/phone";
import { can, currentActor } from "@/lib/security/permissions";
import { takeRateLimit } from "@/lib/security/rate-limit";

export type FeedbackFormState = {
  errors: Partial<Record<FeedbackField, string>>;
  message: string | null;
  values: { kind: string; institution: string; subject: string; message: string; name: string; phone: string };
  hadAttachment: boolean;
};

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

/** A submission: checked field by field, limited per address and phone, stored and handed off. */
export async function sendFeedback(_previous: FeedbackFormState, form: FormData): Promise<FeedbackFormState> {
  const locale: Locale = isLocale(form.get("locale")) ? (form.get("locale") as Locale) : defaultLocale;
  const t = getT(locale, "feedback");
  const values = {
    kind: text(form.get("kind")),
    institution: text(form.get("institution")).slice(0, 300),
    subject: text(form.get("subject")).slice(0, 300),
    message: text(form.get("message")).slice(0, 6000),
    name: text(form.get("name")).slice(0, 200),
    phone: text(form.get("phone")).slice(0, 40),
  };
  const file = form.get("attachment");
  const attached = file instanceof File && file.size > 0 ? file : null;
  const state = (errors: FeedbackFormState["errors"], message: string | null = null): FeedbackFormState => ({
    errors,
    message,
    values,
    hadAttachment: attached !== null,
  });

  const actor = await currentActor();
  if (!can.sendFeedback(actor)) return state({}, t("errors.failed"));

  const errors: FeedbackFormState["errors"] = {};
  const parsed = feedbackInput.safeParse({ ...values, website: text(form.get("website")) });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as string;
      if (field === "website") return state({}, t("errors.robot"));
      errors[field as FeedbackField] ??= t(issue.message as "errors.kind");
    }
  }

  const catalogue = await currentCatalogue();
  let institutionId: string | null = null;
  if (!errors.institution) {
    const found = resolveInstitution(catalogue, values.institution, locale);
    if ("institution" in found) institutionId = found.institution.id;
    else
      errors.institution = found.suggestions.length
        ? t("errors.institutionUnknown", { suggestions: found.suggestions.join("; ") })
        : t("errors.institution");
  }

  let attachment: { fileName: string; mimeType: string; content: Buffer } | null = null;
  if (attached) {
    if (attached.size > MAX_ATTACHMENT_BYTES) errors.attachment = t("errors.attachmentSize");
    else {
      const content = Buffer.from(await attached.arrayBuffer());
      const mimeType = sniffAttachment(content);
      if (!mimeType) errors.attachment = t("errors.attachmentType");
      else attachment = { fileName: safeFileName(attached.name, mimeType), mimeType, content };
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success || !institutionId) return state(errors);

  const service = catalogue.serviceById.get(text(form.get("serviceId")));
  const phone = parsed.data.phone ? (toInternationalMobile(parsed.data.phone) ?? null) : null;
  let reference: string;
  try {
    const db = await getDb();
    if (!(await takeRateLimit(db, { bucket: "feedback-address", limit: 10, windowSeconds: 3600 }, await clientAddress()))) {
      return state({}, t("errors.rateLimited"));
    }
    if (phone && !(await takeRateLimit(db, { bucket: "feedback-phone", limit: 5, windowSeconds: 3600 }, phone))) {
      return state({}, t("errors.rateLimited"));
    }
    const citizen = actor.kind === "citizen" ? await citizenProfile(db, actor.citizenId) : undefined;
    reference = await submitFeedback(db, {
      kind: parsed.data.kind,
      institutionId,
      serviceId: service?.id ?? null,
      subject: parsed.data.subject,
      message: parsed.data.message,
      senderName: parsed.data.name || (citizen ? `${citizen.firstName} ${citizen.surname}` : null),
      senderPhone: phone,
      citizenId: citizen?.id ?? null,
      locale,
      attachment,
    });
  } catch (error) {
    log.error("feedback not stored", { error: describeError(error) });
    return state({}, t("errors.failed"));
  }
  redirect(`/${locale}/feedback/received?reference=${reference}${phone ? "&sms=1" : ""}`);
}
