"use server";

import { redirect } from "next/navigation";
import { citizenAction } from "@/lib/actions/client";
import { currentCatalogue } from "@/lib/catalogue/current";
import { submitFeedback } from "@/lib/feedback/feedback";
import { feedbackForm } from "@/lib/feedback/feedback-schema";
import { citizenProfile } from "@/lib/identity/sign-in";
import { can } from "@/lib/security/permissions";

/** A submission: checked field by field, limited per address and phone, stored and handed off. */
export const sendFeedback = citizenAction.withState({
  name: "sendFeedback",
  namespace: "feedback",
  problemsAt: ["errors"],
  permission: can.sendFeedback,
  honeypot: true,
  schema: async ({ locale }) => feedbackForm(await currentCatalogue(), locale),
  rateLimits: [
    { rule: { bucket: "feedback-address", limit: 10, windowSeconds: 3600 }, key: "address" },
    { rule: { bucket: "feedback-phone", limit: 5, windowSeconds: 3600 }, key: (input) => input.phone },
  ],
  keep: ["kind", "institution", "subject", "message", "name", "phone", "attachment"],
  run: async (input, { db, actor, locale, text }) => {
    const service = (await currentCatalogue()).serviceById.get(text("serviceId"));
    const citizen = actor.kind === "citizen" ? await citizenProfile(db, actor.citizenId) : undefined;
    const reference = await submitFeedback(db, {
      kind: input.kind,
      institutionId: input.institution,
      serviceId: service?.id ?? null,
      subject: input.subject,
      message: input.message,
      senderName: input.name || (citizen ? `${citizen.firstName} ${citizen.surname}` : null),
      senderPhone: input.phone,
      citizenId: citizen?.id ?? null,
      locale,
      attachment: input.attachment,
    });
    redirect(`/${locale}/feedback/received?reference=${reference}${input.phone ? "&sms=1" : ""}`);
  },
});
