import type { CatalogueService } from "@/lib/catalogue/model";
import type { Locale } from "@/lib/i18n/config";

/** Services as links with their institution, and their summary unless `brief` (the A–Z index, kept small for 2G). */
export function ServiceList({
  locale,
  services,
  label,
  brief,
}: {
  locale: Locale;
  services: CatalogueService[];
  label?: string;
  brief?: boolean;
}) {
  return (
    <ul aria-label={label} className="mt-3 divide-y divide-gray-300 border-y border-gray-300">
      {services.map((service) => (
        <li key={service.id} className="py-3">
          <a href={`/${locale}/services/${service.slug[locale]}`} className="text-lg font-semibold">
            {service.name[locale]}
          </a>
          <p className="text-sm text-muted">{service.institution.acronym ?? service.institution.name[locale]}</p>
          {brief ? null : <p className="mt-1">{service.summary[locale]}</p>}
        </li>
      ))}
    </ul>
  );
}
