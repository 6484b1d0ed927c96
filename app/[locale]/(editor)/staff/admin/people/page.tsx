import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { InviteForm, ResetForm } from "@/components/StaffAdminForms";
import { currentCatalogue } from "@/lib/catalogue/current";
import { localeFrom } from "@/lib/i18n/request";
import { formatDate, getT } from "@/lib/i18n/server";
import { listStaff } from "@/lib/staff/service";
import { requireStaff } from "@/lib/staff/auth";
import { problemMessage } from "@/lib/staff/pages";
import { setStaffDisabled, inviteStaff, resetStaff } from "./actions";
import { institutionLabel } from "@/lib/catalogue/format";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("people.title"), robots: { index: false } };
}

export default async function PeoplePage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/admin/people`);
  const t = getT(locale, "staff");
  const people = await listStaff(actor);
  if (!people) {
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("people.title")}</h1>
        <ProblemNotice title={t("errorSummary")} message={t("problems.forbidden")} />
      </>
    );
  }
  const catalogue = await currentCatalogue();
  const linkStrings = { linkLabel: t("people.linkLabel"), linkHint: t("people.linkHint") };
  const done = query.done === "disabled" || query.done === "enabled" ? t(`people.done.${query.done}`) : null;
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("people.title")}</h1>
      <ProblemNotice title={t("errorSummary")} message={problemMessage(t, query.problem, { section: "people", problems: ["self"] })} />
      {done ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {done}
        </p>
      ) : null}
      <section aria-labelledby="invite" className="mt-6 border-2 border-ink p-4">
        <h2 id="invite" className="text-2xl font-bold">
          {t("people.inviteTitle")}
        </h2>
        <InviteForm
          action={inviteStaff}
          locale={locale}
          roles={(["editor", "publisher", "admin"] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          institutions={catalogue.institutions.map((i) => ({
            value: i.slug,
            label: institutionLabel(i, locale),
          }))}
          strings={{
            title: t("people.inviteTitle"),
            email: t("people.email"),
            name: t("people.name"),
            role: t("people.role"),
            institution: t("people.institution"),
            institutionHint: t("people.institutionHint"),
            submit: t("people.invite"),
            errorSummary: t("errorSummary"),
            ...linkStrings,
          }}
        />
      </section>
      <h2 className="mt-8 text-2xl font-bold">{t("people.listTitle", { count: people.length })}</h2>
      <table className="mt-3 w-full border-collapse text-left">
        <thead>
          <tr className="border-b-2 border-ink">
            <th scope="col" className="py-2 pr-3">
              {t("people.name")}
            </th>
            <th scope="col" className="py-2 pr-3">
              {t("people.role")}
            </th>
            <th scope="col" className="py-2 pr-3">
              {t("people.state")}
            </th>
            <th scope="col" className="py-2">
              {t("people.actions")}
            </th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id} className="border-b border-gray-400 align-top">
              <td className="py-2 pr-3">
                {person.name}
                <br />
                <span className="text-sm">{person.email}</span>
              </td>
              <td className="py-2 pr-3">
                {t(`roles.${person.role}`)}
                {person.institutionSw ? (
                  <>
                    <br />
                    <span className="text-sm">{locale === "sw" ? person.institutionSw : person.institutionEn}</span>
                  </>
                ) : null}
              </td>
              <td className="py-2 pr-3">
                {person.disabledAt ? t("people.states.disabled") : person.enrolled ? t("people.states.active") : t("people.states.invited")}
                {person.lastSignInAt ? (
                  <>
                    <br />
                    <span className="text-sm">{t("people.lastSignIn", { date: formatDate(locale, person.lastSignInAt) })}</span>
                  </>
                ) : null}
              </td>
              <td className="space-y-2 py-2">
                <ResetForm
                  action={resetStaff}
                  locale={locale}
                  staffId={person.id}
                  strings={{ submit: t("people.reset"), ...linkStrings }}
                />
                {person.id !== actor.staffId ? (
                  <form action={setStaffDisabled}>
                    <input type="hidden" name="locale" value={locale} />
                    <input type="hidden" name="staffId" value={person.id} />
                    <input type="hidden" name="disable" value={person.disabledAt ? "no" : "yes"} />
                    <button type="submit" className="border-2 border-ink px-3 py-1 font-semibold">
                      {person.disabledAt ? t("people.enable") : t("people.disable")}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
