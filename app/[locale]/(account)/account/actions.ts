"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { currentSessionId, signOut } from "@/lib/identity/auth";
import { recordSignOut } from "@/lib/identity/sign-in";
import { defaultLocale, isLocale } from "@/lib/i18n/config";
import { can, currentActor } from "@/lib/security/permissions";

/** Ends the citizen's session and says so on the home page. */
export async function signOutAction(form: FormData): Promise<void> {
  const locale = isLocale(form.get("locale")) ? (form.get("locale") as string) : defaultLocale;
  const actor = await currentActor();
  if (!can.signOut(actor) || actor.kind !== "citizen") redirect(`/${locale}`);
  await recordSignOut(await getDb(), actor.citizenId, await currentSessionId());
  await signOut({ redirectTo: `/${locale}/signed-out` });
}
