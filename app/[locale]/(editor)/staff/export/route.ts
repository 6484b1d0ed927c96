import { NextResponse, type NextRequest } from "next/server";
import { findInstitutionBySlug } from "@/lib/catalogue/service";
import { toCsv } from "@/lib/editorial/bulk";
import { exportListings } from "@/lib/editorial/service";
import { currentStaffActor } from "@/lib/staff/auth";

/** An institution's published listings as a file (CSV or JSON); can.exportListings decides who may. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const slug = request.nextUrl.searchParams.get("institution") ?? "";
  const format = request.nextUrl.searchParams.get("format") === "json" ? "json" : "csv";
  const actor = await currentStaffActor();
  if (actor.kind !== "staff") return NextResponse.redirect(new URL(`/${locale === "en" ? "en" : "sw"}/staff/sign-in`, request.url), 303);
  const institution = await findInstitutionBySlug(slug.slice(0, 100));
  const documents = institution ? await exportListings(actor, institution.id) : null;
  if (!institution || !documents)
    return new NextResponse("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const day = new Date().toISOString().slice(0, 10);
  const body = format === "json" ? `${JSON.stringify(documents, null, 2)}\n` : toCsv(documents);
  return new NextResponse(body, {
    headers: {
      "Content-Type": format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="dirisha-${institution.slug}-${day}.${format}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
