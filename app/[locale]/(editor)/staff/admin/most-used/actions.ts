"use server";

import { z } from "zod";
import { address, staffAction, type Request } from "@/lib/actions/client";
import { refreshCatalogue } from "@/lib/catalogue/current";
import * as mostUsed from "@/lib/editorial/most-used";
import { can } from "@/lib/security/permissions";

const here = ({ locale }: Request) => `/${locale}/staff/admin/most-used`;

/** Pins, hides, moves or lets go of one service in "most used" (can.manageMostUsed). */
export const changeMostUsed = staffAction.redirecting({
  name: "changeMostUsed",
  permission: can.manageMostUsed,
  schema: z.object({
    service: z.string({ error: "notFound" }).max(100, { error: "notFound" }),
    change: z.enum(mostUsed.mostUsedChanges, { error: "notFound" }),
  }),
  back: here,
  run: async ({ service, change }, context) => {
    const result = await mostUsed.changeMostUsed(context.db, context.actor, service, change);
    if (!result.ok) return { ok: false, problem: result.refused };
    if (result.changed) await refreshCatalogue();
    return address(here(context), { done: result.changed ? change : "unchanged", service });
  },
});
