"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { address, addressSegment, citizenAction, type Request } from "@/lib/actions/client";
import * as applications from "@/lib/applications/applications";
import { configuredStore } from "@/lib/applications/documents";
import { currentCatalogue } from "@/lib/catalogue/current";
import { currentSessionId } from "@/lib/identity/auth";
import { sessionNidaRecord } from "@/lib/identity/nida-record";
import type { Locale } from "@/lib/i18n/config";
import { showControlCharacters } from "@/lib/security/control-characters";
import { can } from "@/lib/security/permissions";

// Applying online is for signed-in citizens (can.apply); their own applications only, checked
// in every domain call by owner. Anyone else is sent to sign in and brought back.

const id = z.string().max(40);
const signInTo = (locale: Locale, back: string) => address(`/${locale}/sign-in`, { return: back });
const applicationPath = (request: Request) => `/${request.locale}/applications/${addressSegment(request.text("id"))}`;

async function serviceBySlug(request: Request) {
  return (await currentCatalogue()).serviceById.get(request.text("serviceId").slice(0, 40));
}

/** "Start now" on a service's apply page: a draft filled from the session's NIDA record, or the draft already under way. */
export const startApplication = citizenAction.redirecting({
  name: "startApplication",
  permission: can.apply,
  refused: async (request) => {
    const service = await serviceBySlug(request);
    return signInTo(request.locale, service ? `/${request.locale}/services/${service.slug[request.locale]}/apply` : `/${request.locale}`);
  },
  schema: z.object({ serviceId: id }),
  rateLimits: [{ rule: { bucket: "application-start", limit: 30, windowSeconds: 3600 }, key: "address" }],
  back: async (request) => {
    const service = await serviceBySlug(request);
    return service ? `/${request.locale}/services/${service.slug[request.locale]}/apply` : `/${request.locale}`;
  },
  run: async (input, { db, actor, locale }) => {
    const service = (await currentCatalogue()).serviceById.get(input.serviceId);
    if (!service) return { ok: false, problem: "noForm" };
    const record = await sessionNidaRecord(db, actor.citizenId, await currentSessionId());
    const started = await applications.startApplication(db, {
      citizenId: actor.citizenId,
      service: { id: service.id, institutionId: service.institution.id },
      record,
      locale,
    });
    if (!started.ok) return started;
    return `/${locale}/applications/${started.id}/${started.firstPage}`;
  },
});

/** What a question page's form typed, to show again after an error (a list as its values joined, a control character as "�"). */
function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of new Set(form.keys())) {
    if (!name.startsWith("q_")) continue;
    const all = form.getAll(name).filter((v): v is string => typeof v === "string");
    if (all.length) values[name.slice(2)] = all.map(showControlCharacters).join("\u001f").slice(0, 20_000);
  }
  return values;
}

/** The question a field answers, whose problems are shown beside it: `q_name` → name, a date's `q_born_day` → born. */
const questionOf = (name: string) => name.replace(/^q_/, "").replace(/_(day|month|year)$/, "");

/**
 * One page of questions: checked, then saved to the draft, then on to the next page (or back to
 * the check page when the citizen came from there). Errors come back beside their questions with
 * everything typed kept; a chosen file must be chosen again, and the page says so.
 */
