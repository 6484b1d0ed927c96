import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { cookieOptions, secureCookies } from "@/lib/http/cookies";
import { isLocale, localeCookie } from "@/lib/i18n/config";
import { negotiateLocale, pathAfterLocale } from "@/lib/i18n/negotiate";
import { renewedSession, sessionCookieName, sessionSubject } from "@/lib/identity/session-refresh";
import { ownsApplication } from "@/lib/applications/service";
import { ownsBill } from "@/lib/payments/service";
import { authSecret } from "@/lib/keys";
import { staffCookieName } from "@/lib/staff/cookie";
import { notFoundPath, resolveCatalogueRoute } from "@/lib/routing/catalogue-routes";

// Request headers through which the layout learns which page is shown (read in lib/i18n/request.ts).
const PATH_HEADER = "x-dirisha-path";
const SEARCH_HEADER = "x-dirisha-search";
const LOCALE_HEADER = "x-dirisha-locale";

const ONE_YEAR = 60 * 60 * 24 * 365;

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const first = pathname.split("/")[1];

  if (isLocale(first)) {
    const path = pathAfterLocale(pathname);
    const headers = new Headers(request.headers);
    // Overwritten on every request, so a visitor cannot inject their own value.
    headers.set(PATH_HEADER, path);
    headers.set(SEARCH_HEADER, search);
    headers.set(LOCALE_HEADER, first);
    const resolution = (await ownedElsewhere(request, path)) ? ({ kind: "missing" } as const) : await resolveCatalogueRoute(first, path);
    if (resolution.kind === "redirect") return NextResponse.redirect(new URL(`${resolution.path}${search}`, request.url), 307);
    const response =
      resolution.kind === "missing"
        ? NextResponse.rewrite(new URL(notFoundPath(first, path), request.url), { request: { headers } })
        : NextResponse.next({ request: { headers } });
    await renewSession(request, response);
    if (request.cookies.get(localeCookie)?.value !== first) {
      response.cookies.set(localeCookie, first, cookieOptions(ONE_YEAR));
    }
    return response;
  }

  // No language in the URL: send the visitor to the same page in the language they prefer.
  const locale = negotiateLocale(request.headers.get("accept-language"), request.cookies.get(localeCookie)?.value);
  const response = NextResponse.redirect(new URL(`/${locale}${pathname === "/" ? "" : pathname}${search}`, request.url), 307);
  response.headers.set("Vary", "Accept-Language, Cookie");
  response.headers.set("Cache-Control", "private, no-cache");
  return response;
}

/** A citizen's own records, by the address of their pages: an application, a bill (and its receipt). */
const OWNED_PATHS: { path: RegExp; owns: (citizenId: string, id: string) => Promise<boolean> }[] = [
  { path: /^\/applications\/([^/]+)(\/|$)/, owns: ownsApplication },
  { path: /^\/payments\/([^/]+)(\/|$)/, owns: ownsBill },
];

/**
 * A citizen's application and bill pages answer 404 for an id that is not the signed-in
 * citizen's, the same as for an unknown one, before the page renders (a page's own notFound()
 * reaches the browser as an empty shell). Not signed in: the page itself sends the visitor to
 * sign in.
 */
async function ownedElsewhere(request: NextRequest, path: string): Promise<boolean> {
  const owned = OWNED_PATHS.find((candidate) => candidate.path.test(path));
  const match = owned?.path.exec(path);
  if (!owned || !match) return false;
  const secure = secureCookies();
  const citizenId = await sessionSubject(request.cookies.get(sessionCookieName(secure))?.value, { secret: authSecret(), secure });
  if (!citizenId) return false;
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    return true;
  }
  return !(await owned.owns(citizenId, id).catch(() => false));
}

/**
 * Each page a signed-in citizen (or staff member) opens pushes the end of their session back: an
 * idle timeout. Staff sessions have their own cookie and a shorter timeout.
 */
async function renewSession(request: NextRequest, response: NextResponse): Promise<void> {
  const config = env();
  const secure = secureCookies(config.PORTAL_URL);
  const sessions = [
    { name: sessionCookieName(secure), maxAge: config.SESSION_IDLE_MINUTES * 60 },
    { name: staffCookieName(secure), maxAge: config.STAFF_SESSION_IDLE_MINUTES * 60 },
  ];
  for (const { name, maxAge } of sessions) {
    const renewed = await renewedSession(request.cookies.get(name)?.value, { secret: authSecret(), secure, maxAgeSeconds: maxAge });
    if (renewed) response.cookies.set(name, renewed, cookieOptions(maxAge));
  }
}

export const config = {
  // Every page, whatever its address looks like; not the API, Next's own files or the few files at the root.
  matcher: ["/((?!api/|_next/|enhance/|favicon\\.ico$|robots\\.txt$|sitemap\\.xml$).*)"],
};
