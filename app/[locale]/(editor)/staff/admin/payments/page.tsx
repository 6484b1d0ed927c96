import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { formatDate } from "@/lib/i18n/server";
import { formatMinor } from "@/lib/payments/money";
import { paymentOperations } from "@/lib/payments/service";
import { reconciliationDays } from "@/lib/payments/reconciliation";
import { requireStaff } from "@/lib/staff/auth";
import { problemMessage } from "@/lib/staff/pages";
import { applyUnmatchedPayment, requestReconciliation, markRefundDue } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("payments.title"), robots: { index: false } };
}

const dones = ["requested", "refused", "unavailable"] as const;
const settleProblems = [
  "forbidden",
  "notFound",
  "notOpen",
  "billNotFound",
  "currency",
  "billClosed",
  "billPaid",
  "reason",
  "controlCharacters",
  "failed",
] as const;
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

/** Payment operations for administrators: what needs a look, what gave up, and reconciliation. */
export default async function PaymentOperationsPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/admin/payments`);
  const t = getT(locale, "staff");
  const view = await paymentOperations(actor);
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
      <ProblemNotice
        title={t("errorSummary")}
        message={query.problem === "day" ? t("payments.dayProblem") : problemMessage(t, query.problem)}
      />
      {done ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {t(`payments.done.${done}`, { n: typeof query.n === "string" ? query.n : "0" })}
        </p>
      ) : null}
      {query.done === "applied" || query.done === "refund_due" ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {query.done === "applied"
            ? t("payments.unmatched.done.applied", { receipt: one(query.receipt) })
            : t("payments.unmatched.done.refund_due")}
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

      <h2 id="unmatched" className="mt-8 text-2xl font-bold">
        {t("payments.unmatched.title", { count: view.unmatched.filter((u) => u.unmatched.state === "open").length })}
      </h2>
      <p className="mt-1">{t("payments.unmatched.intro")}</p>
      {view.unmatched.length === 0 ? <p className="mt-2">{t("payments.unmatched.none")}</p> : null}
      <ul className="mt-2 space-y-4">
        {view.unmatched.map(({ unmatched: u, bill }) => {
          const problem = one(query.unmatched) === u.id ? settleProblems.find((p) => p === query.problem) : undefined;
          return (
            <li key={u.id} id={`u-${u.id}`} className="border-2 border-ink p-3" data-testid="unmatched-payment">
              <p className="font-bold">
                {u.currency} {formatMinor(u.paidMinor)} · {t(`payments.unmatched.state.${u.state}`)}
              </p>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="font-semibold">{t("payments.unmatched.disagrees")}</dt>
                <dd>
                  <ul className="list-disc pl-5 font-semibold text-red-700">
                    {u.mismatches.map((m) => (
                      <li key={m}>{t(`payments.unmatched.mismatches.${m}`)}</li>
                    ))}
                  </ul>
                </dd>
                <dt className="font-semibold">{t("payments.unmatched.billNamed")}</dt>
                <dd className="font-mono">{u.gepgBillId}</dd>
                <dt className="font-semibold">{t("payments.unmatched.billHere")}</dt>
                <dd>
                  {bill
                    ? `${bill.currency} ${formatMinor(bill.amountMinor)} · ${t(`payments.states.${bill.state}`)}${bill.controlNumber ? ` · ${bill.controlNumber}` : ""}`
                    : t("payments.unmatched.unknownBill")}
                </dd>
                <dt className="font-semibold">{t("payments.unmatched.controlNumber")}</dt>
                <dd className="font-mono">{u.controlNumber}</dd>
                <dt className="font-semibold">{t("payments.unmatched.trx")}</dt>
                <dd className="font-mono">
                  {u.trxId} · {u.payRefId}
                </dd>
                <dt className="font-semibold">{t("payments.unmatched.paidAt")}</dt>
                <dd>
                  {formatDate(locale, u.paidAt)} · {t("payments.unmatched.channel")} {u.pspName ?? u.pspCode}
                  {u.pspReceipt ? ` (${u.pspReceipt})` : ""} · {t(`payments.unmatched.source.${u.source}`)}
                </dd>
                {u.resolvedAt ? (
                  <>
                    <dt className="font-semibold">{t(`payments.unmatched.state.${u.state}`)}</dt>
                    <dd>{t("payments.unmatched.resolved", { when: formatDate(locale, u.resolvedAt), what: u.resolution ?? "" })}</dd>
                  </>
                ) : null}
              </dl>
              {problem ? (
                <p role="alert" className="mt-2 border-l-4 border-red-700 p-2 font-semibold">
                  {problem === "forbidden" || problem === "failed" || problem === "controlCharacters"
                    ? t(`problems.${problem}`)
                    : t(`payments.unmatched.problems.${problem}`)}
                </p>
              ) : null}
              {u.state === "open" ? (
                <div className="mt-3 grid gap-4 md:grid-cols-2">
                  <form action={applyUnmatchedPayment} className="border-t border-gray-400 pt-2">
                    <input type="hidden" name="locale" value={locale} />
                    <input type="hidden" name="id" value={u.id} />
                    <h3 className="font-bold">{t("payments.unmatched.applyTitle")}</h3>
                    <label htmlFor={`bill-${u.id}`} className="mt-1 block font-semibold">
                      {t("payments.unmatched.applyBill")}
                    </label>
                    <p id={`bill-hint-${u.id}`} className="text-sm">
                      {t("payments.unmatched.applyBillHint")}
                    </p>
                    <input
                      id={`bill-${u.id}`}
                      name="bill"
                      required
                      maxLength={40}
                      aria-describedby={`bill-hint-${u.id}`}
                      defaultValue={problem ? one(query.bill) : (bill?.controlNumber ?? (bill ? u.gepgBillId : ""))}
                      className="mt-1 w-full border-2 border-ink p-2 font-mono"
                    />
                    <label htmlFor={`note-${u.id}`} className="mt-2 block font-semibold">
                      {t("payments.unmatched.applyNote")}
                    </label>
                    <input id={`note-${u.id}`} name="note" maxLength={500} className="mt-1 w-full border-2 border-ink p-2" />
                    <button type="submit" className="mt-2 bg-brand px-4 py-2 font-bold text-white hover:bg-brand-dark">
                      {t("payments.unmatched.apply")}
                    </button>
                  </form>
                  <form action={markRefundDue} className="border-t border-gray-400 pt-2">
                    <input type="hidden" name="locale" value={locale} />
                    <input type="hidden" name="id" value={u.id} />
                    <h3 className="font-bold">{t("payments.unmatched.refundTitle")}</h3>
                    <label htmlFor={`reason-${u.id}`} className="mt-1 block font-semibold">
                      {t("payments.unmatched.refundReason")}
                    </label>
                    <textarea
                      id={`reason-${u.id}`}
                      name="reason"
                      required
                      minLength={5}
                      maxLength={500}
                      rows={2}
                      className="mt-1 w-full border-2 border-ink p-2"
                    />
                    <button type="submit" className="mt-2 border-2 border-ink px-4 py-2 font-bold">
                      {t("payments.unmatched.refund")}
                    </button>
                  </form>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>

      <h2 className="mt-8 text-2xl font-bold">{t("payments.attention")}</h2>
      {view.attention.length === 0 ? <p className="mt-2">{t("payments.none")}</p> : null}
      <ul className="mt-2 space-y-2">
        {view.attention.map((bill) => (
          <li key={bill.id} className="border-b border-gray-400 pb-2">
            <span className="font-mono">{bill.billId}</span> · {t(`payments.states.${bill.state}`)} · {bill.currency}{" "}
            {formatMinor(bill.amountMinor)} · {t("payments.deliveries", { n: bill.deliveries })}
            {bill.statusCode ? ` · ${t("payments.code", { code: bill.statusCode })}` : ""}
            {bill.lastError ? <span className="block text-sm">{bill.lastError}</span> : null}
          </li>
        ))}
      </ul>

      <h2 className="mt-8 text-2xl font-bold">{t("payments.dead", { count: view.dead.length })}</h2>
      <p className="mt-1">{t("payments.deadIntro")}</p>
      {view.dead.length ? (
        <p className="mt-2">
          <a href={`/${locale}/staff/admin/queue#kind-bill`} className="font-bold underline">
            {t("payments.redrive")}
          </a>
        </p>
      ) : null}

      <h2 className="mt-8 text-2xl font-bold">{t("payments.reconciliation")}</h2>
      <form action={requestReconciliation} className="mt-2 flex flex-wrap items-end gap-3">
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
            <th scope="col" className="py-2 pr-3">
              {t("payments.day")}
            </th>
            <th scope="col" className="py-2 pr-3">
              {t("dashboard.columns.status")}
            </th>
            <th scope="col" className="py-2 pr-3">
              {t("payments.matched")}
            </th>
            <th scope="col" className="py-2">
              {t("payments.differences")}
            </th>
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
