import { redirect } from "next/navigation";
import { currentActor } from "@/lib/identity/auth";
import { localeFrom } from "@/lib/i18n/request";
import { billOfCitizenByGepgId } from "@/lib/payments/service";
import { can } from "@/lib/security/permissions";

type Props = { params: Promise<{ locale: string; reference: string }> };

/**
 * The short link in a bill's SMS (dirisha.go.tz/sw/b/DRS…): the bill's page for its owner, after
 * signing in if need be. A BillId that is not theirs leads where an unknown one does, to their
 * payments, telling nothing about anyone else's bill (not even that it exists, nor its address).
 */
export default async function BillShortLink({ params }: Props) {
  const { locale: segment, reference } = await params;
  const locale = localeFrom(segment);
  const clean = reference
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, 20);
  const actor = await currentActor();
  if (!can.viewOwnPayments(actor) || actor.kind !== "citizen")
    redirect(`/${locale}/sign-in?return=${encodeURIComponent(`/${locale}/b/${clean}`)}`);
  const bill = await billOfCitizenByGepgId(actor.citizenId, clean);
  redirect(bill ? `/${locale}/payments/${bill.id}` : `/${locale}/account#payments`);
}
