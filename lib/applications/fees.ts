import type { TFunction } from "i18next";
import type { CatalogueService } from "@/lib/catalogue/model";
import { payableFees } from "@/lib/payments/bills";
import { formatMinor, toMinor } from "@/lib/payments/money";
import type { FormDefinition } from "./form-schema";

/**
 * What an application costs and how it is paid, in one line of the start page: through the portal
 * (a GePG bill at submission, before or after the hand-off, as the form says) only where the
 * institution bills through it; otherwise paid to the institution itself. The amounts are the
 * listing's, with its own marks of how sure they are on the service page.
 */
export function feeLine(t: TFunction<"applications">, service: CatalogueService, form: FormDefinition): string | null {
  const payment = form.payment;
  if (payment.when === "none") return null;
  const positions = [...new Set([payment.feePosition, ...Object.values(payment.byAnswer?.fees ?? {})])].sort((a, b) => a - b);
  const fees = positions.flatMap((position) => (service.fees[position] ? [service.fees[position]!] : []));
  if (fees.length === 0) return null;
  const amounts = fees.map((fee) => `${fee.currency} ${formatMinor(toMinor(fee.amount))}`).join(" / ");
  const billed = payableFees(service).some((fee) => positions.includes(fee.position));
  const when = billed ? (payment.when === "before" ? t("start.feeBefore") : t("start.feeAfter")) : t("start.feeInstitution");
  const depends = fees.length > 1 ? ` ${t("start.feeDepends")}` : "";
  return t("start.fee", { amount: amounts, when: `${when}${depends}` });
}
