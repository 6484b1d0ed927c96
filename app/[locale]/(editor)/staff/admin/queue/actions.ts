"use server";

import { z } from "zod";
import { address, staffAction, type Request } from "@/lib/actions/client";
import { DEAD_LETTER_KINDS, dismiss, sendAgain } from "@/lib/jobs/dead-letters";
import { can } from "@/lib/security/permissions";

// Hand-offs that gave up are for administrators to send again or dismiss (can.operateQueue).

const here = ({ locale }: Request) => `/${locale}/staff/admin/queue`;
const kind = z.enum(DEAD_LETTER_KINDS, { error: "notFound" });

/** Sends one dead letter (or, without an id, every one of its kind) back to its queue. */
export const sendAgainLetters = staffAction.redirecting({
  name: "sendAgainLetters",
  permission: can.operateQueue,
  schema: z.object({ kind, id: z.string().max(40, { error: "notFound" }).optional() }),
  back: here,
  run: async ({ kind, id }, context) => {
    const result = await sendAgain(context.db, context.actor, { kind, ...(id ? { id } : {}) });
    return result.ok ? address(here(context), { done: "sent", n: result.count }) : result;
  },
});

/** Takes one dead letter off the list without sending it. */
export const dismissLetter = staffAction.redirecting({
  name: "dismissLetter",
  permission: can.operateQueue,
  schema: z.object({ kind, id: z.string({ error: "notFound" }).max(40, { error: "notFound" }) }),
  back: here,
  run: async ({ kind, id }, context) => {
    const result = await dismiss(context.db, context.actor, { kind, id });
    return result.ok ? address(here(context), { done: "dismissed" }) : result;
  },
});
