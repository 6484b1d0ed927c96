"use server";

import { z } from "zod";
import { staffAction } from "@/lib/actions/client";
import { refreshCatalogue } from "@/lib/catalogue/current";
import { problemsByField } from "@/lib/editorial/labels";
import * as taxonomy from "@/lib/editorial/taxonomy";
import { showControlCharacters } from "@/lib/security/control-characters";
import { can } from "@/lib/security/permissions";

// Sectors and life events are for administrators (can.manageTopics).

/** A text field of the topic form, cut to what it may hold (the domain's schema checks the rest). */
const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").slice(0, max));
const topicFields = {
  key: text(200),
  kind: text(200),
  "slug.sw": text(200),
  "slug.en": text(200),
  "name.sw": text(200),
  "name.en": text(200),
  "description.sw": text(2000),
  "description.en": text(2000),
};

/** Adds or changes a sector or life event; a new one's form is emptied for the next. */
export const saveTopic = staffAction.withState({
  name: "saveTopic",
  namespace: "staff",
  problemsAt: ["problems"],
  permission: can.manageTopics,
  schema: z.object({
    ...topicFields,
    topic: z
      .string()
      .optional()
      .transform((topic): taxonomy.TopicKind => (topic === "lifeEvent" ? "lifeEvent" : "category")),
    existing: z
      .string()
      .optional()
      .transform((key) => key?.slice(0, 100) || null),
  }),
  keep: Object.keys(topicFields) as (keyof typeof topicFields)[],
  run: async ({ topic, existing, ...values }, { db, actor, locale, t, fail }) => {
    const result = await taxonomy.saveTopic(db, actor, topic, existing, values);
    if ("refused" in result) return { ok: false, problem: result.refused };
    if (!result.ok) return fail({ values, fieldErrors: problemsByField(locale, result.problems), message: t("editor.notSaved") });
    await refreshCatalogue();
    const empty = Object.fromEntries(Object.keys(values).map((field) => [field, field === "kind" ? values.kind : ""])) as typeof values;
    return { ok: true, values: existing ? values : empty, message: t("topics.saved", { name: values[`name.${locale}`] }) };
  },
});

const MAX_POSITION = 999;

/** The positions typed beside a life event's services, by service id. */
function positionsOf(form: FormData): Record<string, string> {
  const positions: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    const id = /^position-([0-9a-f-]{36})$/.exec(name)?.[1];
    if (id && typeof value === "string") positions[id] = showControlCharacters(value.trim().slice(0, 10));
  }
  return positions;
}

/** Orders a life event's services from the positions typed beside them (empty: alphabetical, after them). */
export const saveServiceOrder = staffAction.withState({
  name: "saveServiceOrder",
  namespace: "staff",
  problemsAt: ["problems"],
  permission: can.manageTopics,
  schema: z.object({ event: z.string({ error: "notFound" }).max(100, { error: "notFound" }) }),
  fieldOf: (name) => name.replace(/^position-/, ""),
  keep: positionsOf,
  run: async ({ event }, { db, actor, form, t, fail }) => {
    const positions = positionsOf(form);
    const ranks = new Map<string, number>();
    const fieldErrors: Record<string, string> = {};
    for (const [id, typed] of Object.entries(positions)) {
      if (!typed) continue;
      const n = /^\d{1,3}$/.test(typed) ? Number(typed) : NaN;
      if (n >= 1 && n <= MAX_POSITION) ranks.set(id, n);
      else fieldErrors[id] = t("topics.orderInvalid", { max: MAX_POSITION });
    }
    if (Object.keys(fieldErrors).length > 0) return fail({ values: positions, fieldErrors, message: t("topics.orderNotSaved") });
    const result = await taxonomy.saveServiceOrder(db, actor, event, ranks);
    if (!result.ok) return { ok: false, problem: result.refused };
    await refreshCatalogue();
    // Shown again as saved: numbered 1, 2, 3… in the new order, the rest left empty.
    const saved = Object.fromEntries(Object.keys(positions).map((id) => [id, ""]));
    result.serviceOrder.forEach((id, i) => (saved[id] = String(i + 1)));
    return { ok: true, values: saved, message: t("topics.orderSaved") };
  },
});
