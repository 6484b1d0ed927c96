import type { CatalogueService } from "@/lib/catalogue/model";
import { formatAmount } from "@/lib/catalogue/format";
import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { formatDate } from "@/lib/i18n/server";
import { payableFees } from "@/lib/payments/bills";
import { paidBillsForFees } from "@/lib/payments/service";
import { FieldError } from "./FormParts";

const problems = ["notPayable", "tooMany", "phone", "failed", "alreadyPaid"] as const;

/**
 * "Pay online" under a listing's fees: one plain form per payable fee (a Server Action, so it
 * works without JavaScript). Signed-out visitors are offered the sign-in first.
 */
export async function PayFees({
  action,
  locale,
  service,
  citizenId,
  problem,
  problemFee,
}: {
  /** The Server Action that asks GePG for a bill (the page's, so that components import no routes). */
  action: (form: FormData) => Promise<void>;
  locale: Locale;
  service: CatalogueService;
  citizenId: string | null;
  problem?: string;
  /** The fee whose form the problem is about. */
  problemFee?: number;
}) {
  const fees = payableFees(service);
  if (fees.length === 0) return null;
  const signedIn = citizenId !== null;
  // A fee this citizen has paid before: said before the button, which then asks plainly whether to pay again.
  const paid = citizenId ? await paidBillsForFees(citizenId, service.id) : new Map();
  const t = getT(locale, "payments");
  const known = problems.find((p) => p === problem);
  // A wrong phone is the phone field's error, on the form it was typed in; anything else is about
  // the request as a whole and is said above the forms.
  const phoneError = known === "phone" ? t("pay.problems.phone") : undefined;
  const general = known && known !== "phone" && known !== "alreadyPaid" ? t(`pay.problems.${known}`) : undefined;
  const here = `/${locale}/services/${service.slug[locale]}`;
  return (
    <section id="pay" aria-labelledby="pay-title" className="mt-4 border-4 border-brand p-4">
      <h3 id="pay-title" className="text-xl font-bold">
        {t("pay.title")}
      </h3>
      <p className="mt-1">{t("pay.intro")}</p>
      {general ? (
        <p role="alert" className="mt-3 border-l-4 border-red-700 bg-red-50 p-3 font-semibold">
          {general}
        </p>
      ) : null}
      {!signedIn ? (
        <p className="mt-3">
          {t("pay.signInFirst")}{" "}
          <a href={`/${locale}/sign-in?return=${encodeURIComponent(here)}`} className="font-bold">
            {t("pay.signIn")}
          </a>
        </p>
      ) : (
        fees.map((fee) => {
          const message = phoneError && (problemFee === undefined || problemFee === fee.position) ? phoneError : undefined;
          return (
            <form key={fee.position} action={action} className="mt-4 space-y-3 border-t border-gray-400 pt-3">
              <input type="hidden" name="locale" value={locale} />
              <input type="hidden" name="serviceId" value={service.id} />
              <input type="hidden" name="fee" value={fee.position} />
              <p>
                <span className="font-semibold">{t("pay.fee")}:</span> {fee.label[locale]},{" "}
                <span className="whitespace-nowrap font-bold">{formatAmount(locale, fee.amount, fee.currency)}</span>
              </p>
              {paid.get(fee.position) ? (
                <div
                  role={known === "alreadyPaid" ? "alert" : undefined}
                  className="border-l-4 border-yellow-600 bg-yellow-50 p-3"
                  data-testid="paid-before"
                >
                  {known === "alreadyPaid" && problemFee === fee.position ? (
                    <p className="font-bold">{t("pay.problems.alreadyPaid")}</p>
                  ) : null}
                  <p className="font-semibold">
                    {t("pay.paidBefore", { date: formatDate(locale, paid.get(fee.position)!.paidAt ?? paid.get(fee.position)!.createdAt) })}
                  </p>
                  <p>
                    <a href={`/${locale}/payments/${paid.get(fee.position)!.id}/receipt`}>{t("pay.paidBeforeReceipt")}</a>
                  </p>
                  <p className="mt-1">{t("pay.payAgainIntro")}</p>
                  <input type="hidden" name="again" value="yes" />
                </div>
              ) : null}
              <div>
                <label htmlFor={`phone-${fee.position}`} className="block font-bold">
                  {t("pay.phone")}
                </label>
                <p id={`phone-${fee.position}-hint`} className="text-sm">
                  {t("pay.phoneHint")}
                </p>
                <FieldError field={`phone-${fee.position}`} message={message} />
                <input
                  id={`phone-${fee.position}`}
                  name="phone"
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  maxLength={20}
                  aria-invalid={message ? true : undefined}
                  aria-describedby={message ? `phone-${fee.position}-hint phone-${fee.position}-error` : `phone-${fee.position}-hint`}
                  className="mt-1 w-full max-w-xs border-2 border-ink p-2 text-lg"
                />
              </div>
              <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
                {paid.get(fee.position) ? t("pay.submitAgain") : t("pay.submit")}
              </button>
            </form>
          );
        })
      )}
    </section>
  );
}
