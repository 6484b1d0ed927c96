import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";

export function Breadcrumbs({ locale, trail }: { locale: Locale; trail: { href: string; label: string }[] }) {
  const t = getT(locale);
  const items = [{ href: `/${locale}`, label: t("home") }, ...trail];
  return (
    <nav aria-label={t("breadcrumbs")} className="no-print mb-4 text-sm">
      <ol className="flex flex-wrap gap-x-2">
        {items.map((item, i) => (
          <li key={item.href} className="flex gap-x-2">
            {i > 0 ? <span aria-hidden="true">›</span> : null}
            <a href={item.href}>{item.label}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
