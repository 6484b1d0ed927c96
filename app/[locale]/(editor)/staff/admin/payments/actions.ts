"use server";

import { z } from "zod";
import { address, staffAction, type Request } from "@/lib/actions/client";
import { describeError, log } from "@/lib/log";
import * as operations from "@/lib/payments/operations";
import * as reconciliation from "@/lib/payments/reconciliation";
import { can } from "@/lib/security/permissions";

// Payment operations are for administrators (can.operatePayments).

const here = ({ locale }: Request) => `/${locale}/staff/admin/payments`;
const unmatchedId = z.string({ error: "notFound" }).max(40, { error: "notFound" });
/** An unmatched payment's own form on the page, where its problems are said (with the bill typed kept). */
const unmatchedForm = (request: Request, kept: Record<string, string> = {}) => {
  const id = request.text("id").slice(0, 40);
  return address(`${here(request)}#u-${id}`, { unmatched: id, ...kept });
};

/** Asks GePG for one day's payments now (the daily run asks for yesterday's at 03:00). */
export const requestReconciliation = staffAction.redirecting({
  name: "requestReconciliation",
  permission: can.operatePayments,
  schema: z.object({
    day: z
      .string({ error: "day" })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "day" })
      .refine((day) => !Number.isNaN(Date.parse(day)) && Date.parse(day) <= Date.now(), { error: "day" }),
  }),
  back: here,
  run: async ({ day }, context) => {
    let outcome = "requested";
    try {
      const result = await reconciliation.requestReconciliation(context.db, day);
      if (!result.ok) outcome = "refused";
    } catch (error) {
      // GePG not answering is an outcome to show, not a fault: the operator tries again later.
      log.warn("reconciliation request failed", { error: describeError(error) });
      outcome = "unavailable";
    }
    return address(here(context), { done: outcome });
  },
});

/** Applies an unmatched payment to the bill the operator names, after checking it. */
export const applyUnmatchedPayment = staffAction.redirecting({
  name: "applyUnmatchedPayment",
  permission: can.operatePayments,
  schema: z.object({ id: unmatchedId, bill: z.string().default(""), note: z.string().default("") }),
  back: (request) => unmatchedForm(request, { bill: request.text("bill").slice(0, 40) }),
  run: async (input, context) => {
    const result = await operations.applyUnmatchedPayment(context.db, context.actor, input);
    return result.ok ? address(`${here(context)}#unmatched`, { done: "applied", receipt: result.receipt }) : result;
  },
});

/** Records that an unmatched payment is to be refunded, with the reason. */
export const markRefundDue = staffAction.redirecting({
  name: "markRefundDue",
  permission: can.operatePayments,
  schema: z.object({ id: unmatchedId, reason: z.string().default("") }),
  back: (request) => unmatchedForm(request),
  run: async (input, context) => {
    const result = await operations.markRefundDue(context.db, context.actor, input);
    return result.ok ? address(`${here(context)}#unmatched`, { done: "refund_due" }) : result;
  },
});
