import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { bills } from "@/db/schema";
import { localeFrom } from "@/lib/i18n/request";

type Props = { params: Promise<{ locale: string; reference: string }> };

/**
 * The short link in a bill's SMS (dirisha.go.tz/sw/b/DRS…): on to the bill's page, which asks the
 * citizen to sign in and shows it only to its owner.
 */
export default async function BillShortLink({ params }: Props) {
  const { locale: segment, reference } = await params;
  const locale = localeFrom(segment);
  const billId = /^[A-Z0-9]{1,20}$/.test(reference) ? reference : null;
  const [bill] = billId ? await (await getDb()).select({ id: bills.id }).from(bills).where(eq(bills.billId, billId)) : [];
  redirect(bill ? `/${locale}/payments/${bill.id}` : `/${locale}/account#payments`);
}
