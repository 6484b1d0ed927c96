import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ServiceView } from "@/components/ServiceView";
import { findPublishedService } from "@/lib/catalogue/queries";
import { localeFrom } from "@/lib/i18n/request";

type Props = { params: Promise<{ locale: string; slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const service = await findPublishedService(localeFrom(locale), slug);
  return service ? { title: service.name, description: service.summary } : {};
}

export default async function ServicePage({ params }: Props) {
  const { locale: segment, slug } = await params;
  const locale = localeFrom(segment);
  const service = await findPublishedService(locale, slug);
  // The proxy already answered 404 for a missing listing; this covers one withdrawn meanwhile.
  if (!service) notFound();
  return <ServiceView locale={locale} service={service} />;
}
