"use server";

import { z } from "zod";
import { address, addressSegment, citizenAction, type Request } from "@/lib/actions/client";
import { currentCatalogue } from "@/lib/catalogue/current";
import { optionalMobile } from "@/lib/notifications/phone";
import * as bills from "@/lib/payments/bills";
import { billQueue } from "@/lib/payments/queue";
import { can } from "@/lib/security/permissions";

// Bills are for signed-in citizens (can.payFee); anyone else is asked to sign in first.

async function serviceOf(request: Request) {
  return (await currentCatalogue()).serviceById.get(request.text("serviceId").slice(0, 40));
}

const billPage = (request: Request) => `/${request.locale}/payments/${addressSegment(request.text("bill"))}`;
const signInPage = ({ locale }: Request) => `/${locale}/sign-in`;
const billId = z.string().max(40);

/**
 * "Get a control number" on a service page: a bill for one fee, stored with its delivery job.
 * Problems go back to the service page's payment box (?problem=name&fee=position#pay), never with the phone.
 */
export const payFee = citizenAction.redirecting({
  name: "payFee",
  permission: can.payFee,
  refused: async (request) => {
    const service = await serviceOf(request);
    return service
      ? address(`/${request.locale}/sign-in`, { return: `/${request.locale}/services/${service.slug[request.locale]}` })
      : `/${request.locale}`;
  },
  schema: z.object({ fee: z.string().transform(Number), phone: optionalMobile("phone"), again: z.string().optional() }),
  back: async (request) => {
    const service = await serviceOf(request);
    return service
      ? address(`/${request.locale}/services/${service.slug[request.locale]}#pay`, { fee: Number(request.text("fee")) || 0 })
      : `/${request.locale}`;
  },
  run: async (input, context) => {
    const { db, actor, locale } = context;
    const service = await serviceOf(context);
    if (!service) return `/${locale}`;
    const result = await bills.requestBill(db, await billQueue(), {
      citizenId: actor.citizenId,
      service,
      feePosition: input.fee,
      payerPhone: input.phone,
      payAgain: input.again === "yes",
      locale,
    });
    if (!result.ok) return result;
    // Asked again for a fee with a bill still open: that bill, never a second one, and saying so.
    return `/${locale}/payments/${result.bill}${result.existing ? "?existing=1" : ""}`;
  },
});

/** A new control number for an expired (or refused) bill's fee. */
export const renewBill = citizenAction.redirecting({
  name: "renewBill",
  permission: can.payFee,
  refused: signInPage,
  schema: z.object({ bill: billId }),
  back: billPage,
  run: async (input, { db, actor, locale }) => {
    const bill = await bills.billOfCitizen(db, actor.citizenId, input.bill);
    if (!bill) return `/${locale}/account`;
    const service = (await currentCatalogue()).serviceById.get(bill.serviceId);
    const result = await bills.renewBill(db, await billQueue(), actor.citizenId, bill.id, service);
    return `/${locale}/payments/${result.ok ? result.bill : bill.id}`;
  },
});

/** Cancels an unpaid bill at GePG, for its owner. */
export const cancelBill = citizenAction.redirecting({
  name: "cancelBill",
  permission: can.payFee,
  refused: signInPage,
  schema: z.object({ bill: billId }),
  back: billPage,
  run: async (input, { db, actor, locale }) => {
    const result = await bills.cancelBill(db, actor.citizenId, input.bill);
    return result.ok ? `/${locale}/payments/${input.bill}?done=cancelled` : result;
  },
});
