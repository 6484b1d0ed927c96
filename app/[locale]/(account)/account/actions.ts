"use server";

import { z } from "zod";
import { citizenAction } from "@/lib/actions/client";
import * as auth from "@/lib/identity/auth";
import { recordSignOut } from "@/lib/identity/sign-in";
import { eraseCitizen } from "@/lib/privacy/erasure";
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

/**
 * "Erase my data" (lib/privacy/erasure.ts): what is no longer needed goes at once, every session
 * with it, and the citizen is signed out to a page that says what was kept and why.
 */
export const eraseMyData = citizenAction.redirecting({
  name: "eraseMyData",
  permission: can.eraseOwnData,
  refused: ({ locale }) => `/${locale}/sign-in?return=${encodeURIComponent(`/${locale}/account/erase`)}`,
  schema: z.object({ confirm: z.literal("yes", { error: "confirm" }) }),
  back: ({ locale }) => `/${locale}/account/erase`,
  run: async (_input, { db, actor, locale }) => {
    await eraseCitizen(db, actor.citizenId, "request");
    return auth.signOut({ redirectTo: `/${locale}/account/erased` });
  },
});
