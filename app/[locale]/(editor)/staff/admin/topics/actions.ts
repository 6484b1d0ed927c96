"use server";

import { getDb } from "@/db";
import { refreshCatalogue } from "@/lib/catalogue/current";
import { problemsByField } from "@/lib/editorial/labels";
import { saveServiceOrder, saveTopic, type TopicKind, type TopicValues } from "@/lib/editorial/taxonomy";
import { getT } from "@/lib/i18n/server";
import { currentStaffActor } from "@/lib/security/permissions";
import { localeOf, text } from "@/lib/staff/pages";

export type TopicFormState = { values: TopicValues; errors: Record<string, string>; message: string | null; saved: boolean };

const fields = ["key", "kind", "slug.sw", "slug.en", "name.sw", "name.en", "description.sw", "description.en"] as const;

/** Adds or changes a sector or life event; saveTopic checks can.manageTopics. */
export async function saveTopicAction(_previous: TopicFormState, form: FormData): Promise<TopicFormState> {
  const locale = localeOf(form);
  const t = getT(locale, "staff");
  const values = Object.fromEntries(fields.map((f) => [f, text(form.get(f)).slice(0, f.startsWith("description") ? 2000 : 200)])) as TopicValues;
  const kind: TopicKind = text(form.get("topic")) === "lifeEvent" ? "lifeEvent" : "category";
  const existing = text(form.get("existing")).slice(0, 100) || null;
  const result = await saveTopic(await getDb(), await currentStaffActor(), kind, existing, values);
  if ("refused" in result) return { values, errors: {}, message: t(`problems.${result.refused}`), saved: false };
  if (!result.ok) return { values, errors: problemsByField(locale, result.problems), message: t("editor.notSaved"), saved: false };
  await refreshCatalogue();
  return { values: existing ? values : { ...values, key: "", "slug.sw": "", "slug.en": "", "name.sw": "", "name.en": "", "description.sw": "", "description.en": "" }, errors: {}, message: t("topics.saved", { name: values[`name.${locale}`] }), saved: true };
}

export type ServiceOrderState = { positions: Record<string, string>; errors: Record<string, string>; message: string | null; saved: boolean };

const MAX_POSITION = 999;

/** Orders a life event's services from the positions typed beside them (empty: alphabetical, after them). */
export async function saveServiceOrderAction(previous: ServiceOrderState, form: FormData): Promise<ServiceOrderState> {
  const locale = localeOf(form);
  const t = getT(locale, "staff");
  const event = text(form.get("event")).slice(0, 100);
  const positions: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const ranks = new Map<string, number>();
  for (const [name, value] of form.entries()) {
    const id = /^position-([0-9a-f-]{36})$/.exec(name)?.[1];
    if (!id) continue;
    const typed = text(value).trim().slice(0, 10);
    positions[id] = typed;
    if (!typed) continue;
    const n = /^\d{1,3}$/.test(typed) ? Number(typed) : NaN;
    if (n >= 1 && n <= MAX_POSITION) ranks.set(id, n);
    else errors[id] = t("topics.orderInvalid", { max: MAX_POSITION });
  }
  if (Object.keys(errors).length > 0) return { positions, errors, message: t("topics.orderNotSaved"), saved: false };
  const result = await saveServiceOrder(await getDb(), await currentStaffActor(), event, ranks);
  if (!result.ok) return { ...previous, positions, errors: {}, message: t(`problems.${result.refused}`), saved: false };
  await refreshCatalogue();
  // Shown again as saved: numbered 1, 2, 3… in the new order, the rest left empty.
  const saved = Object.fromEntries(Object.keys(positions).map((id) => [id, ""]));
  result.serviceOrder.forEach((id, i) => (saved[id] = String(i + 1)));
  return { positions: saved, errors: {}, message: t("topics.orderSaved"), saved: true };
}
