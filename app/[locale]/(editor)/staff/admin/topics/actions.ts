"use server";

import { getDb } from "@/db";
import { refreshCatalogue } from "@/lib/catalogue/current";
import { problemsByField } from "@/lib/editorial/labels";
import { saveTopic, type TopicKind, type TopicValues } from "@/lib/editorial/taxonomy";
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
