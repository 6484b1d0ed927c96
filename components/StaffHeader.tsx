import { otherLocale, type Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import type { StaffIdentity } from "@/lib/staff/auth";

/** `signOut`: the Server Action that ends the staff session (the layout's, so that components import no routes). */
type Props = { locale: Locale; path: string; search: string; member: StaffIdentity | null; signOut: (form: FormData) => Promise<void> };

/** The editorial area's header: where you are, who you are, the area's sections and the language switch. */
export function StaffHeader({ locale, path, search, member, signOut }: Props) {
  const t = getT(locale, "staff");
  const common = getT(locale);
  const other = otherLocale(locale);
  const links = member
    ? [
        { href: `/${locale}/staff`, label: t("nav.listings") },
        { href: `/${locale}/staff/review`, label: t("nav.review") },
        { href: `/${locale}/staff/reports`, label: t("nav.reports") },
        { href: `/${locale}/staff/import`, label: t("nav.import") },
        // can.viewApplications: publishers of the institution and administrators.
        ...(member.role === "editor" ? [] : [{ href: `/${locale}/staff/applications`, label: t("applications.nav") }]),
        ...(member.role === "admin"
          ? [
              { href: `/${locale}/staff/admin/people`, label: t("nav.people") },
              { href: `/${locale}/staff/admin/topics`, label: t("nav.topics") },
              { href: `/${locale}/staff/admin/most-used`, label: t("nav.mostUsed") },
              { href: `/${locale}/staff/admin/coverage`, label: t("nav.coverage") },
              { href: `/${locale}/staff/admin/payments`, label: t("nav.payments") },
              { href: `/${locale}/staff/admin/queue`, label: t("nav.queue") },
              { href: `/${locale}/staff/admin/audit`, label: t("nav.audit") },
            ]
          : []),
      ]
    : [];
  return (
    <header className="bg-ink text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
        <a href={`/${locale}/staff`} className="text-white no-underline visited:text-white hover:underline">
          <span className="block text-xl font-bold leading-tight">{common("siteName")}</span>
          <span className="block text-sm">{t("areaName")}</span>
        </a>
        {member ? (
          <nav aria-label={t("nav.label")}>
            <ul className="flex flex-wrap gap-x-4 gap-y-1">
              {links.map((link) => (
                <li key={link.href}>
                  <a href={link.href} className="font-semibold text-white underline visited:text-white">
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div className="flex items-center gap-4">
          {member ? (
            <>
              <span className="text-sm">
                {member.name} · {t(`roles.${member.role}`)}
              </span>
              <form action={signOut}>
                <input type="hidden" name="locale" value={locale} />
                <button type="submit" className="font-semibold text-white underline">
                  {t("signOut")}
                </button>
              </form>
            </>
          ) : null}
          <a
            href={`/${other}${path}${search}`}
            hrefLang={other}
            lang={other}
            className="inline-block rounded border-2 border-white px-3 py-1 font-semibold text-white visited:text-white"
          >
            <span className="sr-only" lang={locale}>
              {common("languageSwitch.switchTo")}:{" "}
            </span>
            {common("languageSwitch.otherName")}
          </a>
        </div>
      </div>
    </header>
  );
}
