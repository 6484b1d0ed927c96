import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { databaseHandle } from "@/db";
import { jobQueue } from "@/lib/jobs/queue";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { formatMinor } from "@/lib/payments/money";
import { paymentOperations } from "@/lib/payments/operations";
import { reconciliationDays } from "@/lib/payments/reconciliation";
import { requireStaff } from "@/lib/staff/pages";
import { reconcileAction, redriveAction } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("payments.title"), robots: { index: false } };
}

const dones = ["requested", "refused", "unavailable", "redriven"] as const;

/** Payment operations for administrators: what needs a look, what gave up, and reconciliation. */
export default async function PaymentOperationsPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/admin/payments`);
  const t = getT(locale, "staff");
  const handle = await databaseHandle();
  const view = await paymentOperations(handle.db, await jobQueue(handle), actor);
  if (!view) {
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("payments.title")}</h1>
        <ProblemNotice title={t("errorSummary")} message={t("problems.forbidden")} />
      </>
    );
  }
  const done = dones.find((d) => d === query.done);
  const { yesterday, today } = reconciliationDays();
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("payments.title")}</h1>
      <ProblemNotice title={t("errorSummary")} message={query.problem === "day" ? t("payments.dayProblem") : query.problem === "forbidden" ? t("problems.forbidden") : null} />
      {done ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {t(`payments.done.${done}`, { n: typeof query.n === "string" ? query.n : "0" })}
        </p>
      ) : null}
      <ul className="mt-4 flex flex-wrap gap-3">
        {view.counts.map((c) => (
          <li key={c.state} className="border-2 border-ink p-3">
            <span className="block text-2xl font-bold">{c.n}</span>
            {t(`payments.states.${c.state}`)}
          </li>
        ))}
      </ul>

      <h2 className="mt-8 text-2xl font-bold">{t("payments.attention")}</h2>
      {view.attention.length === 0 ? <p className="mt-2">{t("payments.none")}</p> : null}
      <ul className="mt-2 space-y-2">
        {view.attention.map((bill) => (
          <li key={bill.id} className="border-b border-gray-400 pb-2">
            <span className="font-mono">{bill.billId}</span> · {t(`payments.states.${bill.state}`)} · {bill.currency} {formatMinor(bill.amountMinor)} · {t("payments.deliveries", { n: bill.deliveries })}
            {bill.statusCode ? ` · ${t("payments.code", { code: bill.statusCode })}` : ""}
            {bill.lastError ? <span className="block text-sm">{bill.lastError}</span> : null}
          </li>
        ))}
      </ul>

      <h2 className="mt-8 text-2xl font-bold">{t("payments.dead", { count: view.dead.length })}</h2>
      <p className="mt-1">{t("payments.deadIntro")}</p>
      {view.dead.length ? (
        <form action={redriveAction} className="mt-2">
          <input type="hidden" name="locale" value={locale} />
          <button type="submit" className="bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
            {t("payments.redrive")}
          </button>
        </form>
      ) : null}

      <h2 className="mt-8 text-2xl font-bold">{t("payments.reconciliation")}</h2>
      <form action={reconcileAction} className="mt-2 flex flex-wrap items-end gap-3">
        <input type="hidden" name="locale" value={locale} />
        <div>
          <label htmlFor="day" className="block font-bold">
            {t("payments.day")}
          </label>
          <input id="day" name="day" type="date" defaultValue={yesterday} max={today} className="mt-1 border-2 border-ink p-2" />
        </div>
        <button type="submit" className="border-2 border-ink px-4 py-2 font-bold">
          {t("payments.reconcile")}
        </button>
      </form>
      <table className="mt-4 w-full border-collapse text-left">
        <thead>
          <tr className="border-b-2 border-ink">
            <th scope="col" className="py-2 pr-3">{t("payments.day")}</th>
            <th scope="col" className="py-2 pr-3">{t("dashboard.columns.status")}</th>
            <th scope="col" className="py-2 pr-3">{t("payments.matched")}</th>
            <th scope="col" className="py-2">{t("payments.differences")}</th>
          </tr>
        </thead>
        <tbody>
          {view.runs.map((run) => (
            <tr key={run.id} className="border-b border-gray-400 align-top">
              <td className="py-2 pr-3">{run.day}</td>
              <td className="py-2 pr-3">{t(`payments.runStates.${run.state as "requested"}`)}</td>
              <td className="py-2 pr-3">{run.state === "answered" ? `${run.matched ?? 0} / ${run.gepgCount ?? 0}` : "—"}</td>
              <td className="py-2">
                {(run.differences ?? []).length === 0 ? (run.state === "answered" ? t("payments.noDifferences") : "") : null}
                <ul>
                  {(run.differences ?? []).map((d) => (
                    <li key={`${d.kind}-${d.trxId}`} className="font-semibold text-red-700">
                      {t(`payments.kinds.${d.kind}`)}: <span className="font-mono">{d.trxId}</span> ({d.detail})
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
