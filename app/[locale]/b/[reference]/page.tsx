import { redirect } from "next/navigation";
import { localeFrom } from "@/lib/i18n/request";
import { billByGepgId } from "@/lib/payments/service";

type Props = { params: Promise<{ locale: string; reference: string }> };

/**
 * The short link in a bill's SMS (dirisha.go.tz/sw/b/DRS…): on to the bill's page, which asks the
 * citizen to sign in and shows it only to its owner.
 */
export default async function BillShortLink({ params }: Props) {
  const { locale: segment, reference } = await params;
  const locale = localeFrom(segment);
  const bill = await billByGepgId(reference);
  redirect(bill ? `/${locale}/payments/${bill.id}` : `/${locale}/account#payments`);
}
