import "server-only";
import { notFound, redirect } from "next/navigation";
import { currentActor } from "@/lib/identity/auth";
import type { Locale } from "@/lib/i18n/config";
import { can } from "@/lib/security/permissions";
import { applicationOfCitizen } from "./service";

/**
 * What every page of a citizen's application starts with: the signed-in citizen (anyone else is
 * sent to sign in and brought back), and their own application. An unknown id and another
 * citizen's are the same 404 (the proxy answers it before the page renders; this is the fallback).
 */
export async function ownApplicationPage(locale: Locale, id: string, path: string) {
  const actor = await currentActor();
  if (!can.apply(actor) || actor.kind !== "citizen") redirect(`/${locale}/sign-in?return=${encodeURIComponent(path)}`);
  const own = await applicationOfCitizen(actor.citizenId, id);
  if (!own) notFound();
  return { actor, own };
}
