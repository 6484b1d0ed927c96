import { NextResponse, type NextRequest } from "next/server";
import { exportedForm } from "@/lib/applications/forms";
import { formVersion } from "@/lib/applications/staff-service";
import { listingWithHistory } from "@/lib/editorial/service";
import { currentStaffActor } from "@/lib/staff/auth";

const notFound = () => new NextResponse("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * One version of a listing's application form as a JSON file (?version=<id>), in the shape the
 * form page imports. can.viewListings decides who may: a version of another institution's listing,
 * or of another listing than the address names, is not found.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ locale: string; serviceId: string }> }) {
  const { locale, serviceId } = await params;
  const actor = await currentStaffActor();
  if (actor.kind !== "staff") return NextResponse.redirect(new URL(`/${locale === "en" ? "en" : "sw"}/staff/sign-in`, request.url), 303);
  const version = await formVersion(actor, (request.nextUrl.searchParams.get("version") ?? "").slice(0, 40));
  if (!version || version.serviceId !== serviceId) return notFound();
  const listing = await listingWithHistory(actor, version.serviceId);
  if (!listing) return notFound();
  const { service } = listing;
  const body = `${JSON.stringify(exportedForm(version, { id: service.id, nameEn: service.nameEn }), null, 2)}\n`;
  return new NextResponse(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="dirisha-form-${service.slugEn}-v${version.number}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
