import { redirect } from "next/navigation";
import { applicationIdByReference } from "@/lib/applications/service";
import { currentActor } from "@/lib/identity/auth";
import { localeFrom } from "@/lib/i18n/request";
import { can } from "@/lib/security/permissions";

type Props = { params: Promise<{ locale: string; reference: string }> };

/**
 * The short link in an application's SMS (dirisha.go.tz/sw/a/APP-…): the application's page for
 * its owner, after signing in if need be. A reference that is not theirs (or no reference at
 * all) leads to their list of applications, telling nothing about anyone else's.
 */
export default async function ApplicationShortLink({ params }: Props) {
  const { locale: segment, reference } = await params;
  const locale = localeFrom(segment);
  const clean = reference
    .toUpperCase()
    .replace(/[^A-Z0-9-]/g, "")
    .slice(0, 20);
  const actor = await currentActor();
  if (!can.apply(actor) || actor.kind !== "citizen") redirect(`/${locale}/sign-in?return=${encodeURIComponent(`/${locale}/a/${clean}`)}`);
  const id = await applicationIdByReference(actor.citizenId, clean);
  redirect(id ? `/${locale}/applications/${id}` : `/${locale}/applications`);
}
