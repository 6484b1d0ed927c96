import { redirect } from "next/navigation";
import { localeFrom } from "@/lib/i18n/request";

type Props = { params: Promise<{ locale: string; reference: string }> };

/** The short link in a feedback SMS (dirisha.go.tz/sw/f/MRJ-…): on to its public status page. */
export default async function FeedbackShortLink({ params }: Props) {
  const { locale: segment, reference } = await params;
  const locale = localeFrom(segment);
  const clean = reference
    .toUpperCase()
    .replace(/[^A-Z0-9-]/g, "")
    .slice(0, 20);
  redirect(`/${locale}/feedback/status${clean ? `?reference=${encodeURIComponent(clean)}` : ""}`);
}
