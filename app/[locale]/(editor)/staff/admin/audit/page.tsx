import type { Metadata } from "next";
import { ChangesTable } from "@/components/ChangesTable";
import { ProblemNotice } from "@/components/ProblemNotice";
import { InstitutionSelect } from "@/components/StaffPieces";
import { currentCatalogue } from "@/lib/catalogue/current";
import { diffDocuments, type ListingDocument } from "@/lib/editorial/document";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { AUDIT_PAGE } from "@/lib/staff/admin";
import { auditLog } from "@/lib/staff/service";
import { requireStaff } from "@/lib/staff/auth";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("audit.title"), robots: { index: false } };
}

const actions = ["", "listing.", "staff.", "report.", "import.", "payment.", "queue.", "most_used."] as const;
const asObject = (value: unknown): ListingDocument | null =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as ListingDocument) : null;
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

/** Every editorial change, newest first: who, when, what, and the record before and after. */
export default async function AuditPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/admin/audit`);
  const t = getT(locale, "staff");
  const catalogue = await currentCatalogue();
  const page = Math.max(1, Math.min(10_000, Number(one(query.page)) || 1));
  const action = actions.find((a) => a === one(query.action)) ?? "";
  const institution = catalogue.institutionBySlug.get(one(query.institution));
  const rows = await auditLog(actor, { action: action || undefined, institutionId: institution?.id, page });
  if (!rows) {
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("audit.title")}</h1>
        <ProblemNotice title={t("errorSummary")} message={t("problems.forbidden")} />
      </>
    );
  }
  const more = rows.length > AUDIT_PAGE;
  const pageLink = (n: number) => `?${new URLSearchParams({ action, institution: institution?.slug ?? "", page: String(n) })}`;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("audit.title")}</h1>
      <p className="mt-2">{t("audit.intro")}</p>
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="action" className="block font-bold">
            {t("audit.kind")}
          </label>
          <select id="action" name="action" defaultValue={action} className="mt-1 border-2 border-ink p-2">
            {actions.map((a) => (
              <option key={a} value={a}>
                {t(`audit.kinds.${a.replace(".", "") || "all"}` as "audit.kinds.all")}
              </option>
            ))}
          </select>
        </div>
        <InstitutionSelect
          locale={locale}
          options={catalogue.institutions}
          chosen={institution?.slug ?? ""}
          all={t("audit.allInstitutions")}
        />
        <button type="submit" className="border-2 border-ink px-4 py-2 font-bold">
          {t("dashboard.show")}
        </button>
      </form>
      <ol className="mt-6 space-y-4">
        {rows.slice(0, AUDIT_PAGE).map((row) => {
          const before = asObject(row.before);
          const after = asObject(row.after);
          const changes = after || before ? diffDocuments(before, after ?? {}) : [];
          return (
            <li key={row.id} className="border-b border-gray-400 pb-3">
              <p>
                <time dateTime={row.at.toISOString()} className="font-mono text-sm">
                  {row.at.toISOString().replace("T", " ").slice(0, 19)} UTC
                </time>{" "}
                ·{" "}
                <strong>
                  {t(`audit.actions.${row.action.replace(".", "__")}` as "audit.actions.listing__publish", { defaultValue: row.action })}
                </strong>{" "}
                <code className="text-sm">{row.action}</code> · {row.staffName ? `${row.staffName} <${row.staffEmail}>` : t("audit.system")}
                {row.institutionSw ? ` · ${locale === "sw" ? row.institutionSw : row.institutionEn}` : ""}
              </p>
              <p className="text-sm">
                {row.entity} {row.entityId}
              </p>
              {changes.length ? (
                <details className="mt-1">
                  <summary className="cursor-pointer font-semibold">{t("audit.showChanges", { count: changes.length })}</summary>
                  <ChangesTable locale={locale} changes={changes} />
                </details>
              ) : null}
            </li>
          );
        })}
      </ol>
      {rows.length === 0 ? <p className="mt-4">{t("audit.empty")}</p> : null}
      <nav aria-label={t("audit.pages")} className="mt-6 flex gap-4">
        {page > 1 ? <a href={pageLink(page - 1)}>← {t("audit.newer")}</a> : null}
        {more ? <a href={pageLink(page + 1)}>{t("audit.older")} →</a> : null}
      </nav>
    </>
  );
}
