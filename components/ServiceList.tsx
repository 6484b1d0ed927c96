import type { ServiceSummary } from "@/lib/catalogue/queries";
import type { Locale } from "@/lib/i18n/config";

export function ServiceList({ locale, services }: { locale: Locale; services: ServiceSummary[] }) {
  return (
    <ul className="mt-3 divide-y divide-gray-300 border-y border-gray-300">
      {services.map((service) => (
        <li key={service.slug} className="py-3">
          <a href={`/${locale}/services/${service.slug}`} className="text-lg font-semibold">
            {service.name}
          </a>
          <p className="text-sm text-muted">{service.institution.acronym ?? service.institution.name}</p>
          <p className="mt-1">{service.summary}</p>
        </li>
      ))}
    </ul>
  );
}
