"use server";

import { z } from "zod";
import { citizenAction } from "@/lib/actions/client";
import * as auth from "@/lib/identity/auth";
import { recordSignOut } from "@/lib/identity/sign-in";
import { can } from "@/lib/security/permissions";

/** Ends the citizen's session and says so on a page of its own. */
export const signOut = citizenAction.redirecting({
  name: "signOut",
  permission: can.signOut,
  refused: ({ locale }) => `/${locale}`,
  schema: z.object({}),
  back: ({ locale }) => `/${locale}/account`,
  run: async (_input, { db, actor, locale }) => {
    await recordSignOut(db, actor.citizenId, await auth.currentSessionId());
    return auth.signOut({ redirectTo: `/${locale}/signed-out` });
  },
});