export const saveApplicationPage = citizenAction.withState({
  name: "saveApplicationPage",
  namespace: "applications",
  problemsAt: ["errors"],
  permission: can.apply,
  schema: z.object({ id, page: z.string().max(40), return: z.string().max(10).optional() }),
  rateLimits: [{ rule: { bucket: "application-page", limit: 300, windowSeconds: 3600 }, key: "address" }],
  fieldOf: questionOf,
  keep: typedValues,
  run: async (input, { db, actor, locale, form, t, fail }) => {
    const result = await applications.savePage(db, configuredStore(), {
      citizenId: actor.citizenId,
      id: input.id,
      pageId: input.page,
      fields: {
        text: (name) => {
          const value = form.get(name);
          return typeof value === "string" ? value : "";
        },
        all: (name) => form.getAll(name).filter((v): v is string => typeof v === "string"),
      },
      files: async (name) => {
        const value = form.get(name);
        return value instanceof File && value.size > 0 ? { name: value.name, bytes: Buffer.from(await value.arrayBuffer()) } : null;
      },
    });
    if (result.ok) {
      const own = `/${locale}/applications/${input.id}`;
      redirect(input.return === "check" || result.next === "check" ? `${own}/check` : `${own}/${result.next}`);
    }
    if (result.problem !== "invalid") return { ok: false, problem: result.problem };
    const own = await applications.applicationOfCitizen(db, actor.citizenId, input.id);
    const page = own?.form.pages.find((p) => p.id === input.page);
    const fieldErrors = Object.fromEntries(
      Object.entries(result.errors).map(([questionId, error]) => {
        const question = page?.questions.find((q) => q.id === questionId);
        // A pattern's error is the form's own, in the page's language.
        if (error.name === "pattern" && question?.kind === "text" && question.patternError)
          return [questionId, question.patternError[locale]];
        return [questionId, t(`errors.${error.name}`, { ...error.params, defaultValue: t("errors.required") })];
      }),
    );
    return fail({ fieldErrors, message: result.fileDropped ? t("page.fileAgain") : null, problem: "invalid" });
  },
});

/** "Send application" on the check page: the reference at once, then the payment or the hand-off. */
export const submitApplication = citizenAction.redirecting({
  name: "submitApplication",
  permission: can.apply,
  refused: (request) => signInTo(request.locale, `${applicationPath(request)}/check`),
  schema: z.object({ id }),
  rateLimits: [{ rule: { bucket: "application-submit", limit: 20, windowSeconds: 3600 }, key: "address" }],
  back: (request) => `${applicationPath(request)}/check`,
  run: async (input, { db, actor, locale }) => {
    const own = await applications.applicationOfCitizen(db, actor.citizenId, input.id);
    if (!own) return { ok: false, problem: "notFound" };
    const service = (await currentCatalogue()).serviceById.get(own.application.serviceId);
    if (!service) return { ok: false, problem: "formWithdrawn" };
    const result = await applications.submitApplication(db, { citizenId: actor.citizenId, id: input.id, service, locale });
    if (!result.ok) {
      if (result.problem === "incomplete" && result.page) return `/${locale}/applications/${input.id}/${result.page}?problem=incomplete`;
      return result;
    }
    return `/${locale}/applications/${input.id}?sent=1`;
  },
});

/** The citizen's answer to the institution's "more information needed". */
export const replyToQuestion = citizenAction.withState({
  name: "replyToQuestion",
  namespace: "applications",
  problemsAt: ["errors"],
  permission: can.apply,
  schema: z.object({ id, text: z.string().max(20_000) }),
  rateLimits: [{ rule: { bucket: "application-reply", limit: 20, windowSeconds: 3600 }, key: "address" }],
  keep: ["text"],
  run: async (input, { db, actor, locale, form, t, fail }) => {
    const file = form.get("file");
    const result = await applications.replyToQuestion(db, configuredStore(), {
      citizenId: actor.citizenId,
      id: input.id,
      text: input.text,
      file: file instanceof File && file.size > 0 ? { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) } : null,
    });
    if (result.ok) redirect(`/${locale}/applications/${input.id}?replied=1`);
    if (result.problem === "invalid" && result.error) {
      const field = result.error.name.startsWith("file") ? "file" : "text";
      return fail({
        fieldErrors: { [field]: t(`errors.${result.error.name}`, { ...result.error.params, defaultValue: t("errors.required") }) },
        message: field === "file" ? null : file instanceof File && file.size > 0 ? t("page.fileAgain") : null,
      });
    }
    return { ok: false, problem: result.problem };
  },
});
