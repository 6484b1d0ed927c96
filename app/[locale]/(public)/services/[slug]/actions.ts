"use server";

import { z } from "zod";
import { citizenAction } from "@/lib/actions/client";
import { currentCatalogue } from "@/lib/catalogue/current";
import { toInternationalMobile } from "@/lib/notifications/phone";
import { can } from "@/lib/security/permissions";
import { sendServiceDetails } from "@/lib/ussd/sms-me";

const phone = z
  .string()
  .max(32, "phone")
  .refine((value) => toInternationalMobile(value) !== undefined, "phone");

/** "SMS me this": the service's fee, documents and where to apply, to the phone typed; limited per phone and address. */
export const smsServiceDetails = citizenAction.withState({
  name: "smsServiceDetails",
  namespace: "catalogue",
  problemsAt: ["smsMe.errors"],
  permission: can.requestServiceSms,
  honeypot: true,
  schema: z.object({ phone, serviceId: z.uuid() }),
  rateLimits: [
    { rule: { bucket: "sms-me-address", limit: 10, windowSeconds: 3600 }, key: "address" },
    { rule: { bucket: "sms-me-phone", limit: 3, windowSeconds: 3600 }, key: (input) => toInternationalMobile(input.phone) ?? null },
  ],
  keep: ["phone"],
  run: async ({ phone: typed, serviceId }, { db, locale }) => {
    const service = (await currentCatalogue()).serviceById.get(serviceId);
    // A listing that is not (or no longer) published: the hidden field is not what the page sent.
    if (!service) return { ok: false, problem: "unreadable" };
    const queued = await sendServiceDetails(db, service, toInternationalMobile(typed)!, locale);
    return queued ? { ok: true as const, sent: true as const } : { ok: false, problem: "phone", field: "phone" };
  },
});
