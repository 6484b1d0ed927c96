import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { cookieOptions } from "@/lib/http/cookies";
import { isLocale } from "@/lib/i18n/config";
import { INVITATION_COOKIE } from "@/lib/staff/pages";

/**
 * The one-time link an administrator passes on. Its token moves at once into an HttpOnly cookie
 * and the browser goes on to an address without it, so that it stays out of the history, of
 * shared screens and of the Referer of anything the next page loads.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  const lang = isLocale(locale) ? locale : "sw";
  const response = NextResponse.redirect(new URL(`/${lang}/staff/invitation`, env().PORTAL_URL), 303);
  if (/^[A-Za-z0-9_-]{43}$/.test(token)) {
    response.cookies.set(INVITATION_COOKIE, token, cookieOptions(60 * 60));
  }
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}
